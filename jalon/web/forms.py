import json

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _

from jalon.accounts.roles import COORDINATOR, SECRETARIAT
from jalon.core.status import LEVEL_OF_KEYWORD, suggest_level
from jalon.core.validation import (
    MAX_SESSION_ID,
    InvalidValue,
    check_date,
    check_session_id,
    clean_text,
)
from jalon.core.vocabulary import Section
from jalon.programmes import registry as body_registry
from jalon.reporting.choices import ExecutionLevel, Keyword
from jalon.reporting.models import ReminderSettings, Session
from jalon.reporting.services import KEEP, UNSET, parse_session_id, set_status
from jalon.reporting.todo import FINDINGS, State
from jalon.translation.choices import TranslationState


class StatusForm(forms.Form):
    """One activity's status at one session. `version` is the version the edit started
    from: if someone saved in between, the edit is refused and nothing is lost."""

    keyword = forms.ChoiceField(
        label=_("Progress keyword"), required=False,
        choices=[("", _("— not stated —")), *Keyword.choices],
    )  # fmt: skip
    execution_level = forms.ChoiceField(
        label=_("Execution level"), required=False,
        choices=[("", _("— not set —")), *ExecutionLevel.choices],
        help_text=_("Footnote 7: green = completed, blue = in progress, red = postponed or "
                    "not started."),
    )  # fmt: skip
    text_fr = forms.CharField(label=_("Status (French)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 10}))  # fmt: skip
    text_en = forms.CharField(label=_("Status (English)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 10}))  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    submit = forms.BooleanField(
        label=_("Submit for approval with this save"), required=False,
        help_text=_("The coordinator then approves it or sends it back."),
    )  # fmt: skip

    def __init__(self, *args, activity=None, **kwargs):
        super().__init__(*args, **kwargs)
        levels = {keyword.value: level.value for keyword, level in LEVEL_OF_KEYWORD.items()}
        self.fields["execution_level"].widget.attrs["data-level-of"] = json.dumps(levels)
        if activity is not None and activity.section != Section.TIME_BOUND:
            # Footnote 7: the level is a column of section I only; the documents of section
            # II have none to show, so the form does not offer one.
            del self.fields["execution_level"]

    @classmethod
    def for_report(cls, activity, report):
        """The form for a status as it stands; a missing section I level is pre-filled
        with the suggestion the status text supports (`suggested` says so)."""
        initial = {"version": report.version if report else 1}
        if report:
            initial.update(keyword=report.keyword or "", text_fr=report.text_fr,
                           text_en=report.text_en,
                           execution_level=report.execution_level or "")  # fmt: skip
        form = cls(initial=initial, activity=activity)
        if activity.section == "time_bound" and not initial.get("execution_level"):
            suggestion = suggest_level(report.text_fr if report else "",
                                       report.keyword if report else None)  # fmt: skip
            if suggestion:
                form.initial["execution_level"] = suggestion.execution_level.value
                form.suggested = True
        return form

    suggested = False

    def save(self, activity, session, user):
        data = self.cleaned_data
        level = data["execution_level"] if "execution_level" in self.fields else UNSET
        return set_status(activity, session, keyword=data["keyword"], execution_level=level,
                          texts={"fr": data["text_fr"], "en": data["text_en"]},
                          expected_version=data["version"], user=user,
                          submit=data["submit"])  # fmt: skip

    def clean_keyword(self):
        return self.cleaned_data["keyword"] or None

    def clean_execution_level(self):
        return self.cleaned_data.get("execution_level") or None

    def clean_text_fr(self):
        return plain_text(self.cleaned_data["text_fr"]).strip()

    def clean_text_en(self):
        return plain_text(self.cleaned_data["text_en"]).strip()


# The core's refusals (jalon.core.validation.InvalidValue, said as data) in the page's
# language.
CORE_MESSAGES = {
    "too-long": _("%(length)s characters, more than the %(limit)s allowed."),
    "surrogate": _("The text holds a lone surrogate: it is not valid Unicode text."),
    "year": _("The year %(year)s is not between %(first)s and %(last)s."),
}


def core_message(exc: InvalidValue) -> str:
    message = CORE_MESSAGES.get(exc.code)
    return str(message) % exc.params if message else str(exc)


def plain_text(value: str) -> str:
    """The core's validation gate for a text field, as a form error."""
    try:
        return clean_text(value)
    except InvalidValue as exc:
        raise forms.ValidationError(core_message(exc), code="invalid") from None


class OpenRoundForm(forms.Form):
    id = forms.CharField(
        label=_("Session"), max_length=MAX_SESSION_ID,
        help_text=_("The body, then its session number or numbers as it numbers its "
                    "meetings, e.g. BODY-44 or BODY-245-246."),
    )  # fmt: skip
    start = forms.DateField(
        label=_("First day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a meeting the body's calendar knows."),
    )
    end = forms.DateField(label=_("Last day"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip

    def clean_id(self):
        code = self.cleaned_data["id"].strip().upper()
        registry = body_registry.load()
        try:
            check_session_id(code, registry=registry)
        except InvalidValue:
            body = code.split("-", 1)[0]
            if registry.body(body):
                message = _("Write a session of %(body)s as %(form)s.") % {
                    "body": body, "form": registry.expected_form(body)}  # fmt: skip
            else:
                message = _("Write the session as BODY-n or BODY-n-n+1, as the body numbers "
                            "its meetings.")  # fmt: skip
            raise forms.ValidationError(message, code="invalid") from None
        if Session.objects.filter(code=code).exists():
            raise forms.ValidationError(_("Session %(session)s exists already.") % {
                "session": code}, code="exists")  # fmt: skip
        return code

    def clean(self):
        """What the round's opening would refuse, said on the form in the page's language
        (the service's own messages name the command line's options)."""
        data = super().clean()
        code, start, end = data.get("id"), data.get("start"), data.get("end")
        if code and start is None and "start" not in self.errors:
            registry = body_registry.load()
            if registry.recorded(*parse_session_id(code, registry)) is None:
                self.add_error("start", _("The calendar does not know when %(session)s meets: "
                                          "give its first day.") % {"session": code})  # fmt: skip
        if start and end and end < start:
            self.add_error("end", _("The last day cannot come before the first day."))
        return data

    def clean_start(self):
        return _in_range(self.cleaned_data["start"])

    def clean_end(self):
        return _in_range(self.cleaned_data["end"])


def _in_range(day):
    try:
        return check_date(day)
    except InvalidValue as exc:
        raise forms.ValidationError(core_message(exc), code="invalid") from None


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("The Word table's text export (.txt), a Word (.docx) or Excel (.xlsx) "
                    "session document, or a jalon backup (.json)."),
    )  # fmt: skip

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES // 2**20
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": limit}
            )
        return upload


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("docx", "Word (.docx)"), ("pdf", "PDF"), ("xlsx", "Excel (.xlsx)"),
                 ("html", "HTML"), ("md", "Markdown"), ("csv", "CSV"),
                 ("json", _("jalon backup (.json)"))],
    )  # fmt: skip
    lang = forms.ChoiceField(label=_("Language"), choices=[("fr", _("French")),
                                                          ("en", _("English"))])  # fmt: skip
    session = forms.ChoiceField(label=_("Session"))

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [(s.code, s.code) for s in sessions]


def officers():
    """Who can prepare statuses: the Secretariat, coordinators and administrators."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(models.Q(is_superuser=True) | models.Q(groups__name__in=[SECRETARIAT, COORDINATOR]))
        .distinct()
        .order_by("username")
    )


class TodoFilterForm(forms.Form):
    """The to-do list's filters (all optional)."""

    state = forms.ChoiceField(label=_("State"), required=False)
    officer = forms.ChoiceField(label=_("Officer"), required=False)
    body = forms.ChoiceField(label=_("Body"), required=False)
    finding = forms.ChoiceField(label=_("Finding"), required=False)
    translation = forms.ChoiceField(label=_("Translation"), required=False)

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["state"].choices = [*every, ("todo", _("Not yet submitted")),
                                        *State.choices]  # fmt: skip
        names = sorted({name for row in rows for name in (row.officer, row.deputy) if name})
        self.fields["officer"].choices = [*every, ("me", _("My activities")),
                                          ("none", _("Nobody assigned")),
                                          *((n, n) for n in names)]  # fmt: skip
        codes = sorted({code for row in rows for code in row.bodies})
        self.fields["body"].choices = [*every, *((c, c) for c in codes)]
        self.fields["finding"].choices = [*every, ("any", _("Any finding")), *FINDINGS.items()]
        self.fields["translation"].choices = [*every, ("todo", _("To translate")),
                                              *TranslationState.choices]  # fmt: skip


class AssignForm(forms.Form):
    """An officer and a deputy for the activities checked in the to-do list."""

    NOBODY = "none"
    activities = forms.Field(widget=forms.MultipleHiddenInput, error_messages={
        "required": _("Check the activities to assign first.")})  # fmt: skip
    officer = forms.ChoiceField(label=_("Officer"), required=False)
    deputy = forms.ChoiceField(label=_("Deputy"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._users = {str(user.pk): user for user in officers()}
        people = [(pk, user.get_username()) for pk, user in self._users.items()]
        choices = [("", _("— unchanged —")), (self.NOBODY, _("— nobody —")), *people]
        self.fields["officer"].choices = self.fields["deputy"].choices = choices

    def clean_activities(self):
        values = self.data.getlist("activities") if hasattr(self.data, "getlist") else []
        try:
            return [int(value) for value in values]
        except ValueError:
            raise forms.ValidationError(_("Unknown activity.")) from None

    def _person(self, value):
        if value == "":
            return KEEP
        return None if value == self.NOBODY else self._users[value]

    def clean_officer(self):
        return self._person(self.cleaned_data["officer"])

    def clean_deputy(self):
        return self._person(self.cleaned_data["deputy"])


class ReviewForm(forms.Form):
    """A review step on one status, with a comment (required to send back)."""

    action = forms.ChoiceField(choices=[("submit", _("Submit")), ("approve", _("Approve")),
                                        ("send_back", _("Send back"))])  # fmt: skip
    comment = forms.CharField(label=_("Comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class FreezeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason to freeze before every status is approved"), required=False,
        max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Coordinators only; recorded in the session's history."),
    )  # fmt: skip


class UnfreezeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason to reopen the round"), max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the session's history."),
    )  # fmt: skip


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = ["enabled"]
        help_texts = {"enabled": _("E-mails listing the statuses that wait for you, in the days "
                                   "before a round's documents are due.")}  # fmt: skip


class DocumentsDueForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["documents_due"]
        widgets = {"documents_due": forms.DateInput(attrs={"type": "date"})}


class GridRowForm(forms.Form):
    """One row of the round's grid: an activity's status, edited in place."""

    activity = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    keyword = forms.ChoiceField(label=_("Progress keyword"), required=False,
                                choices=[("", "—"), *Keyword.choices])  # fmt: skip
    execution_level = forms.ChoiceField(label=_("Execution level"), required=False,
                                        choices=[("", "—"), *ExecutionLevel.choices])  # fmt: skip
    text_fr = forms.CharField(label=_("Status (French)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
    text_en = forms.CharField(label=_("Status (English)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip

    def clean_text_fr(self):
        return self.cleaned_data["text_fr"].replace("\r\n", "\n").strip()

    def clean_text_en(self):
        return self.cleaned_data["text_en"].replace("\r\n", "\n").strip()


GridFormSet = forms.formset_factory(GridRowForm, extra=0)
