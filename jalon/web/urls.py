from django.urls import path, re_path

from jalon.web import account, agenda, editor, imports, revisions, rounds, views

app_name = "web"
REF = r"(?P<ref>I{1,2}\.\d+)"
SESSION = r"(?P<code>[A-Z][A-Z/-]*-\d+(?:-\d+)?)"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("choose/", views.choose, name="choose"),
    path("activities/", views.activity_list, name="activities"),
    re_path(rf"^activities/{REF}/$", views.activity_detail, name="activity"),
    path("rounds/open/", rounds.open_round, name="open-round"),
    re_path(rf"^rounds/{SESSION}/$", rounds.round_detail, name="round"),
    re_path(rf"^rounds/{SESSION}/freeze/$", rounds.freeze_round, name="freeze-round"),
    re_path(rf"^rounds/{SESSION}/grid/$", editor.grid, name="grid"),
    re_path(rf"^rounds/{SESSION}/due/$", rounds.documents_due, name="documents-due"),
    path("account/", account.account, name="account"),
    re_path(rf"^rounds/{SESSION}/unfreeze/$", rounds.unfreeze_round, name="unfreeze-round"),
    re_path(rf"^rounds/{SESSION}/changes/$", rounds.round_changes, name="round-changes"),
    re_path(rf"^rounds/{SESSION}/assign/$", rounds.assign_officers, name="assign"),
    re_path(rf"^rounds/{SESSION}/{REF}/edit/$", editor.edit_status, name="edit-status"),
    re_path(rf"^rounds/{SESSION}/{REF}/hints/$", editor.hints, name="hints"),
    re_path(rf"^rounds/{SESSION}/{REF}/review/$", editor.review_status, name="review"),
    path("import/", imports.upload, name="import"),
    path("import/confirm/", imports.confirm, name="import-confirm"),
    path("export/", views.export, name="export"),
    path("revisions/", revisions.revision_list, name="revisions"),
    path("programmes/new/", revisions.new_programme, name="new-programme"),
    path("revisions/draft/", revisions.start_draft, name="start-draft"),
    path("revisions/<int:number>/", revisions.revision_detail, name="revision"),
    path("revisions/<int:number>/edit/", revisions.revision_edit, name="revision-edit"),
    path("agenda/", agenda.agenda, name="agenda"),
    path("agenda/consolidated/", agenda.consolidated, name="consolidated"),
    path("calendars/new/", agenda.create_calendar, name="calendar-new"),
    path("calendars/<int:pk>/revoke/", agenda.revoke_calendar, name="calendar-revoke"),
    re_path(r"^calendar/(?P<key>[A-Za-z0-9_-]{20,64})\.ics$", agenda.feed, name="calendar-feed"),
]
