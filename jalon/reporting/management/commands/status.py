from django.core.management.base import BaseCommand

from jalon.reporting.choices import ExecutionLevel, Keyword
from jalon.reporting.management.commands._common import add_user_argument, find_user, usage_errors
from jalon.reporting.services import (
    UNSET,
    find_activity,
    find_session,
    programme_of,
    set_status,
)


class Command(BaseCommand):
    help = "Record an activity's status for a session: jalon status set I.8 --session CTP-245-246 …"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        setting = actions.add_parser("set", help="update one status")
        setting.add_argument("activity", help="I.8 (section I, number 8) or II.20")
        setting.add_argument("--session", required=True, metavar="ID")
        setting.add_argument("--keyword", choices=[*Keyword.values, "none"])
        setting.add_argument("--level", choices=[*ExecutionLevel.values, "none"])
        setting.add_argument("--text", help="the status text (replaces the previous one)")
        setting.add_argument(
            "--lang", choices=["fr", "en"], default="fr", help="language of --text"
        )
        setting.add_argument(
            "--version", type=int, help="the version your edit is based on (refused if stale)"
        )
        add_user_argument(setting)

    def handle(self, *args, action, activity, session, keyword, level, text, lang, version,
               user, **options):  # fmt: skip
        with usage_errors():
            found_session = find_session(session)
            found_activity = find_activity(activity, programme_of(found_session))
            report = set_status(
                found_activity,
                found_session,
                keyword=_choice(keyword),
                execution_level=_choice(level),
                text=text,
                lang=lang,
                expected_version=version,
                user=find_user(user),
            )
        self.stdout.write(
            f"{found_activity.ref} @ {found_session.code}: keyword {report.keyword or '—'}, "
            f"level {report.execution_level or '—'} (version {report.version})"
        )


def _choice(value):
    if value is None:
        return UNSET
    return None if value == "none" else value
