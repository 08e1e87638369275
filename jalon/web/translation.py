"""The Secretariat's translation pages: what is left to translate in a round, the
side-by-side screen (save and next), XLIFF download, upload with preview and confirm."""

import base64
import secrets

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jalon.core.translation import (
    CURRENT,
    FIELD_LABELS,
    OUTDATED,
    STATES,
    TO_DO,
    glossary_for,
    word_diff,
)
from jalon.core.validation import InvalidValue
from jalon.reporting.models import FrozenSessionError, Session, StaleVersionError
from jalon.reporting.services import programme_of
from jalon.reporting.todo import RoundRows
from jalon.translation import xliff
from jalon.translation.choices import TranslationState
from jalon.translation.services import (
    TranslationError,
    counts,
    glossary,
    items,
    save_translation,
    translation_states,
)
from jalon.web.access import session_editor_required
from jalon.web.views import language

SESSION_KEY = "jalon-xliff"  # confirmation token -> the previewed file
LANGS = ("en", "fr")


def _session(code) -> Session:
    return get_object_or_404(Session.objects.select_related("body"), code=code)


def annotate_rows(todo: RoundRows) -> None:
    """Give the to-do list's rows the worst translation state of their texts (both ways)."""
    session, programme, rows = todo.session, todo.programme, todo.all()
    by_activity = translation_states(session, programme, todo.state)
    labels = {state: TranslationState(state).label for state in STATES}
    for row in rows:
        counter = by_activity.get(row.pk)
        worst = None
        if counter:
            found = {state for _lang, state in counter}
            worst = next((state for state in (*TO_DO, CURRENT) if state in found), None)
        row.translation = worst
        row.translation_label = labels[worst] if worst else ""


def _params(request):
    to = request.GET.get("to") if request.GET.get("to") in LANGS else "en"
    state = request.GET.get("state", "todo")
    state = state if state in (*STATES, "todo", "all") else "todo"
    return to, state


def _selected(found, state):
    if state == "todo":
        return [i for i in found if i.state in TO_DO]
    if state == "all":
        return [i for i in found if i.state]
    return [i for i in found if i.state == state]


def _field_label(field: str) -> str:
    fr, en = FIELD_LABELS[field]
    return fr if language() == "fr" else en


@session_editor_required
def translation_list(request, code):
    session = _session(code)
    to, state = _params(request)
    found = items(session, to)
    selected = [(i, _field_label(i.field)) for i in _selected(found, state)]
    context = {
        "session": session,
        "to": to,
        "state": state,
        "counts": counts(found),
        "rows": selected,
        "states": [("todo", _("To translate")), *TranslationState.choices, ("all", _("All"))],
        "query": f"to={to}&state={state}",
    }
    return render(request, "web/translation_list.html", context)


def _find(found, kind, pk, field):
    return next((i for i in found if (i.kind, i.pk, i.field) == (kind, pk, field)), None)


@session_editor_required
def translation_edit(request, code, kind, pk, field):
    """Source and target side by side; the previous translation and the source's diff
    when it is outdated; save, or save and open the next text of the filtered list."""
    session = _session(code)
    to, state = _params(request)
    found = items(session, to, programme_of(session))
    item = _find(found, kind, int(pk), field)
    if item is None or not item.state:
        raise Http404("no such text to translate")
    query = f"to={to}&state={state}"
    text = item.target
    conflict = None
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            save_translation(item, text, made_from=request.POST.get("made_from", item.source),
                             expected_target=request.POST.get("expected", ""),
                             user=request.user)  # fmt: skip
        except TranslationError as exc:
            conflict = exc.args[0]
        except (FrozenSessionError, StaleVersionError) as exc:
            messages.error(request, " ".join(exc.messages))
        except InvalidValue as exc:
            messages.error(request, f"{item.ref} · {_field_label(field)}: {exc}")
        else:
            messages.success(request, _("%(ref)s · %(field)s: translation saved.")
                             % {"ref": item.ref, "field": _field_label(field)})  # fmt: skip
            if "next" in request.POST:
                position = found.index(item)
                wanted = {i.key for i in _selected(found, state)}
                after = [i for i in found[position + 1 :] if i.key in wanted]
                if not after:
                    return redirect(reverse("web:translation", args=[code]) + "?" + query)
                args = [code, after[0].kind, after[0].pk, after[0].field]
                return redirect(reverse("web:translation-edit", args=args) + "?" + query)
            return redirect(request.get_full_path())
    outdated = item.state == OUTDATED
    context = {
        "session": session,
        "item": item,
        "label": _field_label(field),
        "state_label": TranslationState(item.state).label,
        "to": to,
        "query": query,
        "text": text,
        "conflict": conflict,
        "diff": word_diff(item.made_from, item.source) if outdated else None,
        "terms": glossary_for(item.source, glossary(to)),
        "source_lang": "fr" if to == "en" else "en",
        "frozen": item.kind == "status" and session.frozen,
    }
    return render(request, "web/translation_edit.html", context)


@session_editor_required
def translation_export(request, code):
    session = _session(code)
    to, state = _params(request)
    wanted = STATES if state == "all" else TO_DO
    data, _count = xliff.export(session, to, wanted)
    response = HttpResponse(data, content_type="application/x-xliff+xml")
    response["Content-Disposition"] = f'attachment; filename="{session.code}_{to}.xlf"'
    return response


@session_editor_required
@require_POST
def translation_import(request, code):
    session = _session(code)
    to, _state = _params(request)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose an XLIFF file first."))
        return redirect(reverse("web:translation", args=[code]) + f"?to={to}")
    data = upload.read()
    preview = xliff.read(data, upload.name, session.code, to)
    token = secrets.token_urlsafe(16)
    pending = dict(list(request.session.get(SESSION_KEY, {}).items())[-2:])
    pending[token] = {"name": upload.name, "to": to,
                      "data": base64.b64encode(data).decode("ascii")}  # fmt: skip
    request.session[SESSION_KEY] = pending
    for change in preview.changes:
        change.label = _field_label(change.item.field)
    context = {"session": session, "preview": preview, "token": token, "to": to,
               "overwrites": sum(1 for c in preview.changes if c.overwrites)}  # fmt: skip
    return render(request, "web/translation_preview.html", context)


@session_editor_required
@require_POST
def translation_confirm(request, code):
    session = _session(code)
    previews = request.session.get(SESSION_KEY, {})
    pending = previews.pop(request.POST.get("token", ""), None)
    request.session[SESSION_KEY] = previews
    back = reverse("web:translation", args=[code])
    if pending is None:
        messages.error(request, _("This preview was already imported or has expired; "
                                  "upload the file again."))  # fmt: skip
        return redirect(back)
    preview = xliff.read(base64.b64decode(pending["data"]), pending["name"], session.code,
                         pending["to"])  # fmt: skip
    if preview.fingerprint != request.POST.get("fingerprint"):
        messages.error(request, _("Texts changed since the preview; nothing was written. "
                                  "Upload the file again to see the changes."))  # fmt: skip
        return redirect(back + f"?to={pending['to']}")
    try:
        written = xliff.apply(preview, request.user)
    except xliff.ImportConflict as exc:
        messages.error(request, str(exc))
        return redirect(back + f"?to={pending['to']}")
    messages.success(request, _("%(n)s translations written from %(file)s.")
                     % {"n": written, "file": pending["name"]})  # fmt: skip
    return redirect(back + f"?to={pending['to']}")
