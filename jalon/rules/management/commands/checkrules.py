"""`jalon check`: the programme's own rules (DESIGN.md catalogue) on the stored programme."""

import json
import sys
from datetime import date
from itertools import groupby

from django.core.management.base import BaseCommand, CommandError

from jalon.core.rules import ERROR, RULES, WARNING, CheckError, CheckResult, check
from jalon.interchange.management.commands.export import find_programme
from jalon.interchange.store import load_for_check
from jalon.programmes.registry import load as load_registry
from jalon.translation.services import rule_findings


class Command(BaseCommand):
    help = (
        "Check the work programme against its own rules (footnotes 1-8) for a session. "
        "Exit status 0 without errors, 1 with errors, 2 on bad usage."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--lang", choices=["fr", "en"], default="en", help="text messages")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--session", metavar="ID", help="e.g. CTP-243-244 (default: latest)")
        group.add_argument("--as-of", metavar="YYYY-MM-DD", type=_date, help="check as on that day")
        parser.add_argument("--programme", metavar="BODY-START-END")

    def handle(self, *args, format, lang, session, as_of, programme, **options):
        try:
            document = load_for_check(find_programme(programme), session, as_of)
            result = check(document, session, as_of, load_registry())
            if result.session:  # rule `translation`: from the database's records
                add_findings(result, rule_findings(result.session))
        except CheckError as exc:
            raise CommandError(str(exc), returncode=2) from None
        if format == "json":
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        else:
            self.write_text(result, document, lang)
        if result.errors:
            sys.exit(1)

    def write_text(self, result: CheckResult, document, lang: str) -> None:
        titles = {(a.section, a.number): a.title for a in document.activities}
        style = {ERROR: self.style.ERROR, WARNING: self.style.WARNING}
        for key, findings in groupby(result.findings, key=lambda f: f.activity):
            findings = list(findings)
            title = titles.get(key, {})
            title = title.get(lang) or next(iter(title.values()), "")
            self.stdout.write(self.style.MIGRATE_HEADING(f"{findings[0].ref:<6} {title[:90]}"))
            for f in findings:
                message = f.fr if lang == "fr" else f.en
                severity = style.get(f.severity, str)(f"{f.severity:<8}")
                self.stdout.write(f"  {severity} {f.rule:<19} {message}")
        summary = result.summary()
        counts = ", ".join(
            f"{n} {s}{'s' if n > 1 else ''}" for s, n in summary["by_severity"].items()
        )
        share = summary["linked_share"]
        self.stdout.write(
            f"\nSession {result.session or '—'} (as of {result.as_of or '—'}): "
            f"{counts or 'no findings'}; "
            f"{summary['linked']}/{summary['activities']} activities linked to the Strategic Plan"
            + (f" ({share:.1%})" if share is not None else "")
        )


def add_findings(result: CheckResult, findings) -> None:
    """Other findings into the checker's result, kept in its order (activity, rule)."""
    order = {rule: index for index, rule in enumerate(RULES)}
    result.findings += findings
    result.findings.sort(key=lambda f: (
        (0 if f.activity[0] == "time_bound" else 1, f.activity[1]) if f.activity else (9, 0),
        order.get(f.rule, len(RULES)),
    ))  # fmt: skip


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        from argparse import ArgumentTypeError

        raise ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None
