from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from jalon.core.status import suggest_level
from jalon.core.validation import (
    MAX_SESSION_ID,
    InvalidValue,
    check_date,
    check_session_id,
    clean_text,
)
from jalon.reporting.choices import ExecutionLevel, Keyword
from jalon.reporting.services import set_status


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

    @classmethod
    def for_report(cls, activity, report):
        """The form for a status as it stands; a missing section I level is pre-filled
        with the suggestion the status text supports (`suggested` says so)."""
        initial = {"version": report.version if report else 1}
        if report:
            initial.update(keyword=report.keyword or "", text_fr=report.text_fr,
                           text_en=report.text_en,
                           execution_level=report.execution_level or "")  # fmt: skip
        form = cls(initial=initial)
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
        return set_status(activity, session, keyword=data["keyword"],
                          execution_level=data["execution_level"],
                          texts={"fr": data["text_fr"], "en": data["text_en"]},
                          expected_version=data["version"], user=user)  # fmt: skip

    def clean_keyword(self):
        return self.cleaned_data["keyword"] or None

    def clean_execution_level(self):
        return self.cleaned_data["execution_level"] or None

    def clean_text_fr(self):
        return plain_text(self.cleaned_data["text_fr"]).strip()

    def clean_text_en(self):
        return plain_text(self.cleaned_data["text_en"]).strip()


def plain_text(value: str) -> str:
    """The core's validation gate for a text field, as a form error."""
    try:
        return clean_text(value)
    except InvalidValue as exc:
        raise forms.ValidationError(str(exc), code="invalid") from None


class OpenRoundForm(forms.Form):
    id = forms.CharField(
        label=_("Session"), max_length=MAX_SESSION_ID,
        help_text=_("e.g. CTP-245-246: the body, then the two session numbers."),
    )  # fmt: skip
    start = forms.DateField(
        label=_("First day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a PTC session the calendar knows."),
    )
    end = forms.DateField(label=_("Last day"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip

    def clean_id(self):
        code = self.cleaned_data["id"].strip().upper()
        try:
            check_session_id(code)
        except InvalidValue:
            raise forms.ValidationError(
                _("Write the session as BODY-n-n+1, e.g. CTP-245-246."), code="invalid"
            ) from None
        return code

    def clean_start(self):
        return _in_range(self.cleaned_data["start"])

    def clean_end(self):
        return _in_range(self.cleaned_data["end"])


def _in_range(day):
    try:
        return check_date(day)
    except InvalidValue as exc:
        raise forms.ValidationError(str(exc), code="invalid") from None


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
