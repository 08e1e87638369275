"""Every output format of the session document, by name: what the CLI, the web app and
the API offer."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from jalon.core import interchange
from jalon.core.collector import collector_paused as _no_cyclic_gc
from jalon.core.programme import ProgrammeDocument
from jalon.documents.report import SessionReport, build_report


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    media_type: str
    binary: bool
    render: Callable[[SessionReport], bytes] | None  # None: the whole programme (JSON)


def _docx(report):
    from jalon.documents.docx import render_docx

    return render_docx(report)


def _pdf(report):
    from jalon.documents.typeset import render_pdf

    return render_pdf(report)


def _xlsx(report):
    from jalon.documents.xlsx import render_xlsx

    return render_xlsx(report)


def _html(report):
    from jalon.documents.html import render_html

    return render_html(report).encode("utf-8")


def _md(report):
    from jalon.documents.text import render_markdown

    return render_markdown(report)


def _csv(report, delimiter=None):
    from jalon.documents.text import render_csv

    return render_csv(report, delimiter)


FORMATS = {
    f.name: f
    for f in (
        Format("json", "json", "application/json", False, None),
        Format("docx", "docx",
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               True, _docx),
        Format("pdf", "pdf", "application/pdf", True, _pdf),
        Format("xlsx", "xlsx",
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", True, _xlsx),
        Format("html", "html", "text/html; charset=utf-8", False, _html),
        Format("md", "md", "text/markdown; charset=utf-8", False, _md),
        Format("csv", "csv", "text/csv; charset=utf-8", False, _csv),
    )
}  # fmt: skip


def render(
    document: ProgrammeDocument,
    name: str,
    session_id: str | None = None,
    lang: str | None = None,
    *,
    annex: bool = False,
    delimiter: str | None = None,
) -> bytes:
    """The document in format `name`: the session report, or the whole programme as JSON.
    `annex` adds the round's summary and charts; `delimiter` is the CSV's (default: the
    language's spreadsheet convention)."""
    output = FORMATS[name]
    if output.render is None:
        return interchange.dumps(document).encode("utf-8")
    with _no_cyclic_gc():  # a row of cells per activity: nothing cyclic to collect
        report = build_report(document.as_at(session_id), session_id, lang, annex=annex)
    if name == "csv":
        return output.render(report, delimiter)
    return output.render(report)


def default_filename(document: ProgrammeDocument, name: str, session_id: str | None,
                     lang: str | None) -> str:  # fmt: skip
    programme = document.programme
    parts = [f"{programme.body}-{programme.period[0]}-{programme.period[1]}"]
    if name != "json":
        session = session_id or (document.sessions[-1].id if document.sessions else "")
        parts += [p for p in (session, lang or next(iter(programme.title), "fr")) if p]
    # Only ids go into the name, and only their safe characters: no quote, no CR/LF, no
    # path or extension of someone else's choosing.
    return _UNSAFE_IN_FILENAME.sub("-", "_".join(parts)) + f".{FORMATS[name].extension}"


_UNSAFE_IN_FILENAME = re.compile(r"[^A-Za-z0-9_-]", re.ASCII)
