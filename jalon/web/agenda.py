"""The forward agenda page and its downloads, the consolidated report's download, and the
calendar feeds (private tokenised addresses, created and revoked from the account page)."""

from datetime import date
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jalon.accounts.permissions import readable_body_ids
from jalon.agenda import services
from jalon.agenda.models import CalendarToken
from jalon.core.agenda import in_language
from jalon.documents.agenda import acronym, agenda_csv, agenda_document, report_document
from jalon.documents.calendar import render_ics
from jalon.documents.tables import render_docx, render_pdf
from jalon.programmes.models import Body
from jalon.web.access import reader_required
from jalon.web.views import language

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "docx": DOCX, "pdf": "application/pdf"}


# The browser's date picker reads and writes ISO dates whatever the page's language.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgendaForm(forms.Form):
    body = forms.ChoiceField(label=gettext_lazy("Body"))
    session = forms.ChoiceField(label=gettext_lazy("Session"), required=False)
    start = forms.DateField(label=gettext_lazy("From"), required=False,
                            widget=DATE)  # fmt: skip
    end = forms.DateField(label=gettext_lazy("To"), required=False,
                          widget=DATE)  # fmt: skip

    def __init__(self, *args, lang="fr", **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = {b.code: b for b in Body.objects.order_by("code")}
        self.fields["body"].choices = [(code, f"{acronym(code, lang)} — {code}")
                                       for code in self.bodies]  # fmt: skip
        self.fields["session"].choices = [("", _("— a date range —"))] + [
            (code, f"{code} ({start:%Y-%m-%d})") for _body, code, start in services.dated_sessions()
        ]

    def clean(self):
        data = super().clean()
        body = self.bodies.get(data.get("body"))
        if body is None:
            return data
        code, start, end = data.get("session"), data.get("start"), data.get("end")
        if code:
            try:
                data["start"], data["end"] = services.session_period(body, code)
            except services.AgendaError:
                raise forms.ValidationError(
                    {"session": _("This session is not one of the body's.")}
                ) from None
        elif not (start and end):
            raise forms.ValidationError(_("Choose a session of the body, or give both dates."))
        elif end < start:
            raise forms.ValidationError({"end": _("The period ends before it starts.")})
        data["body_record"] = body
        return data


@reader_required
def agenda(request):
    lang = language()
    form = AgendaForm(request.GET or None, lang=lang)
    context = {"form": form, "entries": None}
    if form.is_valid():
        data = form.cleaned_data
        body, start, end = data["body_record"], data["start"], data["end"]
        entries = services.agenda(body, start, end, readable_body_ids(request.user))
        name = request.GET.get("format")
        if name in MEDIA_TYPES:
            session = data.get("session") or ""
            if name == "csv":
                content = agenda_csv(entries, lang)
            else:
                document = agenda_document(entries, body.code, start, end, lang, session)
                content = (render_docx if name == "docx" else render_pdf)(document)
            filename = f"agenda-{body.code.replace('/', '-')}-{start}-{end}-{lang}.{name}"
            response = HttpResponse(content, content_type=MEDIA_TYPES[name])
            response["Content-Disposition"] = content_disposition_header(True, filename)
            return response
        query = {k: v for k, v in request.GET.items() if k != "format"}
        context.update(
            body=body,
            body_label=getattr(body, f"acronym_{lang}", "") or body.code,
            start=start,
            end=end,
            entries=[_row(e, lang) for e in entries],
            programmes=len({e.programme_id for e in entries}),
            downloads=[(n, f"?{urlencode({**query, 'format': n})}") for n in MEDIA_TYPES],
        )
    return render(request, "web/agenda.html", context)


def _row(entry, lang):
    url = reverse("web:activity", args=[entry.ref]) + f"?programme={entry.programme_id}"
    return {
        "entry": entry,
        "url": url,
        "programme": f"{acronym(entry.programme, lang)} {entry.period[0]}-{entry.period[1]}",
        "title": in_language(entry.title, lang),
        "deadline": in_language(entry.deadline, lang),
        "bodies": ", ".join(acronym(b, lang) for b in entry.bodies),
        "lead": acronym(entry.lead, lang) if entry.lead else "",
        "status": in_language(entry.status, lang),
    }


class ConsolidatedForm(forms.Form):
    day = forms.DateField(label=gettext_lazy("At the date"),
                          widget=DATE)  # fmt: skip
    format = forms.ChoiceField(label=gettext_lazy("Format"),
                               choices=[("pdf", "PDF"), ("docx", "Word (.docx)")])  # fmt: skip
    lang = forms.ChoiceField(label=gettext_lazy("Language"),
                             choices=[("fr", gettext_lazy("French")),
                                      ("en", gettext_lazy("English"))])  # fmt: skip


@reader_required
def consolidated(request):
    form = ConsolidatedForm(request.GET or None,
                            initial={"day": date.today(), "lang": language()})  # fmt: skip
    if form.is_valid():
        day, name, lang = (form.cleaned_data[k] for k in ("day", "format", "lang"))
        report = services.consolidated(day, readable_body_ids(request.user))
        document = report_document(report, lang)
        content = (render_docx if name == "docx" else render_pdf)(document)
        response = HttpResponse(content, content_type=MEDIA_TYPES[name])
        response["Content-Disposition"] = content_disposition_header(
            True, f"consolidated-report-{day}-{lang}.{name}"
        )
        return response
    return render(request, "web/consolidated.html", {"form": form})


def feed(request, key):
    """A calendar feed: no sign-in (a calendar client has none), the key is the secret;
    an unknown or revoked key is 404."""
    token = CalendarToken.objects.active().select_related("user", "body").filter(key=key).first()
    if token is None or not token.user.is_active:
        raise Http404("no such calendar")
    if token.body is not None:
        entries = services.body_feed(token.body, readable_body_ids(token.user))
        name = _("jalon — agenda of the %(body)s") % {"body": acronym(token.body.code, token.lang)}
    else:
        entries = services.user_feed(token.user, readable_body_ids(token.user))
        name = _("jalon — my activities")

    def url_of(entry):
        path = reverse("web:activity", args=[entry.ref]) + f"?programme={entry.programme_id}"
        return request.build_absolute_uri(path)

    content = render_ics(entries, token.lang, name, url_of, request.get_host())
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="jalon.ics"'
    return response


@reader_required
@require_POST
def create_calendar(request):
    code = request.POST.get("body") or ""
    body = get_object_or_404(Body, code=code) if code else None
    CalendarToken.objects.create(user=request.user, body=body, lang=language())
    messages.success(request, _("Your calendar address is ready: copy it into your calendar."))
    return redirect("web:account")


@reader_required
@require_POST
def revoke_calendar(request, pk):
    token = get_object_or_404(CalendarToken.objects.active(), pk=pk, user=request.user)
    token.revoked = timezone.now()
    token.save(update_fields=["revoked"])
    messages.success(request, _("The calendar address is revoked: it no longer works."))
    return redirect("web:account")


def calendar_context(request) -> dict:
    """The account page's calendar addresses."""
    tokens = CalendarToken.objects.active().filter(user=request.user).select_related("body")
    return {
        "calendars": [
            (t, request.build_absolute_uri(reverse("web:calendar-feed", args=[t.key])))
            for t in tokens
        ],
        "calendar_bodies": Body.objects.order_by("code"),
    }
