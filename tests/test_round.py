"""The reporting round in the web application: freezing, the to-do list, review."""

import re

from jalon.accounts.roles import create_user
from jalon.core.synthetic import synthetic_programme
from jalon.interchange.store import store
from jalon.programmes.models import Programme
from jalon.reporting.models import Assignment, Session, StatusReport
from jalon.reporting.services import assign, find_activity, set_status
from jalon.reporting.todo import RoundRows
from tests.test_web import signed_in

ROUND = "/rounds/CTP-245-246/"


def test_freezing_asks_first_and_names_what_is_left_in_french(people):
    alice = signed_in(people["alice"], "fr")
    page = alice.get(ROUND + "freeze/").content.decode()
    assert "Figer le cycle CTP-245-246 ?" in page
    assert "94 états d'avancement sont encore repris" in page
    assert not Session.objects.get(code="CTP-245-246").frozen  # asking changes nothing
    page = alice.post(ROUND + "freeze/").content.decode()  # nothing approved, no coordinator
    assert "Seul un coordinateur" in page
    assert not Session.objects.get(code="CTP-245-246").frozen


def test_round_pages_have_no_inline_script_or_style(people):
    alice = signed_in(people["alice"])
    for url in (ROUND, ROUND + "freeze/", ROUND + "I.8/edit/"):
        page = alice.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)|\bon[a-z]+=|style=", page), url


def rows_of(page: str) -> list[str]:
    return re.findall(r'<td class="activity"><a [^>]*><span class="ref">([IV.\d]+)</span>', page)


def test_the_round_page_is_the_to_do_list_of_every_activity(people):
    alice = signed_in(people["alice"])
    page = alice.get(ROUND).content.decode()
    assert len(rows_of(page)) == 94
    assert "0 of 94 reviewed" in page
    assert '<progress max="94" value="0"' in page
    assert page.count("Carried forward, not yet reviewed") >= 94
    assert 'href="/rounds/CTP-245-246/I.8/edit/"' in page  # straight into the editor


def test_the_to_do_list_shows_updates_officers_and_findings(people):
    programme = Programme.objects.get()
    i8 = find_activity("I.8", programme)
    set_status(i8, Session.objects.get(code="CTP-245-246"), keyword="in_progress",
               text="En cours : rien de daté.", user=people["alice"])  # fmt: skip
    assign([i8], people["alice"], people["root"])
    alice = signed_in(people["alice"])
    page = alice.get(ROUND + "?officer=me").content.decode()
    assert rows_of(page) == ["I.8"]
    assert "Updated" in page and "In progress" in page and "deputy: root" in page
    assert "no dated milestones" in page and "no next steps" in page
    assert rows_of(alice.get(ROUND + "?state=updated").content.decode()) == ["I.8"]
    assert "I.8" not in rows_of(alice.get(ROUND + "?state=carried").content.decode())
    overdue = rows_of(alice.get(ROUND + "?finding=overdue").content.decode())
    assert overdue and all(ref.startswith("I.") for ref in overdue)
    assert rows_of(alice.get(ROUND + "?body=CTRO").content.decode())


def test_the_french_to_do_list_has_no_raw_identifiers(people):
    page = signed_in(people["alice"], "fr").get(ROUND).content.decode()
    assert "Repris, pas encore revu" in page
    assert "0 sur 94 revus" in page
    for raw in ("in_progress", "carried", "status-milestones", "time_bound"):
        assert f">{raw}<" not in page


def test_officers_are_assigned_in_bulk_and_imports_keep_them(people, real_document):
    alice = signed_in(people["alice"])
    programme = Programme.objects.get()
    ids = list(programme.activities.time_bound().values_list("pk", flat=True)[:5])
    response = alice.post(ROUND + "assign/", {"activities": ids, "officer": people["alice"].pk,
                                              "deputy": "", "query": "state=carried"})  # fmt: skip
    assert response["Location"] == ROUND + "?state=carried"
    assert Assignment.objects.filter(officer=people["alice"]).count() == 5
    store(real_document)  # imports rewrite activities; assignments stay
    mine = rows_of(alice.get(ROUND + "?officer=me").content.decode())
    assert mine == ["I.1", "I.2", "I.3", "I.4", "I.5"]
    alice.post(ROUND + "assign/", {"activities": ids[:1], "officer": "none", "deputy": ""})
    assert Assignment.objects.filter(officer=people["alice"]).count() == 4


def test_members_cannot_assign(people):
    bob = signed_in(people["bob"])
    assert bob.post(ROUND + "assign/", {"activities": [1], "officer": "none"}).status_code == 403


def test_the_to_do_list_takes_a_constant_number_of_queries(people, django_assert_max_num_queries):
    alice = signed_in(people["alice"])
    with django_assert_max_num_queries(14):
        assert alice.get(ROUND).status_code == 200
    # A programme of 600 activities (another body's: a programme's activities are matched
    # by identity, so the PTC's cannot simply be replaced), its open round.
    store(synthetic_programme(600, 3, body="CRC"))
    open_round = Session.objects.get(body__code="CRC", frozen=False).code
    with django_assert_max_num_queries(14):
        page = alice.get(f"/rounds/{open_round}/").content.decode()
    assert "600 activities" in page and len(rows_of(page)) == 100  # a page of them
    assert "Page 1 of 6" in page


def test_the_to_do_rows_are_remembered_until_the_data_changes(people, django_assert_num_queries):
    alice = signed_in(people["alice"])
    first = alice.get(ROUND).content.decode()
    assert "0 of 94 reviewed" in first
    # Seen again with nothing changed: the rows are not read again (session, user, role,
    # the user's bodies, round, programme, data version, officers' choices, the body
    # picker's programmes; no rows, no responsible bodies).
    with django_assert_num_queries(9):
        assert rows_of(alice.get(ROUND).content.decode()) == rows_of(first)
    # Any change is seen at once: a status, an assignment.
    programme = Programme.objects.get()
    i8 = find_activity("I.8", programme)
    set_status(i8, Session.objects.get(code="CTP-245-246"), keyword="in_progress",
               text="En cours : rien de daté.", user=people["alice"], submit=True)  # fmt: skip
    assert "1 of 94 reviewed" in alice.get(ROUND).content.decode()
    assign([i8], people["root"], None)
    assert rows_of(alice.get(ROUND + "?officer=root").content.decode()) == ["I.8"]


def test_save_and_next_follows_the_filtered_list(people):
    session = Session.objects.get(code="CTP-245-246")
    todo = RoundRows(session, Programme.objects.get())
    assert todo.next_after("I.8", {}).ref == "I.9"
    assert todo.next_after("I.42", {}).ref == "II.1"
    assign([find_activity("I.20", Programme.objects.get())], people["alice"])
    todo = RoundRows(session, Programme.objects.get())
    assert todo.next_after("I.8", {"officer": "me"}, people["alice"]).ref == "I.20"
    assert todo.next_after("I.20", {"officer": "me"}, people["alice"]) is None


def test_the_editor_shows_the_context_and_saves_and_opens_the_next(people):
    alice = signed_in(people["alice"])
    page = alice.get(ROUND + "I.8/edit/?officer=none").content.decode()
    assert "Status at CTP-243-244" in page  # the previous status, beside the fields
    assert "Key performance indicators" in page and 'class="milestones"' in page
    assert '<script src="/static/web/editor.js" defer>' in page
    response = alice.post(ROUND + "I.8/edit/?officer=none", {
        "keyword": "completed", "execution_level": "green", "version": 1, "next": "1",
        "text_fr": "Achevé : adopté en octobre 2024.", "text_en": "Completed in October 2024.",
    })  # fmt: skip
    assert response["Location"] == ROUND + "I.9/edit/?officer=none"
    report = StatusReport.objects.get(session__code="CTP-245-246", activity__number=8,
                                      activity__section="time_bound")  # fmt: skip
    assert (report.keyword, report.review, report.carried_forward) == ("completed", "draft", False)
    page = alice.get(ROUND + "I.8/edit/").content.decode()
    assert "<ins>" in page  # the diff against the previous session


def test_the_editor_hints_follow_the_text_being_typed(people):
    alice = signed_in(people["alice"])
    hints = alice.post(ROUND + "I.8/hints/", {"keyword": "", "text_fr": "Rien."}).json()
    rules = {"status-keyword", "status-milestones", "status-next-steps"}
    assert rules <= {h["rule"] for h in hints["hints"]}
    text = "En cours : adopté en mai 2024. Le projet sera présenté en juin 2025."
    hints = alice.post(ROUND + "I.8/hints/", {"keyword": "in_progress", "text_fr": text,
                                              "execution_level": "blue"}).json()  # fmt: skip
    assert not {h["rule"] for h in hints["hints"]} & rules
    assert signed_in(people["bob"]).post(ROUND + "I.8/hints/").status_code == 403


def test_section_ii_offers_no_execution_level(people):
    alice = signed_in(people["alice"])
    assert 'name="execution_level"' not in alice.get(ROUND + "II.3/edit/").content.decode()
    assert 'name="execution_level"' in alice.get(ROUND + "I.3/edit/").content.decode()
    alice.post(ROUND + "II.3/edit/", {"keyword": "in_progress", "execution_level": "green",
                                      "text_fr": "En cours.", "version": 1})  # fmt: skip
    report = StatusReport.objects.get(session__code="CTP-245-246", activity__number=3,
                                      activity__section="permanent")  # fmt: skip
    assert report.execution_level is None


def test_saving_with_submit_hands_the_status_in(people):
    alice = signed_in(people["alice"])
    fields = {"keyword": "in_progress", "execution_level": "blue", "text_fr": "En cours.",
              "version": 1, "submit": "on"}  # fmt: skip
    alice.post(ROUND + "I.5/edit/", fields)
    report = StatusReport.objects.get(session__code="CTP-245-246", activity__number=5,
                                      activity__section="time_bound")  # fmt: skip
    assert report.review == "submitted"
    assert "1 of 94 reviewed" in alice.get(ROUND).content.decode()


def test_a_coordinator_approves_sends_back_and_freezes(people):
    carol = create_user("carol", "coordinator", "pw-carol-1", bodies=["CTP"])
    alice, coordinator = signed_in(people["alice"]), signed_in(carol)
    programme = Programme.objects.get()
    ids = list(programme.activities.values_list("pk", flat=True))
    alice.post(ROUND + "assign/", {"activities": ids[:3], "action": "submit"})
    assert "3 of 94 reviewed" in alice.get(ROUND).content.decode()
    response = alice.post(ROUND + "assign/", {"activities": ids, "action": "approve"})
    assert "only a coordinator" in alice.get(response["Location"]).content.decode().lower()
    refused = coordinator.post(ROUND + "I.1/review/", {"action": "send_back", "comment": ""})
    assert "Say why" in coordinator.get(refused["Location"]).content.decode()
    coordinator.post(ROUND + "I.1/review/", {"action": "send_back", "comment": "Dates?"})
    report = StatusReport.objects.get(session__code="CTP-245-246", activity=ids[0])
    assert report.review == "returned"
    assert [c.text for c in report.comments.all()] == ["Dates?"]
    assert "Dates?" in alice.get(ROUND + "I.1/edit/").content.decode()
    coordinator.post(ROUND + "assign/", {"activities": ids, "action": "approve"})
    assert "94 of 94 reviewed" in alice.get(ROUND).content.decode()
    alice.post(ROUND + "freeze/")  # all approved: the Secretariat can freeze
    assert Session.objects.get(code="CTP-245-246").frozen


def test_a_coordinator_overrides_with_a_recorded_reason(people):
    carol = signed_in(create_user("carol", "coordinator", "pw-carol-1", bodies=["CTP"]))
    page = carol.post(ROUND + "freeze/", {"reason": ""}).content.decode()
    assert "give the reason" in page
    carol.post(ROUND + "freeze/", {"reason": "The committee meets tomorrow."})
    session = Session.objects.get(code="CTP-245-246")
    assert session.frozen
    assert session.history.first().history_change_reason == (
        "frozen (override: The committee meets tomorrow.)"
    )


def test_administrators_unfreeze_from_the_web_with_a_reason(people):
    root, alice = signed_in(people["root"]), signed_in(people["alice"])
    assert alice.get("/rounds/CTP-243-244/unfreeze/").status_code == 403
    assert "Unfreeze…" in root.get("/rounds/CTP-243-244/").content.decode()
    page = root.post("/rounds/CTP-243-244/unfreeze/", {"reason": ""}).content.decode()
    assert "This field is required" in page
    assert Session.objects.get(code="CTP-243-244").frozen
    root.post("/rounds/CTP-243-244/unfreeze/", {"reason": "Typo in I.8"})
    session = Session.objects.get(code="CTP-243-244")
    assert not session.frozen
    assert session.history.first().history_change_reason == "unfrozen: Typo in I.8"


def grid_post(page_rows: dict, changes: dict) -> dict:
    """The grid's form data as the page holds it, with `changes` by row index."""
    data = {"form-TOTAL_FORMS": len(page_rows), "form-INITIAL_FORMS": len(page_rows)}
    for index, row in page_rows.items():
        for name, value in {**row, **changes.get(index, {})}.items():
            data[f"form-{index}-{name}"] = value
    return data


def grid_rows(response) -> dict:
    formset = response.context["formset"]
    return {i: {k: ("" if v is None else v) for k, v in form.initial.items()}
            for i, form in enumerate(formset)}  # fmt: skip


def test_the_grid_saves_every_changed_row_at_once(people):
    alice = signed_in(people["alice"])
    response = alice.get(ROUND + "grid/?body=CTRO")
    rows = grid_rows(response)
    assert rows and 'name="form-0-text_en"' in response.content.decode()
    changes = {0: {"text_en": "Translated."}, 1: {"keyword": "postponed"}}
    saved = alice.post(ROUND + "grid/?body=CTRO", grid_post(rows, changes))
    assert saved.status_code == 302
    assert "2 statuses saved." in alice.get(saved["Location"]).content.decode()
    first = StatusReport.objects.get(session__code="CTP-245-246", activity=rows[0]["activity"])
    assert first.text_en == "Translated." and first.text_fr == rows[0]["text_fr"]
    second = StatusReport.objects.get(session__code="CTP-245-246", activity=rows[1]["activity"])
    assert second.keyword == "postponed"


def test_a_stale_row_refuses_the_whole_grid(people):
    alice = signed_in(people["alice"])
    rows = grid_rows(alice.get(ROUND + "grid/?body=CTRO"))
    stale = StatusReport.objects.get(session__code="CTP-245-246", activity=rows[1]["activity"])
    set_status(stale.activity, stale.session, text="Someone else.", lang="en")
    page = alice.post(ROUND + "grid/?body=CTRO", grid_post(rows, {
        0: {"text_en": "Mine."}, 1: {"text_en": "Mine too."}})).content.decode()  # fmt: skip
    assert "nothing was saved." in page and "Mine too." in page  # nothing typed is lost
    first = StatusReport.objects.get(session__code="CTP-245-246", activity=rows[0]["activity"])
    assert first.text_en != "Mine."


def test_a_row_saved_meanwhile_but_not_touched_here_is_neither_refused_nor_overwritten(people):
    """Someone saves row 1 while the grid is open; the officer changes row 0 only. The
    page's row 1 differs from the stored one but was not edited: row 0 is saved, row 1
    keeps what the other person saved (it used to refuse the save, and saving again
    after the refusal put the page's old text back over theirs)."""
    alice = signed_in(people["alice"])
    rows = grid_rows(alice.get(ROUND + "grid/?body=CTRO"))
    other = StatusReport.objects.get(session__code="CTP-245-246", activity=rows[1]["activity"])
    set_status(other.activity, other.session, text="Someone else.", lang="en")
    saved = alice.post(ROUND + "grid/?body=CTRO", grid_post(rows, {0: {"text_en": "Mine."}}))
    assert saved.status_code == 302
    assert "1 status saved." in alice.get(saved["Location"]).content.decode()
    first = StatusReport.objects.get(session__code="CTP-245-246", activity=rows[0]["activity"])
    assert first.text_en == "Mine."
    other.refresh_from_db()
    assert other.text_en == "Someone else."


def test_a_row_edited_here_and_saved_meanwhile_is_refused_then_saved_knowingly(people):
    alice = signed_in(people["alice"])
    rows = grid_rows(alice.get(ROUND + "grid/?body=CTRO"))
    other = StatusReport.objects.get(session__code="CTP-245-246", activity=rows[1]["activity"])
    set_status(other.activity, other.session, text="Someone else.", lang="en")
    changes = {0: {"text_en": "Mine."}, 1: {"text_en": "Mine too."}}
    refused = alice.post(ROUND + "grid/?body=CTRO", grid_post(rows, changes))
    assert refused.status_code == 200 and "Saved meanwhile by someone else" in (
        refused.content.decode()
    )
    version = refused.context["formset"][1]["version"].value()
    saved = alice.post(
        ROUND + "grid/?body=CTRO",
        grid_post(rows, {**changes, 1: {**changes[1], "version": version}}),
    )
    assert saved.status_code == 302
    other.refresh_from_db()
    assert other.text_en == "Mine too."


def test_a_row_leaving_the_grids_filter_meanwhile_shifts_no_other_row(people):
    """The officer's grid lists the statuses not yet submitted; meanwhile an administrator
    approves the first one, which leaves that filter. The page still holds it: each posted
    row is compared with that activity's values, not with the row now at its index, so
    only the row edited is saved (the others were all saved again, the approval undone)."""
    from jalon.reporting.services import review

    alice = signed_in(people["alice"])
    url = ROUND + "grid/?body=CTRO&state=todo"
    rows = grid_rows(alice.get(url))
    assert len(rows) > 2
    first = StatusReport.objects.get(session__code="CTP-245-246", activity=rows[0]["activity"])
    review([first], "approve", people["root"])
    last = len(rows) - 1
    saved = alice.post(url, grid_post(rows, {last: {"text_en": "Mine."}}))
    assert saved.status_code == 302
    assert "1 status saved." in alice.get(saved["Location"]).content.decode()
    first.refresh_from_db()
    assert first.review == "approved"
    edited = StatusReport.objects.get(session__code="CTP-245-246", activity=rows[last]["activity"])
    assert edited.text_en == "Mine."


def test_the_grid_saves_no_status_of_another_programmes_activity(people):
    """A row posted with the id of an activity outside the round's programme (another
    body's) is refused: nothing saved, no status of it at this session."""
    store(synthetic_programme(5, 1, body="CRC"))
    foreign = Programme.objects.get(body__code="CRC").activities.first()
    alice = signed_in(people["alice"])
    rows = grid_rows(alice.get(ROUND + "grid/?body=CTRO"))
    posted = grid_post(rows, {0: {"activity": foreign.pk, "version": 1, "text_en": "Stray."}})
    response = alice.post(ROUND + "grid/?body=CTRO", posted)
    assert response.status_code == 400
    assert not StatusReport.objects.filter(session__code="CTP-245-246", activity=foreign).exists()


def test_dashboard_findings_lead_to_the_filtered_list(people):
    bob = signed_in(people["bob"], "fr")
    dashboard = bob.get("/?session=CTP-243-244").content.decode()
    assert 'href="/activities/?rule=priority&amp;session=CTP-243-244"' in dashboard
    page = bob.get("/activities/?rule=priority&session=CTP-243-244").content.decode()
    assert "6 activités" in page and "Constat du contrôle des règles" in page


def test_search_ignores_accents_and_case_in_both_languages(people):
    bob = signed_in(people["bob"], "fr")
    accented = bob.get("/activities/?q=Achev%C3%A9&session=CTP-243-244").content.decode()
    plain = bob.get("/activities/?q=ACHEVE&session=CTP-243-244").content.decode()
    found = re.findall(r'href="/activities/(I+\.\d+)/', plain)
    assert found and found == re.findall(r'href="/activities/(I+\.\d+)/', accented)
    assert "aucune activité" not in plain.lower()


def test_french_pages_give_rule_dates_and_refusals_in_french(people):
    """Dates in the page's language (« 27 avril 2023 »), and the core's refusals of a
    value translated, not its English."""
    from jalon.core.rules import check
    from jalon.interchange.store import load

    findings = check(load(Programme.objects.get()), "CTP-245-246").findings
    overdue = next(
        f for f in findings if f.rule == "overdue" and str(f.params["due"]) == "2023-04-27"
    )
    url = f"/activities/{overdue.ref}/?session=CTP-245-246"
    alice = signed_in(people["alice"], "fr")
    page = alice.get(url).content.decode()
    assert "prévue le 27 avril 2023" in page and "2023-04-27" not in page
    english = signed_in(people["alice"]).get(url)
    assert "due 27 April 2023" in english.content.decode()
    page = alice.post(ROUND + "I.8/edit/", {
        "keyword": "completed", "execution_level": "green", "version": 1, "save": "1",
        "text_fr": "x" * 20001, "text_en": "",
    }).content.decode()  # fmt: skip
    assert "20001 caractères, au-delà des 20000 permis." in page
    assert "more than the" not in page


def test_the_body_filter_names_bodies_in_the_page_language_its_value_the_code(people):
    # Issue #12 item 7: no stored code (CONSEIL) in a page; the filter's value stays it.
    for lang, council, ptc in (("fr", "Conseil", "CTP"), ("en", "Council", "PTC")):
        page = signed_in(people["alice"], lang).get(ROUND).content.decode()
        select = re.search(r'<select name="body"[^>]*>(.*?)</select>', page, re.S).group(1)
        assert f'<option value="CONSEIL">{council}</option>' in select, lang
        assert f'<option value="CTP">{ptc}</option>' in select, lang
        assert ">CONSEIL<" not in select
    rows = rows_of(signed_in(people["alice"], "fr").get(ROUND + "?body=CONSEIL").content.decode())
    assert rows and len(rows) < 94


def test_the_open_round_form_suggests_the_next_session_and_its_days(people):
    # Issue #12 walk-through: the form was empty; the body's numbering and calendar know.
    root = signed_in(people["root"])
    root.post(ROUND + "freeze/", {"reason": "presented as it stands"})
    alice = signed_in(people["alice"], "fr")
    frozen = alice.get(ROUND).content.decode()
    link = re.search(r'href="(/rounds/open/\?[^"]+)"', frozen).group(1).replace("&amp;", "&")
    for page in (alice.get(link).content.decode(), frozen):
        assert 'name="id" value="CTP-247-248"' in page
        assert 'name="start" value="2025-05-05"' in page and 'name="end" value="2025-05-08"' in page
    # Opening it as suggested.
    response = alice.post("/rounds/open/", {"id": "CTP-247-248", "start": "2025-05-05",
                                            "end": "2025-05-08"})  # fmt: skip
    assert response["Location"] == "/rounds/CTP-247-248/"
    assert 'name="id" value="CTP-249-250"' in alice.get("/rounds/open/?body=CTP").content.decode()


def test_a_french_page_shows_a_saved_date_in_its_date_picker(people):
    # A date input's value is ISO whatever the language (French wrote "01/04/2025": empty).
    alice = signed_in(people["alice"], "fr")
    alice.post(ROUND + "due/", {"documents_due": "2025-04-01"})
    assert Session.objects.get(code="CTP-245-246").documents_due.isoformat() == "2025-04-01"
    assert 'name="documents_due" value="2025-04-01"' in alice.get(ROUND).content.decode()
