"""Hypothesis strategies for whole programmes (jalon.core dataclasses)."""

from datetime import date

from hypothesis import strategies as st

from jalon.core.bodies import BODIES
from jalon.core.programme import (
    ActivityData,
    ChangeData,
    ProgrammeData,
    ProgrammeDocument,
    RevisionData,
    SessionData,
    StatusReportData,
)
from jalon.core.validation import clean_text
from jalon.core.vocabulary import STRATEGIC_CODES, ExecutionLevel, Keyword, TaskType

# Text with accents, quotes and signs; no control characters (the JSON reader refuses
# NUL, which no database stores), no lone surrogates, and nothing the validation gate
# changes (markup): the texts are stored as they are.
characters = st.characters(blacklist_categories=("Cs", "Cc"))
words = st.text(characters, min_size=1, max_size=40).filter(
    lambda t: clean_text(t) == t
) | st.sampled_from(["Achevée.\n\nLa suite.", "« guillemets » & a < b > c", "Travail continu"])
bilingual = st.fixed_dictionaries({}, optional={"fr": words, "en": words})
titles = st.fixed_dictionaries({"fr": words}, optional={"en": words})
body_codes = st.sampled_from([b.code for b in BODIES]) | st.sampled_from(["GT-NOUVEAU", "X Y"])
optional = st.none().__or__


def _clean(text: str) -> bool:
    return clean_text(text) == text


@st.composite
def programmes(draw) -> ProgrammeDocument:
    meetings = draw(st.lists(st.integers(0, 12), min_size=0, max_size=4, unique=True))
    sessions = []
    for m in sorted(meetings):
        first = 235 + 2 * m
        start = date(2022 + m // 2, 4 if m % 2 == 0 else 10, 20)
        sessions.append(
            SessionData(
                id=f"CTP-{first}-{first + 1}",
                body="CTP",
                numbers=[first, first + 1],
                start=draw(optional(st.just(start))),
                end=draw(optional(st.just(start.replace(day=24)))),
                frozen=draw(st.booleans()),
            )
        )
    activities = []
    for section in ("time_bound", "permanent"):
        numbers = draw(st.lists(st.integers(1, 60), max_size=5, unique=True))
        for number in sorted(numbers):
            chosen = (
                draw(st.lists(st.sampled_from(sessions), unique_by=lambda s: s.id))
                if sessions
                else []
            )
            activities.append(
                ActivityData(
                    section=section,
                    number=number,
                    priority=draw(optional(st.sampled_from("ABC"))),
                    strategic_link=draw(optional(st.booleans())),
                    title=draw(titles),
                    strategic_codes=draw(
                        st.lists(st.sampled_from([*STRATEGIC_CODES, "SP9"]), unique=True)
                    ),
                    task_type=draw(optional(st.sampled_from([t.value for t in TaskType]))),
                    task_type_raw=draw(st.text(characters, max_size=20).filter(_clean)),
                    responsible_bodies=draw(st.lists(body_codes, unique=True, max_size=4)),
                    responsible_raw=draw(st.text(characters, max_size=30).filter(_clean)),
                    resources=draw(bilingual),
                    kpi=draw(bilingual),
                    deadline=draw(bilingual),
                    status_reports=[
                        StatusReportData(
                            session=s.id,
                            keyword=draw(optional(st.sampled_from([k.value for k in Keyword]))),
                            text=draw(bilingual),
                            execution_level=draw(
                                optional(st.sampled_from([e.value for e in ExecutionLevel]))
                            ),
                        )
                        for s in sorted(chosen, key=lambda s: s.id)
                    ],
                )
            )
    ids = draw(st.lists(st.uuids(version=4), min_size=len(activities),
                        max_size=len(activities), unique=True))  # fmt: skip
    for item, uid in zip(activities, ids, strict=True):
        item.uid = str(uid)
        item.withdrawn = draw(st.booleans())
    programme = ProgrammeData(body="CTP", title=draw(titles), period=(2022, 2025))
    return ProgrammeDocument(programme, sessions, activities, draw(revisions(activities, sessions)))


@st.composite
def revisions(draw, activities, sessions) -> list[RevisionData]:
    """Records first, then at most one draft, whose changes name the document's activities."""
    if not activities:
        return []
    uids = st.sampled_from([a.uid for a in activities])
    states = draw(st.lists(st.sampled_from(["presented", "endorsed", "adopted"]), max_size=2))
    if draw(st.booleans()):
        states.append("draft")
    found = []
    for number, state in enumerate(states, 1):
        changes = draw(st.lists(st.builds(
            ChangeData,
            kind=st.sampled_from(["added", "amended", "withdrawn", "merged", "split",
                                  "renumbered"]),
            activity=uids,
            before=st.sampled_from(["", "I.3", "II.35"]),
            after=st.sampled_from(["", "I.4", "II.34"]),
            fields=st.dictionaries(st.sampled_from(["title_fr", "priority"]),
                                   st.tuples(optional(words), words).map(list), max_size=2),
            reason=st.text(characters, max_size=30),
            related=st.just("") | uids,
        ), max_size=3))  # fmt: skip
        presented = state != "draft"
        found.append(
            RevisionData(
                number=number,
                state=state,
                session=draw(st.sampled_from([s.id for s in sessions]))
                if presented and sessions
                else None,
                presented_on=date(2024, 4, 23) if presented else None,
                endorsed_on=date(2024, 4, 26) if state in ("endorsed", "adopted") else None,
                endorsement_reference=draw(st.text(characters, max_size=20)),
                adopted_on=date(2024, 6, 29) if state == "adopted" else None,
                adoption_reference=draw(st.text(characters, max_size=20)),
                changes=changes,
            )
        )
    return found
