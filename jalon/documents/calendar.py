"""The forward agenda as an iCalendar feed (RFC 5545, written by the `icalendar` library):
one all-day event per milestone, spanning its days, with a UID that stays the same for
the same activity and milestone (imports and renumbering keep it), the activity's ref and
title as summary, its deadline, latest status and level as description, and its page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from jalon.core.agenda import Entry, in_language
from jalon.documents.agenda import acronym
from jalon.documents.labels import LABELS

DESCRIPTION = {
    "fr": {"deadline": "Délai : {text}", "before": "Devant : {bodies}",
           "lead": "Chef de file : {body}", "status": "Dernier état ({session}) : {keyword}",
           "level": "Niveau d'exécution : {level}", "none": "Aucun état d'avancement."},
    "en": {"deadline": "Deadline: {text}", "before": "Before: {bodies}",
           "lead": "Lead body: {body}", "status": "Latest status ({session}): {keyword}",
           "level": "Execution level: {level}", "none": "No status yet."},
}  # fmt: skip


def render_ics(entries: list[Entry], lang: str, name: str, url_of: Callable[[Entry], str],
               domain: str = "jalon") -> bytes:  # fmt: skip
    from icalendar import Calendar, Event

    labels, words = LABELS[lang], DESCRIPTION[lang]
    calendar = Calendar()
    calendar.add("prodid", "-//jalon//forward agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = datetime.now(UTC).replace(microsecond=0)
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.key}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.start)
        event.add("dtend", entry.end + timedelta(days=1))  # all-day: the end is exclusive
        event.add("summary", f"{acronym(entry.programme, lang)} {entry.ref} "
                             f"{in_language(entry.title, lang)}")  # fmt: skip
        lines = [
            words["deadline"].format(text=in_language(entry.deadline, lang)),
            words["before"].format(bodies=", ".join(acronym(b, lang) for b in entry.bodies)),
        ]
        if entry.lead:
            lines.append(words["lead"].format(body=acronym(entry.lead, lang)))
        if entry.status_session:
            keyword = labels["keywords"].get(entry.keyword, "—") if entry.keyword else "—"
            lines.append(words["status"].format(session=entry.status_session, keyword=keyword))
            if entry.level:
                lines.append(words["level"].format(level=labels["levels"][entry.level]))
            status = in_language(entry.status, lang)
            if status:
                lines.append(status)
        else:
            lines.append(words["none"])
        event.add("description", "\n".join(lines))
        event.add("url", url_of(entry))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
