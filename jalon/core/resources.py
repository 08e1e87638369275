"""Reading the "Ressources" column: staff as a full-time-equivalent range, and the units.

"Un/deux agent(s) de la Sous-direction de la facilitation" is 1–2 FTE of that unit;
"Deux/trois agents … et deux/trois agents de l'Unité événements" is 4–6; "2,5 agents",
"0,5 agent" are what they say. A staff count the text does not give stays None (never
a guess); a text that names no staff or unit at all is not understood (None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jalon.core.vocabulary import fold

NUMBER_WORDS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
}  # fmt: skip
_NUMBER = r"(?:\d+(?:[,.]\d+)?|" + "|".join(NUMBER_WORDS) + r")"
_STAFF = (
    r"(?:agents?(?:\s*\(s\))?(?:\s+agents)?|fonctionnaires?|officials?|officers?|staff"
    r"|responsables? de projet|assistants? de projet|project (?:managers?|assistants?))"
)
_PART = re.compile(rf"\b(?P<count>{_NUMBER}(?:\s*/\s*{_NUMBER})?)\s+(?P<staff>{_STAFF})", re.I)
_UNIT_START = re.compile(r"^(?:de l'|d'|(?:de la|du|des|de|of the|from the|of|from)\s+)", re.I)
_OTHERS = re.compile(
    r"\s*(?:,|\bet\b|\band\b)?\s*((?:les |the )?(?:membres|members) interess\w*)", re.I
)
_UNIT_WORDS = re.compile(
    r"^(?:equipe|unite|sous-direction|direction|team|unit|sub-directorate)", re.I
)


@dataclass
class Resources:
    fte_min: float | None
    fte_max: float | None
    units: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # e.g. "les Membres intéressés"

    def to_dict(self) -> dict:
        return {
            "fte_min": self.fte_min,
            "fte_max": self.fte_max,
            "units": self.units,
            "others": self.others,
        }


def _count(text: str) -> float:
    text = fold(text)
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    return float(text.replace(",", "."))


def _clean_unit(text: str) -> str:
    return _UNIT_START.sub("", text.strip(" ,.;")).strip(" ,.;")


def parse_resources(text: str) -> Resources | None:
    """FTE range and units of a resources cell, or None if the text names no staff."""
    text = " ".join(text.split())
    if not text:
        return None
    others = []
    folded = fold(text)
    match = _OTHERS.search(folded)
    if match:
        others.append(text[match.start(1) : match.end(1)])
        text = (text[: match.start()] + text[match.end() :]).strip()
    parts = list(_PART.finditer(text))
    if not parts:
        # "Équipe en charge du projet COVID-19", "Fonctionnaires de la Sous-Direction …":
        # units without a staff count.
        unit = re.sub(r"^(?:fonctionnaires|agents|officials|staff)\s+", "", text, flags=re.I)
        units = [_clean_unit(u) for u in re.split(r"\s+et\s+de\s+la\s+|\s+and\s+", unit)]
        units = [u for u in units if _UNIT_WORDS.match(fold(u))]
        return Resources(None, None, units, others) if units else None
    if text[: parts[0].start()].strip():
        return None  # words before the first count: not understood
    low = high = 0.0
    units: list[str] = []
    pending = 0  # counts whose unit is named by a later part ("Un/deux fonctionnaires, un …")
    for index, part in enumerate(parts):
        counts = [_count(c) for c in part["count"].split("/")]
        low, high = low + min(counts), high + max(counts)
        end = parts[index + 1].start() if index + 1 < len(parts) else len(text)
        unit = _clean_unit(re.sub(r"\s*(?:,|\bet\b|\band\b)\s*$", "", text[part.end() : end]))
        if not unit:
            pending += 1
            continue
        if unit not in units:
            units.append(unit)
        pending = 0
    if pending:
        return None
    return Resources(_number(low), _number(high), units, others)


def _number(value: float) -> float | int:
    return int(value) if value == int(value) else value
