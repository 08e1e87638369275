from django.core.management.base import BaseCommand, CommandError

from jalon.reporting.management.commands._common import (
    add_user_argument,
    find_user,
    iso_date,
    usage_errors,
)
from jalon.reporting.models import Session
from jalon.reporting.services import find_session, freeze_session, open_session


class Command(BaseCommand):
    help = "Reporting rounds: open a session (carrying statuses forward), freeze, unfreeze, list."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        opening = actions.add_parser("open", help="open a round, e.g. CTP-245-246")
        opening.add_argument("id")
        opening.add_argument("--start", type=iso_date, help="first day (default: the calendar's)")
        opening.add_argument("--end", type=iso_date, help="last day")
        add_user_argument(opening)
        freezing = actions.add_parser("freeze", help="make the round a record")
        freezing.add_argument("id")
        add_user_argument(freezing)
        unfreezing = actions.add_parser("unfreeze", help="reopen a record (administrators)")
        unfreezing.add_argument("id")
        unfreezing.add_argument("--reason", required=True, help="why; recorded")
        add_user_argument(unfreezing, required=True)
        actions.add_parser("list", help="every session, oldest first")

    def handle(self, *args, action, **options):
        with usage_errors():
            getattr(self, action)(**options)

    def open(self, id, start, end, user, **options):
        opened = open_session(id, start, end, user=find_user(user))
        session = opened.session
        self.stdout.write(
            f"Opened {session.code} ({session.start}"
            + (f" to {session.end}" if session.end else "")
            + f"): {opened.carried} statuses carried forward as drafts, "
            f"{opened.empty} activities without a previous status."
        )

    def freeze(self, id, user, **options):
        session = find_session(id)
        count = freeze_session(session, user=find_user(user))
        self.stdout.write(f"Froze {session.code}: its {count} statuses are now a record.")

    def unfreeze(self, id, reason, user, **options):
        if not user:
            raise CommandError("--user is required: only an administrator can unfreeze")
        session = find_session(id)
        session.unfreeze(find_user(user), reason)
        self.stdout.write(f"Unfroze {session.code} (reason recorded: {reason}).")

    def list(self, **options):
        sessions = sorted(Session.objects.select_related("body"), key=Session.chronological_key)
        if not sessions:
            self.stdout.write("No sessions yet.")
        for session in sessions:
            dates = f"{session.start or '?'}" + (f" – {session.end}" if session.end else "")
            count = session.status_reports.count()
            state = "frozen" if session.frozen else "open"
            self.stdout.write(f"{session.code:<14} {dates:<25} {state:<7} {count} statuses")
