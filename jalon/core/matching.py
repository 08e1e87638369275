"""Which stored activity an incoming one is: matching a revised document to the programme.

An activity keeps its identifier (`ActivityData.uid`) for ever; its number may change.
An incoming activity that carries an identifier is that activity. One without (a Word
table, an older JSON file) is matched by number **and** text: the same number with a
similar title is certain; anything else (a new number for a known text, a reworded title
under the same number, a text that resembles nothing) is a *suggestion* that a person
confirms or corrects — jalon never guesses silently. `resolutions` are those answers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from jalon.core.programme import ActivityData

SAME_TEXT = 0.75  # same number and a title at least this similar: the same activity
RESEMBLES = 0.5  # below this, a stored activity is not suggested at all
NEW = "new"


@dataclass
class Match:
    """Where one incoming activity goes: `target` is a stored uid, or None for a new one."""

    incoming: ActivityData
    target: str | None
    certain: bool
    reason: str  # identifier | number_and_text | resolved | renumbered | reworded | new
    similarity: float = 1.0
    candidates: list[tuple[str, float]] = field(default_factory=list)  # (uid, similarity)

    @property
    def ref(self) -> str:
        return self.incoming.ref


def normalised(activity: ActivityData) -> str:
    title = activity.title.get("fr") or activity.title.get("en", "")
    title = unicodedata.normalize("NFKC", title).casefold()
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", title)).strip()


def similarity(a: ActivityData, b: ActivityData) -> float:
    if a.title.get("fr") and b.title.get("fr"):
        left, right = a.title["fr"], b.title["fr"]
    else:
        left = a.title.get("en") or a.title.get("fr", "")
        right = b.title.get("en") or b.title.get("fr", "")
    left, right = (normalised(ActivityData("", 0, title={"fr": t})) for t in (left, right))
    if left == right:
        return 1.0
    return SequenceMatcher(None, left, right, autojunk=False).ratio()


def match_activities(
    stored: list[ActivityData],
    incoming: list[ActivityData],
    resolutions: dict[str, str] | None = None,
) -> list[Match]:
    """One Match per incoming activity, in the incoming order. `stored` activities carry
    their uid; `resolutions` maps an incoming ref (I.3) to a stored uid or "new"."""
    resolutions = resolutions or {}
    by_uid = {a.uid: a for a in stored}
    by_number = {(a.section, a.number): a for a in stored}
    claimed: set[str] = set()
    matches: dict[int, Match] = {}
    pending: list[int] = []
    for index, activity in enumerate(incoming):
        if activity.uid:
            known = activity.uid in by_uid
            matches[index] = Match(activity, activity.uid if known else None, True,
                                   "identifier" if known else "new")  # fmt: skip
            claimed.add(activity.uid)
        elif activity.ref in resolutions:
            answer = resolutions[activity.ref]
            target = None if answer == NEW else answer
            matches[index] = Match(activity, target, True, "resolved")
            if target:
                claimed.add(target)
        else:
            pending.append(index)
    unsure: list[int] = []
    for index in pending:
        activity = incoming[index]
        same = by_number.get((activity.section, activity.number))
        if same is not None and same.uid not in claimed:
            score = similarity(activity, same)
            # Certain only if no other stored activity of the section reads more alike
            # (after a renumbering, the neighbour under the same number often does).
            if score >= SAME_TEXT and (
                score == 1.0 or not _better_elsewhere(activity, same, score, stored)
            ):
                matches[index] = Match(activity, same.uid, True, "number_and_text", score)
                claimed.add(same.uid)
                continue
        unsure.append(index)
    # The rest: suggestions, the most similar pairs first (the nearer number on a tie).
    free = [a for a in stored if a.uid not in claimed]
    scores: dict[int, list[tuple[float, int, str]]] = {}
    for index in unsure:
        activity = incoming[index]
        scores[index] = sorted(
            (-similarity(activity, a), abs(a.number - activity.number), a.uid)
            for a in free
            if a.section == activity.section
        )
    pairs = sorted(
        (score, distance, index, uid)
        for index, ranked in scores.items()
        for score, distance, uid in ranked
        if -score >= RESEMBLES
    )
    suggested: dict[int, tuple[str, float]] = {}
    for score, _, index, uid in pairs:
        if index not in suggested and uid not in claimed:
            suggested[index] = (uid, -score)
            claimed.add(uid)
    for index in unsure:
        activity = incoming[index]
        candidates = [(uid, -score) for score, _, uid in scores[index][:5] if -score >= RESEMBLES]
        same = by_number.get((activity.section, activity.number))
        if (same is not None and same.uid in {a.uid for a in free}
                and all(uid != same.uid for uid, _ in candidates)):  # fmt: skip
            candidates.append((same.uid, similarity(activity, same)))
        if index in suggested:
            uid, score = suggested[index]
            reason = "reworded" if by_uid[uid].number == activity.number else "renumbered"
            matches[index] = Match(activity, uid, False, reason, score, candidates)
        elif candidates:
            matches[index] = Match(activity, None, False, "new", 0.0, candidates)
        else:
            matches[index] = Match(activity, None, True, "new", 0.0)
    result = [matches[i] for i in range(len(incoming))]
    _refuse_double_claims(result)
    return result


def _better_elsewhere(
    activity: ActivityData, same: ActivityData, score: float, stored: list[ActivityData]
) -> bool:
    return any(
        other.uid != same.uid
        and other.section == activity.section
        and similarity(activity, other) > score
        for other in stored
    )


def _refuse_double_claims(matches: list[Match]) -> None:
    """Two suggestions for one stored activity: the weaker becomes a plain uncertain one."""
    best: dict[str, Match] = {}
    for match in matches:
        if match.target is None:
            continue
        other = best.get(match.target)
        if other is None:
            best[match.target] = match
            continue
        if other.certain and match.certain:
            raise ValueError(f"{other.ref} and {match.ref} both claim the same activity")
        loser = match if (other.certain or other.similarity >= match.similarity) else other
        if loser is other:
            best[match.target] = match
        loser.target, loser.certain, loser.reason = None, False, "new"
