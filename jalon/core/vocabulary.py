"""The programme's closed vocabularies and how the document writes them.

Pure Python: the Django models mirror these values as TextChoices with labels.
Each `parse_*` function takes a cell as written and returns the normalised value,
or None when the legend does not cover it (the caller keeps the raw text).
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import lru_cache


class Section(StrEnum):
    TIME_BOUND = "time_bound"
    PERMANENT = "permanent"

    @property
    def roman(self) -> str:
        return "I" if self is Section.TIME_BOUND else "II"

    @classmethod
    def from_roman(cls, roman: str) -> Section:
        return {"I": cls.TIME_BOUND, "II": cls.PERMANENT}[roman.upper()]


class Priority(StrEnum):
    HIGH = "A"
    MEDIUM = "B"
    LOW = "C"


class TaskType(StrEnum):
    FINE_TUNING = "fine_tuning"
    UPDATE = "update"
    DEVELOPMENT = "development"
    MAINTENANCE = "maintenance"


class Keyword(StrEnum):
    COMPLETED = "completed"
    IN_PROGRESS = "in_progress"
    POSTPONED = "postponed"
    NOT_STARTED = "not_started"


class ExecutionLevel(StrEnum):
    GREEN = "green"
    BLUE = "blue"
    RED = "red"


LANGUAGES = ("fr", "en")


@lru_cache(maxsize=4096)  # the same short cells ("B", "Oui", "Vert") come on every row
def fold(text: str) -> str:
    """Lower-case, accents removed, runs of white space collapsed: for comparisons only."""
    if text.isascii():
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


_PRIORITIES = {
    "a": Priority.HIGH, "eleve": Priority.HIGH, "high": Priority.HIGH,
    "b": Priority.MEDIUM, "moyen": Priority.MEDIUM, "medium": Priority.MEDIUM,
    "c": Priority.LOW, "bas": Priority.LOW, "low": Priority.LOW,
}  # fmt: skip


class VocabularyError(ValueError):
    """A cell holds a value that no legend of the programme explains."""


def parse_priority(cell: str) -> Priority | None:
    """'A', 'B', 'C' (or the legend's words); an empty cell is a missing priority."""
    key = fold(cell).rstrip(".")
    if not key:
        return None
    try:
        return _PRIORITIES[key]
    except KeyError:
        raise VocabularyError(f"priority {cell!r} is not A, B or C") from None


_LINKS = {"oui": True, "o": True, "yes": True, "y": True, "non": False, "n": False, "no": False}


def parse_strategic_link(cell: str) -> bool | None:
    """'Oui'/'O' is yes, 'Non'/'N' is no (footnote 1); an empty cell is unknown."""
    key = fold(cell).rstrip(".")
    if not key:
        return None
    try:
        return _LINKS[key]
    except KeyError:
        raise VocabularyError(f"strategic-plan link {cell!r} is not Oui/Non (Yes/No)") from None


_TASK_TYPES = {
    "mise au point": TaskType.FINE_TUNING,
    "fine-tuning": TaskType.FINE_TUNING,
    "fine tuning": TaskType.FINE_TUNING,
    "mise a jour": TaskType.UPDATE,
    "mettre a jour": TaskType.UPDATE,
    "actualisation": TaskType.UPDATE,
    "update": TaskType.UPDATE,
    "developpement": TaskType.DEVELOPMENT,
    "development": TaskType.DEVELOPMENT,
    "tenue a jour": TaskType.MAINTENANCE,
    "suivi": TaskType.MAINTENANCE,
    "maintenance": TaskType.MAINTENANCE,
    "follow-up": TaskType.MAINTENANCE,
}


_LEVELS = {
    "vert": ExecutionLevel.GREEN, "green": ExecutionLevel.GREEN,
    "bleu": ExecutionLevel.BLUE, "blue": ExecutionLevel.BLUE,
    "rouge": ExecutionLevel.RED, "red": ExecutionLevel.RED,
}  # fmt: skip


def parse_execution_level(cell: str) -> ExecutionLevel | None:
    """Footnote 7's colours, written as words; an empty cell is no level."""
    key = fold(cell).rstrip(".")
    if not key:
        return None
    try:
        return _LEVELS[key]
    except KeyError:
        raise VocabularyError(f"execution level {cell!r} is not green, blue or red") from None


def parse_task_type(cell: str) -> TaskType | None:
    """Footnote 4's types and the variants the document uses; None if unknown."""
    key = fold(cell).rstrip(".")
    # "Maintenance (follow-up)", "Tenue à jour (Suivi)": the legend's gloss in brackets.
    return _TASK_TYPES.get(key) or _TASK_TYPES.get(re.sub(r"\s*\(.*\)$", "", key))


# WCO Strategic Plan 2022-2025 (GLOSSARY.md). kind: the column legend it belongs to.
STRATEGIC_PLAN = "2022-2025"
STRATEGIC_CODES: dict[str, tuple[str, str, str]] = {
    # code: (kind, French label, English label)
    "PS1": ("process", "Développer, mettre à jour et mettre en œuvre des instruments",
            "Develop, maintain and implement instruments"),
    "PS2": ("process", "Encourager la coopération douanière",
            "Foster Customs cooperation and cooperation with key stakeholders"),
    "PS3": ("process", "Renforcer les capacités", "Build capacity"),
    "PS4": ("process", "Recherche", "Research"),
    "PS5": ("process", "Communiquer", "Communicate"),
    "FA1": ("focus_area", "Axe 1 : technologie et innovation",
            "Focus area 1: technology and innovation"),
    "FA2": ("focus_area", "Axe 2 : douane verte", "Focus area 2: green Customs"),
    "FA3": ("focus_area", "Axe 3 : gouvernance et responsabilité",
            "Focus area 3: governance and accountability"),
    "ORG1": ("organisational", "Plan de modernisation", "Modernisation plan"),
    "ORG2": ("organisational", "Politique de financement", "Funding policy"),
    "OS1": ("objective", "Facilitation des échanges", "Trade facilitation"),
    "OS2": ("objective", "Perception des recettes", "Revenue collection"),
    "OS3": ("objective", "Protection de la société", "Protection of society"),
    "OS4": ("objective", "Développement organisationnel", "Organisational development"),
}  # fmt: skip

# English spellings of the same codes (the legend itself writes SP5 for PS5).
_CODE_TRANSLATIONS = {"SP": "PS", "SO": "OS"}


def parse_strategic_codes(cell: str) -> list[str]:
    """Codes separated by spaces, '/' or ','; SPn is PSn; unknown codes kept as written."""
    codes = []
    for token in re.split(r"[\s/,;]+", cell.strip()):
        if not token:
            continue
        code = token.upper()
        match = re.fullmatch(r"([A-Z]+)(\d+)", code)
        if match and match[1] in _CODE_TRANSLATIONS:
            code = _CODE_TRANSLATIONS[match[1]] + match[2]
        code = code if code in STRATEGIC_CODES else token
        if code not in codes:
            codes.append(code)
    return codes
