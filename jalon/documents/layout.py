"""Typesetting shared by Word and PDF: page, fonts and column widths from the content.

A column is never narrower than the longest word of its heading (and of its explanation
row, and of short vocabulary values such as "Développement"), so no heading word is ever
broken; the width left over goes to the columns in proportion to how much text they hold.
"""

from __future__ import annotations

import functools

from jalon.documents.report import Section

PAGE_MM = (297, 210)  # A4 landscape
MARGINS_MM = {"top": 20, "bottom": 15, "left": 12, "right": 12}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
FONT_FAMILY = "Arial"  # Liberation Sans where Arial is missing: the same metrics
BODY_PT, HEADING_PT, EXPLANATION_PT = 7.5, 7.5, 6.5
CELL_PADDING_MM = 2 * 1.2 + 0.6  # both sides, and the rule
LONGEST_WORD_MM = 14  # a longer word in prose is hyphenated, not given the room
PROSE_CHARACTERS = 40  # a column holding more than this a row, on average, is prose
PT_TO_MM = 25.4 / 72


@functools.lru_cache(maxsize=8)
def _font(bold: bool, italic: bool):
    from matplotlib import font_manager
    from PIL import ImageFont

    properties = font_manager.FontProperties(
        family=["Arial", "Liberation Sans", "DejaVu Sans"],
        weight="bold" if bold else "normal",
        style="italic" if italic else "normal",
    )
    return ImageFont.truetype(font_manager.findfont(properties), 100)


def text_width_mm(text: str, size_pt: float, *, bold=False, italic=False) -> float:
    return _font(bold, italic).getlength(text) / 100 * size_pt * PT_TO_MM


def _longest_word(texts, size_pt: float, *, bold=False, italic=False) -> float:
    words = sorted({w for text in texts for w in text.split()}, key=len, reverse=True)
    # The widest word is among the longest ones: measure those only.
    return max((_width(w, bold, italic) * size_pt for w in words[:40]), default=0.0)


@functools.lru_cache(maxsize=4096)
def _width(word: str, bold: bool, italic: bool) -> float:
    return text_width_mm(word, 1.0, bold=bold, italic=italic)


def column_widths(section: Section, total_mm: float = TEXT_WIDTH_MM) -> list[float]:
    """The width of each column of the section's table, in millimetres."""
    minimum, weight = [], []
    for index, column in enumerate(section.columns):
        heading, note = section.headings[index]
        texts = _column_texts(section, column)
        characters = sum(len(t) for t in texts) / max(len(section.rows), 1)
        # Long words in prose columns are hyphenated; the headings and their explanations
        # never are (LibreOffice may have no hyphenation patterns), nor short values
        # ("Développement").
        longest = _longest_word(texts, BODY_PT)
        if characters > PROSE_CHARACTERS:
            longest = min(longest, LONGEST_WORD_MM)
        explanation = _longest_word([section.explanations[index]], EXPLANATION_PT, italic=True)
        needed = max(_longest_word([heading + note], HEADING_PT, bold=True), explanation, longest)
        minimum.append(needed + CELL_PADDING_MM)
        weight.append(characters)
    spare = total_mm - sum(minimum)
    if spare <= 0:
        return [total_mm * m / sum(minimum) for m in minimum]
    # Share the spare width so that long columns get more, but never in full proportion
    # (a column of 600-character statuses must not starve the 40-character ones).
    shares = [w**1.1 for w in weight]
    if not sum(shares):  # no text at all (an empty section): the spare width shared evenly
        shares = [1.0] * len(minimum)
    return [m + spare * s / sum(shares) for m, s in zip(minimum, shares, strict=True)]


def _column_texts(section: Section, column: str) -> list[str]:
    if column == "status":
        return [p.text for row in section.rows for p in row.status]
    if column == "execution_level":
        return []
    return [row.cells[column].text for row in section.rows]


AVERAGE_CHARACTER_EM = 0.5  # Arial's average advance, in ems, for running text
LINE_MM = BODY_PT * 1.2 * PT_TO_MM
SPLIT_ABOVE_MM = 55  # a row taller than about a third of a page may split across pages


def rows_that_may_split(section: Section, widths: list[float]) -> list[bool]:
    """Whether each row may split across pages: only a long one. A short row that splits
    leaves a line or two at the foot of a page and the rest overleaf; a long row kept
    whole leaves half a page blank."""
    character_mm = BODY_PT * AVERAGE_CHARACTER_EM * PT_TO_MM
    may_split = []
    for row in section.rows:
        tallest = 0.0
        for column, width in zip(section.columns, widths, strict=True):
            if column == "execution_level":
                continue
            texts = [p.text for p in row.status] if column == "status" else [row.cells[column].text]
            per_line = max((width - CELL_PADDING_MM) / character_mm, 1)
            lines = sum(-(-len(text) // per_line) for text in texts) + len(texts) - 1
            tallest = max(tallest, lines * LINE_MM)
        may_split.append(tallest > SPLIT_ABOVE_MM)
    return may_split
