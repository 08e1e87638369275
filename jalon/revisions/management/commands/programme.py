from django.core.management.base import BaseCommand, CommandError

from jalon.programmes.models import Programme
from jalon.reporting.services import ReportingError, find_activity
from jalon.revisions.services import RevisionError, carried_by_default, start_next_programme


class Command(BaseCommand):
    help = "Programmes: start the next one from the previous (carried activities, mapped codes)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        new = actions.add_parser("new", help="e.g. new CTP-2025-2028 --from CTP-2022-2025")
        new.add_argument("id", metavar="BODY-START-END")
        new.add_argument("--from", dest="previous", required=True, metavar="BODY-START-END")
        new.add_argument("--plan", required=True, help="the new Strategic Plan edition")
        new.add_argument(
            "--carry",
            action="append",
            default=None,
            metavar="REF",
            help="carry only these (repeat); default: not completed, not withdrawn",
        )
        new.add_argument("--drop", action="append", default=[], metavar="REF",
                         help="leave this one behind (repeat)")  # fmt: skip

    def handle(self, *args, action, id, previous, plan, carry, drop, **options):
        try:
            old = Programme.objects.find(previous)
            body, start, end = id.rsplit("-", 2)
            period = (int(start), int(end))
        except ValueError:
            raise CommandError(f"write BODY-START-END, e.g. CTP-2025-2028: {id!r}", 2) from None
        if old is None:
            raise CommandError(f"no programme {previous}", returncode=2)
        if body != old.body.code or Programme.objects.find(id):
            raise CommandError(f"{id}: not a new programme of {old.body.code}", returncode=2)
        try:
            chosen = ([find_activity(ref, old) for ref in carry] if carry
                      else carried_by_default(old))  # fmt: skip
            dropped = {find_activity(ref, old).pk for ref in drop}
            chosen = [a for a in chosen if a.pk not in dropped]
            programme = start_next_programme(old, period, plan, chosen)
        except (RevisionError, ReportingError) as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(
            f"{id}: {programme.activities.count()} activities carried over from {previous} "
            f"(plan {plan})"
        )
