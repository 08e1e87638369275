"""Seed the body registry and the strategic-plan codes from the pure core.

Called by data migrations (with the historical models), so a later change to the
registry ships as a new migration calling `seed` again.
"""

from jalon.core.bodies import BODIES
from jalon.core.vocabulary import STRATEGIC_CODES, STRATEGIC_PLAN


def seed(apps, schema_editor=None) -> None:
    Body = apps.get_model("programmes", "Body")
    StrategicCode = apps.get_model("programmes", "StrategicCode")
    for info in BODIES:
        Body.objects.update_or_create(
            code=info.code,
            defaults={
                "acronym_fr": info.acronym_fr,
                "acronym_en": info.acronym_en,
                "name_fr": info.name_fr,
                "name_en": info.name_en,
                "aliases": list(info.aliases),
                "registered": True,
            },
        )
    for code, (kind, label_fr, label_en) in STRATEGIC_CODES.items():
        StrategicCode.objects.update_or_create(
            plan=STRATEGIC_PLAN,
            code=code,
            defaults={"kind": kind, "label_fr": label_fr, "label_en": label_en},
        )
