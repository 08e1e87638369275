"""Reading a status report: the progress keyword it states, and the execution level a
careful reader would give it (footnotes 6 and 7).

A keyword is *stated* when a sentence of the status is the keyword itself ("Achevée.",
"En cours :", "Statut : reporté"), in French or English, any gender and number. Where no
keyword is stated, the text still tells what happened or will happen: "débutera",
"est prévu de démarrer", "seront actualisées en temps voulu" describe work not started.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jalon.core.vocabulary import ExecutionLevel, Keyword, fold

_KEYWORDS = (
    (Keyword.COMPLETED, r"achevee?s?|terminee?s?|completed?|finished|done"),
    (Keyword.IN_PROGRESS, r"en cours|in progress|ongoing|underway|under way"),
    (Keyword.POSTPONED, r"reportee?s?|differee?s?|postponed|deferred"),
    (Keyword.NOT_STARTED, r"(?:pas encore|non) commencee?s?|pas encore debutee?s?"
                          r"|not (?:yet )?started"),
)  # fmt: skip
_LABEL = r"(?:(?:statut|etat d'avancement|status)\s*:\s*)?"
# "Achevé en juin 2023", "Reporté à 2025": the keyword, then when.
_QUALIFIER = r"(?:a|au|aux|en|le|depuis|jusqu|in|on|to|until|since)\b"
_STATED = [
    (keyword, re.compile(rf"^{_LABEL}(?:{pattern})\s*(?:[.:;,!—–-]|$|{_QUALIFIER})"))
    for keyword, pattern in _KEYWORDS
]
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")

LEVEL_OF_KEYWORD = {
    Keyword.COMPLETED: ExecutionLevel.GREEN,
    Keyword.IN_PROGRESS: ExecutionLevel.BLUE,
    Keyword.POSTPONED: ExecutionLevel.RED,
    Keyword.NOT_STARTED: ExecutionLevel.RED,
}

# What the text says about work that has not started (or was put off).
_NOT_STARTED_SIGNS = re.compile(
    r"\bdebutera\b|\bcommencera\b|\bdemarrera\b|\bprevu de (?:demarrer|commencer|debuter|lancer)\b"
    r"|\ba debuter\b|\ba debiter\b|\ben temps voulu\b|\bpas encore\b|\bn'a pas (?:encore )?"
    r"(?:commence|debute)\b|\bpossibilite de soutenir financierement\b"
    r"|\bactivite proposee\b|\bwill (?:start|begin)\b|\bnot yet\b|\bin due course\b"
)
_POSTPONED_SIGNS = re.compile(r"\ba ete (?:reportee?s?|differee?s?)\b|\bhas been postponed\b")


def stated_keyword(text: str) -> Keyword | None:
    """The progress keyword the status states as a sentence of its own, if any."""
    for sentence in _SENTENCE.split(fold(text)):
        for keyword, pattern in _STATED:
            if pattern.match(sentence.strip()):
                return keyword
    return None


@dataclass(frozen=True)
class Suggestion:
    execution_level: ExecutionLevel
    basis: str  # "keyword" (stated) or "text" (inferred from what the text says)

    def to_dict(self) -> dict:
        return {"execution_level": self.execution_level.value, "basis": self.basis}


def suggest_level(text: str, keyword: str | None = None) -> Suggestion | None:
    """The execution level for a status: from its keyword if stated (or recorded), else
    from what the text says happened or will happen; None for an empty status."""
    stated = Keyword(keyword) if keyword else stated_keyword(text)
    if stated is not None:
        return Suggestion(LEVEL_OF_KEYWORD[stated], "keyword")
    folded = fold(text)
    if not folded:
        return None
    if _POSTPONED_SIGNS.search(folded) or _NOT_STARTED_SIGNS.search(folded):
        return Suggestion(ExecutionLevel.RED, "text")
    return Suggestion(ExecutionLevel.BLUE, "text")


_DATE = re.compile(
    r"\b(?:\d{1,2}(?:er)? )?(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre"
    r"|octobre|novembre|decembre|january|february|march|april|may|june|july|august"
    r"|september|october|november|december) \d{4}\b|\b(?:19|20)\d\d\b"
    # A numbered meeting dates a milestone too: "lors de ses 241ème / 242ème sessions".
    r"|\b\d{1,3}(?:eme|e|er|th|st|nd|rd)\b[\s/\w]{0,12}\b(?:sessions?|reunions?|meetings?)\b"
)
_NEXT_STEPS = re.compile(
    r"\b(?:sera|seront|devra|devront|devrait|devraient|prevue?s?|prochaine?s?|a venir"
    r"|se poursuivr\w*|poursuivr\w*|invitera|debutera|envisage\w*|etapes suivantes"
    r"|will|next steps?|planned|is expected|are expected|upcoming)\b"
    r"|\b\w+(?:era|eront|ira|iront)\b"
)


def names_dated_milestones(text: str) -> bool:
    """Footnote 6, item 2: the status dates the milestones it reports."""
    return bool(_DATE.search(fold(text)))


def names_next_steps(text: str) -> bool:
    """Footnote 6, item 3: the status says what comes next."""
    return bool(_NEXT_STEPS.search(fold(text)))
