"""The forward agenda and the consolidated report as documents: Word and PDF (through
`tables`), and the agenda as CSV. Pure Python: they read the core's entries and figures."""

from __future__ import annotations

import csv
import io
from datetime import date

from jalon.core.agenda import Entry, in_language
from jalon.core.bodies import BODIES_BY_CODE
from jalon.core.consolidated import LEVELS, BodyFigures, Consolidated
from jalon.documents.labels import LABELS
from jalon.documents.report import _date, _span
from jalon.documents.tables import Page, Table, TableDocument
from jalon.documents.text import _safe

AGENDA_LABELS = {
    "fr": {
        "title": "Ordre du jour prévisionnel — {body}",
        "session": "Session {session} : {dates}",
        "period": "Période : {dates}",
        "reference": "Ordre du jour prévisionnel – {body} – {period}",
        "count": "{n} échéance(s) de {p} programme(s)",
        "heading": "Échéances devant l'organe",
        "columns": ["Jalon", "Programme", "Activité", "Devant", "Chef de file",
                    "Délai (tel qu'écrit)", "Dernier état d'avancement", "Niveau"],
        "empty": "Aucune activité n'a d'échéance devant cet organe pendant cette période.",
        "generated": "Établi le {date}",
        "status": "{session} — {keyword}",
    },
    "en": {
        "title": "Forward agenda — {body}",
        "session": "Session {session}: {dates}",
        "period": "Period: {dates}",
        "reference": "Forward agenda – {body} – {period}",
        "count": "{n} milestone(s) from {p} programme(s)",
        "heading": "Milestones before the body",
        "columns": ["Milestone", "Programme", "Activity", "Before", "Lead body",
                    "Deadline (as written)", "Latest status", "Level"],
        "empty": "No activity has a milestone before this body in this period.",
        "generated": "Prepared on {date}",
        "status": "{session} — {keyword}",
    },
}  # fmt: skip

REPORT_LABELS = {
    "fr": {
        "title": "Rapport consolidé des programmes de travail au {date}",
        "subtitle": "Pour la Commission de politique générale et le Conseil",
        "reference": "Rapport consolidé – {date}",
        "summary": "Synthèse de tous les organes",
        "figures": ["Organe", "Programme", "Session lue", "Activités", "Liées au Plan "
                    "stratégique", "Vert", "Bleu", "Rouge", "Sans niveau", "En retard"],
        "total": "Total",
        "body_heading": "{name} ({acronym}) — programme {start}-{end}",
        "session": "Session lue : {session}",
        "no_session": "Aucune session tenue à cette date : aucun état d'avancement.",
        "counts": "{n} activités ({t} assorties d'un délai) ; {linked} liées au Plan "
                  "stratégique ({share}).",
        "levels": "Niveaux d'exécution (section I) : vert {green}, bleu {blue}, rouge {red}, "
                  "sans niveau {none}.",
        "suggested": "{n} niveau(x) non enregistré(s), suggéré(s) par jalon d'après l'état "
                     "d'avancement (note 7).",
        "red": "Activités au niveau rouge",
        "overdue_count": "Activités en retard (échéance dépassée, non achevées) : {n} ({refs}).",
        "columns": ["N°", "Activité", "Délai", "État d'avancement"],
        "no_red": "Aucune activité au niveau rouge.",
    },
    "en": {
        "title": "Consolidated report on the work programmes at {date}",
        "subtitle": "For the Policy Commission and the Council",
        "reference": "Consolidated report – {date}",
        "summary": "Summary of every body",
        "figures": ["Body", "Programme", "Session read", "Activities", "Linked to the "
                    "Strategic Plan", "Green", "Blue", "Red", "No level", "Overdue"],
        "total": "Total",
        "body_heading": "{name} ({acronym}) — {start}-{end} programme",
        "session": "Session read: {session}",
        "no_session": "No session held by this date: no status.",
        "counts": "{n} activities ({t} time-bound); {linked} linked to the Strategic Plan "
                  "({share}).",
        "levels": "Execution levels (section I): green {green}, blue {blue}, red {red}, "
                  "no level {none}.",
        "suggested": "{n} level(s) not recorded, suggested by jalon from the status text "
                     "(footnote 7).",
        "red": "Activities at the red level",
        "overdue_count": "Overdue activities (due date passed, not completed): {n} ({refs}).",
        "columns": ["No.", "Activity", "Deadline", "Status"],
        "no_red": "No activity at the red level.",
    },
}  # fmt: skip


def acronym(code: str, lang: str) -> str:
    info = BODIES_BY_CODE.get(code)
    return (info.acronym_fr if lang == "fr" else info.acronym_en) if info else code


def body_name(code: str, lang: str) -> str:
    info = BODIES_BY_CODE.get(code)
    return (info.name_fr if lang == "fr" else info.name_en) if info else code


def period_text(start: date, end: date, lang: str) -> str:
    return _span(start, end, LABELS[lang])


def agenda_rows(entries: list[Entry], lang: str) -> list[list[str]]:
    """The agenda's rows in `lang`, the columns of `AGENDA_LABELS[lang]["columns"]`."""
    labels = LABELS[lang]
    rows = []
    for entry in entries:
        status = in_language(entry.status, lang)
        if entry.status_session:
            keyword = labels["keywords"].get(entry.keyword, "") if entry.keyword else ""
            prefix = (
                AGENDA_LABELS[lang]["status"]
                .format(session=entry.status_session, keyword=keyword)
                .rstrip(" —")
            )
            status = f"{prefix}\n{status}" if status else prefix
        rows.append([
            period_text(entry.start, entry.end, lang),
            f"{acronym(entry.programme, lang)} {entry.period[0]}-{entry.period[1]}",
            f"{entry.ref} {in_language(entry.title, lang)}",
            ", ".join(acronym(b, lang) for b in entry.bodies),
            acronym(entry.lead, lang) if entry.lead else "",
            in_language(entry.deadline, lang),
            status,
            entry.level or "",
        ])  # fmt: skip
    return rows


def agenda_document(entries: list[Entry], body: str, start: date, end: date, lang: str,
                    session: str = "", today: date | None = None) -> TableDocument:  # fmt: skip
    labels = AGENDA_LABELS[lang]
    dates = period_text(start, end, lang)
    subtitle = (labels["session"].format(session=session, dates=dates) if session
                else labels["period"].format(dates=dates))  # fmt: skip
    table = Table(labels["columns"], [14, 11, 34, 9, 8, 18, 48, 7], agenda_rows(entries, lang),
                  level_column=7, empty=labels["empty"])  # fmt: skip
    programmes = {e.programme_id for e in entries}
    return TableDocument(
        lang=lang,
        title=labels["title"].format(body=body_name(body, lang)),
        subtitle=subtitle,
        reference=labels["reference"].format(body=acronym(body, lang), period=session or dates),
        date=labels["generated"].format(date=_date(today or date.today(), LABELS[lang])),
        pages=[Page(labels["heading"], [labels["count"].format(n=len(entries),
                    p=len(programmes))], [("", table)])],
    )  # fmt: skip


def agenda_csv(entries: list[Entry], lang: str) -> bytes:
    """Semicolon-separated, every field quoted, UTF-8 with a BOM (Excel reads it), like
    the session document's CSV; the level as a word; dates as ISO dates too."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL)
    columns = AGENDA_LABELS[lang]["columns"]
    start_end = ["start", "end"] if lang == "en" else ["début", "fin"]
    writer.writerow([*start_end, *columns[1:], "uid"])
    levels = LABELS[lang]["levels"]
    for entry, row in zip(entries, agenda_rows(entries, lang), strict=True):
        row[-1] = levels.get(row[-1], "")
        values = [entry.start.isoformat(), entry.end.isoformat(), *row[1:], entry.uid]
        writer.writerow([_safe(v) for v in values])
    return buffer.getvalue().encode("utf-8-sig")


def _percent(share: float | None, lang: str) -> str:
    if share is None:
        return "—"
    text = f"{share * 100:.0f} %"
    return text if lang == "fr" else text.replace(" ", "")


def _listed_rows(items, lang: str) -> list[list[str]]:
    return [[item.ref, in_language(item.title, lang), in_language(item.deadline, lang),
             in_language(item.status, lang)] for item in items]  # fmt: skip


def report_document(report: Consolidated, lang: str) -> TableDocument:
    labels = REPORT_LABELS[lang]
    day = _date(report.as_of, LABELS[lang])

    def figures_row(name: str, programme: str, session: str, f: BodyFigures) -> list[str]:
        return [name, programme, session, str(f.activities),
                f"{f.linked} ({_percent(f.linked_share, lang)})",
                *(str(f.levels[level]) for level in LEVELS), str(len(f.overdue))]  # fmt: skip

    summary = Table(labels["figures"], [12, 12, 14, 9, 14, 7, 7, 7, 9, 9], level_column=None)
    for f in report.bodies:
        summary.rows.append(figures_row(acronym(f.body, lang), f"{f.period[0]}-{f.period[1]}",
                                        f.session or "—", f))  # fmt: skip
    summary.rows.append(figures_row(labels["total"], "", "", report.total))
    total = report.total
    notes = [labels["suggested"].format(n=total.suggested)] if total.suggested else []
    pages = [Page(labels["summary"], notes, [("", summary)])]
    for f in report.bodies:
        paragraphs = [
            labels["session"].format(session=f.session) if f.session else labels["no_session"],
            labels["counts"].format(n=f.activities, t=f.time_bound, linked=f.linked,
                                    share=_percent(f.linked_share, lang)),
            labels["levels"].format(**f.levels),
            labels["overdue_count"].format(n=len(f.overdue), refs=", ".join(
                item.ref for item in f.overdue) or "—"),
        ]  # fmt: skip
        if f.suggested:
            paragraphs.append(labels["suggested"].format(n=f.suggested))
        weights = [6, 40, 22, 60]
        pages.append(Page(
            labels["body_heading"].format(name=body_name(f.body, lang),
                                          acronym=acronym(f.body, lang), start=f.period[0],
                                          end=f.period[1]),
            paragraphs,
            [(labels["red"], Table(labels["columns"], weights, _listed_rows(f.red, lang),
                                   empty=labels["no_red"]))],
        ))  # fmt: skip
    return TableDocument(
        lang=lang,
        title=labels["title"].format(date=day),
        subtitle=labels["subtitle"],
        reference=labels["reference"].format(date=report.as_of.isoformat()),
        date=day,
        pages=pages,
    )
