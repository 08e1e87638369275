"""Synthetic programmes of any size, for benchmarks and demonstrations.

Built from the real document's own vocabulary (deadlines, bodies, codes, status
sentences) so that parsers and rules meet realistic text. Deterministic for a seed.
"""

from __future__ import annotations

import random

from jalon.core.calendar import SEED, session_id
from jalon.core.programme import (
    ActivityData,
    ProgrammeData,
    ProgrammeDocument,
    SessionData,
    StatusReportData,
)

DEADLINES = [
    "Printemps {y} (CTP) Juin {y} (Conseil)",
    "Automne {y} (CTP) Juin {n} (Conseil)",
    "Printemps {y} (CTP) Juin {y} (CPG et Conseil)",
    "Juin {y}",
    "Décembre {y}",
]
BODIES = [["CTP", "CONSEIL"], ["CTP", "CPG", "CONSEIL"], ["EPMD", "CTP"], ["GTS", "CTP", "CPG"]]
CODES = [["PS1"], ["PS2", "PS3"], ["FA1"], ["FA2"], ["ORG1"], ["PS1", "FA1"]]
TASKS = [("development", "Développement"), ("update", "Mise à jour"), ("maintenance", "Suivi")]
STATUSES = [
    ("completed", "green", "Achevée. Le document a été approuvé par le Conseil en juin {y}."),
    ("in_progress", "blue", "En cours. Un projet a été présenté en avril {y} ; il sera adopté."),
    ("not_started", "red", "Pas encore commencé. Il est prévu de démarrer en {y}."),
    (None, None, "Les travaux se poursuivent ; un rapport sera présenté en octobre {y}."),
]


def synthetic_programme(
    activities: int, sessions: int, seed: int = 2024, body: str = "CTP"
) -> ProgrammeDocument:
    """`activities` activities (two thirds time-bound), each with a status at `sessions`
    consecutive sessions from spring 2022, held on the calendar of the seed's first body
    with a rule (spring and autumn) by `body`, numbered in `body`'s scheme."""
    rng = random.Random(seed)
    meetings = []
    model = next(info for info in SEED.bodies.values() if info.rule)
    per = SEED.bodies[body].numbers_per_meeting if body in SEED.bodies else 2
    for index in range(sessions):
        year, slot = divmod(index, len(model.rule.slots))
        meeting = SEED.numbered(model, 2022 + year, slot)
        numbers = [*range(meeting.numbers[0], meeting.numbers[0] + per)]  # the body's scheme
        meetings.append(
            SessionData(
                session_id(body, numbers),
                body,
                numbers,
                meeting.start,
                meeting.end,
                frozen=index < sessions - 1,
            )
        )
    last_year = 2022 + max(sessions // 2, 3)
    time_bound = activities * 2 // 3
    items = []
    for index in range(activities):
        section = "time_bound" if index < time_bound else "permanent"
        number = index + 1 if section == "time_bound" else index - time_bound + 1
        year = rng.randint(2022, last_year)
        task, task_raw = rng.choice(TASKS)
        bodies = rng.choice(BODIES)
        reports = []
        for session in meetings:
            keyword, level, sentence = rng.choice(STATUSES)
            reports.append(
                StatusReportData(
                    session.id,
                    keyword=keyword,
                    text={"fr": sentence.format(y=session.start.year if session.start else year)},
                    execution_level=level if section == "time_bound" else None,
                )
            )
        items.append(
            ActivityData(
                section=section,
                number=number,
                priority=rng.choice(["A", "B", "C", None]),
                strategic_link=rng.random() > 0.02,
                title={"fr": f"Activité synthétique {section} n° {number}"},
                strategic_codes=list(rng.choice(CODES)),
                task_type=task,
                task_type_raw=task_raw,
                responsible_bodies=list(bodies),
                responsible_raw=", ".join(bodies),
                resources={"fr": "Un/deux agent(s) de la Sous-direction de la facilitation"},
                kpi={"fr": "Le document est adopté"},
                deadline={
                    "fr": "Travail continu"
                    if section == "permanent"
                    else rng.choice(DEADLINES).format(y=year, n=year + 1)
                },
                status_reports=reports,
            )
        )
    title = {"fr": f"Programme de travail synthétique 2022-{last_year} ({body})"}
    return ProgrammeDocument(ProgrammeData(body, title, (2022, last_year)), meetings, items)
