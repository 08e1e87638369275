"""Reminder e-mails: each officer gets the statuses of the round still waiting for them,
N days before the session's documents are due; each coordinator gets a digest. At most
one of each a day (`ReminderSent`), so `jalon remind` can run from cron as often as one
likes. Users who turned reminders off get none."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from jalon.accounts.roles import ADMIN, COORDINATOR, role_of
from jalon.reporting.models import ReminderSent, ReminderSettings, Session
from jalon.reporting.services import programme_of
from jalon.reporting.todo import REVIEWED, RoundRows


@dataclass
class Sent:
    reminders: int = 0
    digests: int = 0
    already: int = 0  # sent earlier today


def due_sessions(today: date, days: int):
    """Open sessions whose documents are due within `days` days (and not past)."""
    return Session.objects.filter(
        frozen=False, documents_due__gte=today, documents_due__lte=today + timedelta(days=days)
    ).select_related("body")


def wants_reminders(user) -> bool:
    choice = ReminderSettings.objects.filter(user=user).values_list("enabled", flat=True).first()
    return bool(user.email) and choice is not False


def remind(today: date, days: int = 7) -> Sent:
    sent = Sent()
    users = {u.username: u for u in get_user_model().objects.filter(is_active=True)}
    for session in due_sessions(today, days):
        rows = RoundRows(session, programme_of(session)).all()
        waiting = defaultdict(list)
        for row in rows:
            if row.state in REVIEWED:
                continue
            for name in {row.officer, row.deputy} - {""}:
                waiting[name].append(row)
        context = {"session": session, "base": settings.JALON_BASE_URL,
                   "round": reverse("web:round", args=[session.code])}  # fmt: skip
        for name, mine in sorted(waiting.items()):
            user = users.get(name)
            if user and wants_reminders(user):
                message = {**context, "user": user, "rows": mine}
                if _send_once(user, session, today, False, "reminder", message):
                    sent.reminders += 1
                else:
                    sent.already += 1
        coordinators = [u for u in users.values() if role_of(u) in (COORDINATOR, ADMIN)]
        by_officer = sorted(((name or "—", len(mine)) for name, mine in waiting.items()))
        unassigned = sum(1 for r in rows if not r.officer and r.state not in REVIEWED)
        for user in coordinators:
            if wants_reminders(user):
                message = {**context, "user": user, "by_officer": by_officer,
                           "unassigned": unassigned,
                           "left": sum(1 for r in rows if r.state not in REVIEWED),
                           "total": len(rows)}  # fmt: skip
                if _send_once(user, session, today, True, "digest", message):
                    sent.digests += 1
                else:
                    sent.already += 1
    return sent


def _send_once(user, session, today, digest, template, context) -> bool:
    """Send the e-mail, in French then English, unless it was sent today already."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(user=user, session=session, day=today, digest=digest)
            subjects, bodies = [], []
            for language in ("fr", "en"):
                with translation.override(language):
                    subjects.append(
                        render_to_string(f"reporting/{template}_subject.txt", context).strip()
                    )
                    bodies.append(render_to_string(f"reporting/{template}.txt", context).strip())
            send_mail(" / ".join(subjects), "\n\n———\n\n".join(bodies) + "\n", None,
                      [user.email])  # fmt: skip
    except IntegrityError:
        return False
    return True
