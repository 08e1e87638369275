"""bench/redmine.py without a Redmine: the real programme's activities as Redmine issues,
and the server processes whose CPU it counts."""

import os
import subprocess
import sys

from bench.redmine import (
    SUBJECT_LENGTH,
    Servers,
    cpu_between,
    issue_payload,
    programme,
    reference_of,
)

PRIORITIES = {"Low": 1, "Normal": 2, "High": 3, "Urgent": 4, "Immediate": 5}


def test_every_activity_of_the_real_programme_becomes_an_issue_found_again_by_reference():
    code, activities = programme()
    assert code == "CTP-2022-2025"
    payloads = [issue_payload(a, 7, PRIORITIES, {"Reference": 11}) for a in activities]
    assert len(payloads) == 94
    references = [reference_of(p["issue"]["subject"]) for p in payloads]
    assert references == [a.ref for a in activities]  # idempotent loading relies on it
    assert len(set(references)) == 94
    for activity, payload in zip(activities, payloads, strict=True):
        issue = payload["issue"]
        assert issue["project_id"] == 7
        assert len(issue["subject"]) <= SUBJECT_LENGTH
        assert issue["custom_fields"] == [{"id": 11, "value": activity.ref}]  # no Deadline
        for text in (*activity.kpi.values(), *activity.deadline.values()):
            assert text in issue["description"]
    # The programme's priorities: A High (45), B Normal (41), C Low (2); none: Redmine's default.
    counted = [p["issue"].get("priority_id") for p in payloads]
    assert (counted.count(3), counted.count(2), counted.count(1)) == (45, 41, 2)
    assert counted.count(None) == 6


def test_an_issue_says_the_activity_s_texts_and_status_and_its_deadline_in_a_field():
    _, activities = programme()
    activity = next(a for a in activities if a.ref == "I.8")
    issue = issue_payload(activity, 1, {}, {"Deadline": 2, "Unknown": 3})["issue"]
    assert issue["subject"].startswith("I.8 ") and activity.title["fr"] in issue["subject"]
    assert "priority_id" not in issue  # a Redmine without the priority named
    assert issue["custom_fields"] == [{"id": 2, "value": activity.deadline["fr"]}]
    report = activity.status_reports[-1]
    assert f"*Status {report.session}* (fr): {report.text['fr']}" in issue["description"]


def test_the_server_s_processes_and_their_cpu_are_read_from_proc():
    child = subprocess.Popen([sys.executable, "-c", "input()"], stdin=subprocess.PIPE)
    try:
        # Given pids: those processes and their descendants.
        assert {os.getpid(), child.pid} <= Servers(pids=frozenset({os.getpid()})).ticks().keys()
        # A pattern never counts the bench itself or its children, though they match it.
        matched = Servers(pattern="pytest|python").ticks()
        assert matched.keys().isdisjoint({os.getpid(), child.pid})
    finally:
        child.kill()
        child.wait()
    assert cpu_between({1: 5}, {1: 105, 2: 100}) == 200 / os.sysconf("SC_CLK_TCK")
