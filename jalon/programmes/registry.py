"""The body registry and the meeting calendars: the seed, and the core's view of the database.

`seed` is called by data migrations (with the historical models), so a later change to
the seed ships as a new migration calling it again; it sets only the fields the
historical model has. `load` builds the core's `Registry` from the database: the bodies of
the registry (an unregistered body an import named is not one) and their meetings.
"""

from dataclasses import dataclass

from jalon.core.bodies import BODIES, BodyInfo
from jalon.core.calendar import MEETINGS, Registry
from jalon.core.vocabulary import STRATEGIC_CODES, STRATEGIC_PLAN


def body_fields(info: BodyInfo) -> dict:
    """A seed body's fields as the model stores them."""
    return {
        "acronym_fr": info.acronym_fr,
        "acronym_en": info.acronym_en,
        "name_fr": info.name_fr,
        "name_en": info.name_en,
        "aliases": list(info.aliases),
        "registered": True,
        "numbers_per_meeting": info.numbers_per_meeting,
        "languages": list(info.languages),
        "rule_base_year": info.rule.base_year if info.rule else None,
        "rule_base_number": info.rule.base_number if info.rule else None,
        "rule_slots": [list(slot) for slot in info.rule.slots] if info.rule else [],
    }


def seed(apps, schema_editor=None) -> None:
    Body = apps.get_model("programmes", "Body")
    StrategicCode = apps.get_model("programmes", "StrategicCode")
    fields = {f.name for f in Body._meta.get_fields()}
    for info in BODIES:
        values = body_fields(info)
        Body.objects.update_or_create(
            code=info.code, defaults={k: v for k, v in values.items() if k in fields}
        )
    for code, (kind, label_fr, label_en) in STRATEGIC_CODES.items():
        StrategicCode.objects.update_or_create(
            plan=STRATEGIC_PLAN,
            code=code,
            defaults={"kind": kind, "label_fr": label_fr, "label_en": label_en},
        )
    try:
        Meeting = apps.get_model("programmes", "Meeting")
    except LookupError:
        return  # a migration before meetings were records
    bodies = {body.code: body for body in Body.objects.all()}
    for record in MEETINGS:
        Meeting.objects.update_or_create(
            body=bodies[record.body],
            start=record.start,
            defaults={"numbers": list(record.numbers), "end": record.end},
        )


def load() -> Registry:
    """The registry as the database holds it (two queries)."""
    from jalon.programmes.models import Body, Meeting

    bodies = [body.info() for body in Body.objects.filter(registered=True)]
    meetings = [
        meeting.record(meeting.body.code)
        for meeting in Meeting.objects.select_related("body").order_by("start")
    ]
    return Registry(bodies, meetings)


@dataclass(frozen=True)
class FoundBody:
    """The body an imported document names, as its preview shows it."""

    code: str
    name: str
    known: bool  # False: the import would create it


def found_body(code: str, name_in_document: str = "", lang: str = "fr") -> FoundBody:
    from jalon.programmes.models import Body

    body = Body.objects.filter(code=code).first()
    if body is None:
        return FoundBody(code, name_in_document, False)
    names = (body.name_en, body.name_fr) if lang == "en" else (body.name_fr, body.name_en)
    return FoundBody(code, next((n for n in names if n), name_in_document), True)
