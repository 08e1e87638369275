import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jalon.programmes.models import CodeMapping, StrategicCode


class Command(BaseCommand):
    help = (
        "Load a Strategic Plan edition's codes (labels in French and English) and how the "
        "previous edition's codes map onto them, from a JSON file (see README)."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        loading = actions.add_parser("load", help="load FILE.json (one transaction)")
        loading.add_argument("file", type=Path)

    def handle(self, *args, action, file, **options):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            plan = data["plan"]
            with transaction.atomic():
                for item in data["codes"]:
                    StrategicCode.objects.update_or_create(
                        plan=plan,
                        code=item["code"],
                        defaults={
                            "kind": item["kind"],
                            "label_fr": item["label_fr"],
                            "label_en": item["label_en"],
                        },  # fmt: skip
                    )
                mapping = data.get("mapping", {})
                earlier = mapping.get("from")
                pairs = 0
                for old, new in mapping.get("codes", {}).items():
                    source = StrategicCode.objects.filter(plan=earlier, code=old).first()
                    if source is None:
                        raise CommandError(f"{file}: mapping.codes.{old}: no code {old} in plan "
                                           f"{earlier}", returncode=2)  # fmt: skip
                    for code in new:
                        target = StrategicCode.objects.filter(plan=plan, code=code).first()
                        if target is None:
                            raise CommandError(f"{file}: mapping.codes.{old}: no code {code} "
                                               f"in plan {plan}", returncode=2)  # fmt: skip
                        CodeMapping.objects.get_or_create(source=source, target=target)
                        pairs += 1
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CommandError(f"{file}: {exc!r}", returncode=2) from None
        self.stdout.write(f"{file}: plan {plan}: {len(data['codes'])} codes, {pairs} mappings")
