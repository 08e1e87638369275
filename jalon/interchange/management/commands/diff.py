import json

from django.core.management.base import BaseCommand

from jalon.core.diff import diff
from jalon.interchange.store import load
from jalon.reporting.management.commands._common import usage_errors
from jalon.reporting.services import find_session, programme_of


class Command(BaseCommand):
    help = "What changed between two sessions: statuses, newly completed, newly overdue."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="from_id", required=True, metavar="ID")
        parser.add_argument("--to", dest="to_id", required=True, metavar="ID")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, from_id, to_id, format, **options):
        with usage_errors():
            before, after = find_session(from_id), find_session(to_id)
            document = load(programme_of(after), sessions=[before.code, after.code])
        result = diff(document, before.code, after.code)
        if format == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        titles = {(a.section, a.number): a for a in document.activities}
        refs = {
            name: ", ".join(titles[(k["section"], k["number"])].ref for k in result[name]) or "—"
            for name in ("completed", "newly_overdue", "added", "removed")
        }
        self.stdout.write(
            f"{before.code} → {after.code}: {len(result['changes'])} status(es) changed; "
            f"newly completed: {refs['completed']}; newly overdue: {refs['newly_overdue']}; "
            f"added: {refs['added']}; removed: {refs['removed']}"
        )
        for change in result["changes"]:
            activity = titles[(change["activity"]["section"], change["activity"]["number"])]
            title = next(iter(activity.title.values()), "")
            self.stdout.write(self.style.MIGRATE_HEADING(f"{activity.ref:<6} {title[:90]}"))
            for field in change["fields"]:
                old, new = change["from"][field], change["to"][field]
                if field == "text":
                    langs = sorted(set(old) | set(new))
                    changed = [lang for lang in langs if old.get(lang) != new.get(lang)]
                    self.stdout.write(f"  text changed ({', '.join(changed)})")
                else:
                    self.stdout.write(f"  {field.replace('_', ' ')}: {old or '—'} → {new or '—'}")
