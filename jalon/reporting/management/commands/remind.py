"""jalon remind: e-mail each officer the statuses still waiting for them, and each
coordinator a digest, when a round's documents are due within N days. Idempotent per
day: run it from cron as often as you like."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jalon.reporting.reminders import remind


class Command(BaseCommand):
    help = "Send the reminder e-mails of the open rounds whose documents are due soon."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=7, help="remind this many days before they are due (7)"
        )
        parser.add_argument("--today", help="the day to act as (YYYY-MM-DD); default: today")

    def handle(self, *args, days, today, **options):
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today {today!r} is not a date (YYYY-MM-DD)") from None
        if days < 0:
            raise CommandError("--days must be 0 or more")
        sent = remind(day, days)
        self.stdout.write(f"{sent.reminders} reminder(s) and {sent.digests} digest(s) sent; "
                          f"{sent.already} already sent today.")  # fmt: skip
