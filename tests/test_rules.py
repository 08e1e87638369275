"""The rule catalogue: each rule fails when broken and passes when it holds; the findings
on the real document are pinned, so any change in them is deliberate."""

import copy
import json
from collections import defaultdict
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jalon.core.programme import (
    ActivityData,
    ProgrammeData,
    ProgrammeDocument,
    SessionData,
    StatusReportData,
)
from jalon.core.rules import RULES, CheckError, check
from tests.conftest import activity

SESSION = SessionData("CTP-247-248", "CTP", [247, 248], date(2025, 5, 5), date(2025, 5, 8))


def good_activity(number=1, section="time_bound", **changes) -> ActivityData:
    """An activity that breaks no rule; `changes` break one."""
    permanent = section == "permanent"
    values = dict(
        section=section,
        number=number,
        priority="A",
        strategic_link=True,
        title={"fr": f"Activité {section} {number}"},
        strategic_codes=["PS1"],
        task_type="development",
        task_type_raw="Développement",
        responsible_bodies=["CTP", "CONSEIL"],
        responsible_raw="CTP, Conseil",
        deadline={"fr": "Travail continu" if permanent else "Printemps 2026 (CTP)"},
        status_reports=[
            StatusReportData(
                "CTP-247-248",
                keyword="in_progress",
                text={"fr": "En cours. Un projet a été présenté en octobre 2024. Il sera adopté."},
                execution_level=None if permanent else "blue",
            )
        ],
    )
    values.update(changes)
    return ActivityData(**values)


def findings(*activities, session=SESSION, **options):
    document = ProgrammeDocument(
        ProgrammeData("CTP", {"fr": "Programme 2022-2025"}, (2022, 2025)),
        [session] if session else [],
        list(activities),
    )
    return [(f.rule, f.severity, f.ref) for f in check(document, **options).findings]


def report(**changes):
    values = dict(
        session="CTP-247-248",
        keyword="in_progress",
        text={"fr": "En cours. Présenté en octobre 2024. Il sera adopté."},
        execution_level="blue",
    )
    values.update(changes)
    return [StatusReportData(**values)]


def test_a_programme_that_follows_every_rule_has_no_findings():
    assert findings(good_activity(1), good_activity(2), good_activity(1, "permanent")) == []


BROKEN = {
    "strategic-link": [
        (dict(strategic_link=False), "error"),
        (dict(strategic_link=None), "warning"),
    ],
    "priority": [(dict(priority=None), "error")],
    "strategic-code": [
        (dict(strategic_codes=["OS2"]), "warning"),
        (dict(strategic_codes=["SP9"]), "error"),
        (dict(strategic_codes=[]), "warning"),
    ],
    "task-type": [(dict(task_type=None, task_type_raw="Réflexion"), "error")],
    "responsible-body": [
        (dict(responsible_bodies=["CTP", "Groupe inconnu"]), "error"),
        (dict(responsible_bodies=[]), "error"),
    ],
    "status-keyword": [
        (
            dict(
                status_reports=report(
                    keyword=None, text={"fr": "Présenté en mai 2024; sera adopté."}
                )
            ),
            "warning",
        ),
        (dict(status_reports=[]), "error"),
    ],
    "status-milestones": [
        (dict(status_reports=report(text={"fr": "En cours. Il sera adopté."})), "warning")
    ],
    "status-next-steps": [
        (dict(status_reports=report(text={"fr": "En cours. Présenté en mai 2024."})), "warning")
    ],
    "execution-level": [
        (dict(status_reports=report(execution_level=None)), "warning"),
        (dict(status_reports=report(execution_level="green")), "error"),
    ],
    "overdue": [(dict(deadline={"fr": "Automne 2024 (CTP)"}), "error")],
    "deadline-format": [(dict(deadline={"fr": "Dès que possible"}), "warning")],
}


@pytest.mark.parametrize(
    "rule, changes, severity",
    [(rule, changes, severity) for rule, cases in BROKEN.items() for changes, severity in cases],
)
def test_each_rule_flags_the_activity_that_breaks_it(rule, changes, severity):
    assert findings(good_activity(1, **changes), good_activity(2)) == [(rule, severity, "I.1")]


def test_completed_activity_past_its_deadline_is_not_overdue():
    done = report(keyword="completed", execution_level="green", text={"fr": "Achevé en mai 2024."})
    late = {"fr": "Automne 2024 (CTP)"}
    assert findings(good_activity(1, deadline=late, status_reports=done)) == []


def test_permanent_deadline_must_be_ongoing_work():
    permanent = good_activity(1, "permanent", deadline={"fr": "Juin 2023"})
    assert findings(permanent) == [("permanent-deadline", "error", "II.1")]


def test_duplicate_titles_are_flagged_on_the_second():
    same = {"fr": "Adopter les rapports."}
    assert findings(
        good_activity(1, title=same), good_activity(2, title={"fr": "adopter les rapports"})
    ) == [("duplicate-title", "error", "I.2")]


def test_numbering_gaps_are_flagged():
    assert findings(good_activity(1), good_activity(4)) == [("numbering", "error", "I.4")]


def test_overdue_as_of_a_date_and_without_any_session():
    late = good_activity(1, deadline={"fr": "Juin 2024"})
    assert findings(late, session=None) == []  # no session: no statuses to judge
    assert ("overdue", "error", "I.1") not in findings(late, as_of=date(2024, 6, 1))
    assert ("overdue", "error", "I.1") in findings(late, as_of=date(2025, 6, 1))


def test_unknown_session_is_a_usage_error():
    with pytest.raises(CheckError, match="no session 'CTP-1-2'"):
        findings(good_activity(1), session_id="CTP-1-2")


def test_an_activity_carried_over_with_an_old_deadline_is_flagged_for_a_new_one():
    old = {"fr": "Juin 2021 (Conseil)"}
    carried = good_activity(1, deadline=old, predecessor="0f8c2d3e-5b7a-4c1e-9d2f-6a4b8e1c3d5f")
    assert ("carried-deadline", "warning", "I.1") in findings(carried, session=None)
    assert ("carried-deadline", "warning", "I.1") not in findings(
        good_activity(1, deadline=old), session=None
    )


def test_a_withdrawn_activity_is_neither_overdue_nor_checked():
    late = good_activity(1, deadline={"fr": "Juin 2021"}, withdrawn=True)
    assert findings(late, good_activity(2), as_of=date(2025, 6, 1)) == [
        ("numbering", "error", "I.2")
    ]


def test_every_rule_of_the_catalogue_is_tested():
    tested = set(BROKEN) | {"permanent-deadline", "duplicate-title", "numbering",
                            "carried-deadline"}  # fmt: skip
    assert tested == set(RULES)


# What each rule flags on the real document, read against its footnotes.
REAL_FINDINGS = {
    "strategic-link": ["II.20"],  # "N": footnote 1 wants 100 %
    "priority": ["I.22", "I.23", "I.24", "I.25", "I.27", "II.25"],
    "strategic-code": ["I.30", "I.31", "I.32", "I.35", "I.39"],  # OS1/OS2 outside the legend
    "permanent-deadline": ["II.23"],  # "Juin 2023" instead of "Travail continu"
    "overdue": ["I.8"],  # due spring 2023, not completed in April 2024
    "duplicate-title": ["II.35"],  # same title as II.34
    "execution-level": [f"I.{n}" for n in range(1, 43)],  # the colours were lost
}
RED = {"I.8", "I.13", "I.31", "I.34", "I.35", "I.36"}
GREEN = {"I.2", "I.4", "I.5", "I.6", "I.7", "I.9", "I.10", "I.15", "I.21", "I.22", "I.28"}


def test_findings_on_the_real_document_are_pinned(real_document):
    result = check(real_document)
    flagged = defaultdict(list)
    for f in result.findings:
        flagged[f.rule].append(f.ref)
    for rule, refs in REAL_FINDINGS.items():
        assert flagged[rule] == refs, rule
    assert not {"task-type", "responsible-body", "numbering", "deadline-format"} & set(flagged)
    # Footnote 6: only the statuses opening with "Achevée." state a keyword.
    assert set(flagged["status-keyword"]) == {a.ref for a in real_document.activities} - GREEN
    assert result.summary()["linked_share"] == round(93 / 94, 4)


def test_suggested_execution_levels_on_the_real_document(real_document):
    result = check(real_document)
    suggested = {
        f.ref: (f.suggestion["execution_level"], f.suggestion["basis"])
        for f in result.findings
        if f.rule == "execution-level"
    }
    for ref, (level, basis) in suggested.items():
        expected = "green" if ref in GREEN else "red" if ref in RED else "blue"
        assert level == expected, ref
        assert basis == ("keyword" if ref in GREEN else "text"), ref


def test_recording_the_suggested_levels_clears_the_execution_level_findings(real_document):
    fixed = copy.deepcopy(real_document)
    for f in check(real_document).findings:
        if f.rule == "execution-level":
            report = activity(fixed, f.ref).status_reports[0]
            report.execution_level = f.suggestion["execution_level"]
    assert "execution-level" not in {f.rule for f in check(fixed).findings}


def run_check(*args):
    out = StringIO()
    try:
        call_command("checkrules", *args, stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def test_check_command_json_and_exit_status(imported):
    status, output = run_check("--format", "json")
    assert status == 1  # the real document has errors
    data = json.loads(output)
    assert data["session"] == "CTP-243-244" and data["as_of"] == "2024-04-23"
    finding = data["findings"][0]
    assert set(finding) == {"rule", "severity", "activity", "message", "suggestion"}
    assert set(finding["message"]) == {"fr", "en"}
    assert data["summary"]["by_severity"]["error"] == 10
    assert data["summary"]["by_rule"]["overdue"] == 1


def test_check_command_text_is_grouped_by_activity(imported):
    status, output = run_check("--lang", "fr")
    assert status == 1
    assert "I.8    Prendre note des nouveaux modules de formation" in output
    assert "overdue" in output and "Échéance dépassée : prévue le 27 avril 2023" in output
    assert output.rstrip().endswith("93/94 activities linked to the Strategic Plan (98.9%)")


def test_check_command_as_of_before_every_session(imported):
    status, output = run_check("--format", "json", "--as-of", "2020-01-01")
    data = json.loads(output)
    assert data["session"] is None
    assert "status-keyword" not in data["summary"]["by_rule"]


def test_check_command_rejects_an_unknown_session(imported):
    with pytest.raises(CommandError, match="no session 'CTP-1-2'") as caught:
        run_check("--session", "CTP-1-2")
    assert caught.value.returncode == 2


def test_export_fills_the_parsed_fields(imported):
    out = StringIO()
    call_command("export", stdout=out)
    data = json.loads(out.getvalue())
    first = data["activities"][0]
    assert first["deadline_parsed"]["due"] == "2025-06-30"
    assert first["resources_parsed"] == {
        "fte_min": 1, "fte_max": 1, "units": ["Sous-direction de la facilitation"], "others": [],
    }  # fmt: skip
    permanent = data["activities"][42]
    assert permanent["deadline_parsed"] == {
        "continuous": True, "due": None, "milestones": [], "recurring": None, "condition": None,
    }  # fmt: skip


def test_rule_messages_write_dates_the_way_each_language_does(imported):
    """« 27 avril 2023 » in French, "27 April 2023" in English, never 2023-04-27; the
    message's key and arguments stay as data for a front end."""
    from datetime import date

    from jalon.core.calendar import long_date
    from jalon.core.rules import check
    from jalon.interchange.store import load
    from jalon.programmes.models import Programme

    overdue = [f for f in check(load(Programme.objects.get())).findings if f.rule == "overdue"]
    assert overdue
    first = overdue[0]
    due = first.params["due"]
    assert isinstance(due, date) and first.key == "overdue"
    assert long_date(due, "fr") in first.fr and long_date(due, "en") in first.en
    assert due.isoformat() not in first.fr + first.en
    assert (long_date(date(2025, 5, 1), "fr"), long_date(date(2025, 5, 5), "en")) == (
        "1er mai 2025", "5 May 2025")  # fmt: skip
