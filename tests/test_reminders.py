"""jalon remind: e-mails to officers and a digest to coordinators, once a day."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from jalon.accounts.roles import create_user
from jalon.programmes.models import Programme
from jalon.reporting.models import ReminderSettings, Session
from jalon.reporting.services import assign, find_activity
from tests.test_web import signed_in


@pytest.fixture
def due_round(people):
    session = Session.objects.get(code="CTP-245-246")
    session.documents_due = date(2024, 10, 1)
    session.save()
    programme = Programme.objects.get()
    for user in people.values():
        user.email = f"{user.username}@example.org"
        user.save()
    assign([find_activity(f"I.{n}", programme) for n in (1, 2, 3)], people["alice"])
    carol = create_user("carol", "coordinator", "pw-carol-1", bodies=["CTP"])
    carol.email = "carol@example.org"
    carol.save()
    return session


def run(today: str, days: int = 7) -> str:
    from io import StringIO

    out = StringIO()
    call_command("remind", f"--today={today}", f"--days={days}", stdout=out)
    return out.getvalue()


def test_officers_get_their_waiting_statuses_and_coordinators_a_digest(due_round, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert run("2024-09-20") == "0 reminder(s) and 0 digest(s) sent; 0 already sent today.\n"
    assert "1 reminder(s) and 2 digest(s) sent" in run("2024-09-25")  # carol and root
    to_alice = next(m for m in mail.outbox if m.to == ["alice@example.org"])
    assert to_alice.subject == ("CTP-245-246 : 3 états d'avancement vous attendent / "
                                "CTP-245-246: 3 statuses wait for you")  # fmt: skip
    assert "I.1 · Carried forward, not yet reviewed" in to_alice.body
    assert "/rounds/CTP-245-246/I.1/edit/" in to_alice.body
    digest = next(m for m in mail.outbox if m.to == ["carol@example.org"])
    assert "- alice: 3" in digest.body and "91 of them have no officer." in digest.body


def test_remind_is_idempotent_per_day_and_respects_the_opt_out(due_round, people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run("2024-09-25")
    assert "0 reminder(s) and 0 digest(s) sent; 3 already sent today." in run("2024-09-25")
    ReminderSettings.objects.create(user=people["alice"], enabled=False)
    assert "0 reminder(s) and 2 digest(s) sent" in run("2024-09-26")
    assert len(mail.outbox) == 5


def test_users_turn_reminders_off_on_their_account_page(people):
    alice = signed_in(people["alice"])
    assert "Send me reminders" in alice.get("/account/").content.decode()
    alice.post("/account/", {})
    assert ReminderSettings.objects.get(user=people["alice"]).enabled is False


def test_the_due_date_is_set_on_the_round_page(people):
    alice = signed_in(people["alice"])
    alice.post("/rounds/CTP-245-246/due/", {"documents_due": "2024-10-01"})
    assert Session.objects.get(code="CTP-245-246").documents_due == date(2024, 10, 1)
    assert "documents due Oct. 1, 2024" in alice.get("/rounds/CTP-245-246/").content.decode()
    french = signed_in(people["alice"], "fr").get("/rounds/CTP-245-246/").content.decode()
    assert "documents attendus le 1 octobre 2024" in french


def test_remind_refuses_a_bad_date():
    with pytest.raises(CommandError, match="not a date"):
        call_command("remind", "--today=tomorrow")
