"""Import from the web: upload, see what would change and what the rules find, confirm."""

import base64
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext, ngettext_lazy
from django.utils.translation import gettext as _

from jalon.core.programme import DocumentError
from jalon.core.rules import check
from jalon.interchange.readers import read_bytes
from jalon.interchange.store import store
from jalon.programmes.registry import found_body
from jalon.programmes.registry import load as load_registry
from jalon.web.access import editor_required, require_edit_body_code
from jalon.web.forms import ImportForm

SESSION_KEY = "jalon-imports"  # confirmation token -> the previewed file
PENDING_PREVIEWS = 3  # previews a user may have open in other tabs at once


# What an import changed, in the page's language (ImportSummary's own words are the
# command line's English): each kind of object and action, singular and plural.
COUNTED = {
    ("activity", "added"): ngettext_lazy("%(n)s activity added", "%(n)s activities added", "n"),
    ("activity", "removed"): ngettext_lazy(
        "%(n)s activity removed", "%(n)s activities removed", "n"
    ),
    ("activity", "renumbered"): ngettext_lazy(
        "%(n)s activity renumbered", "%(n)s activities renumbered", "n"
    ),
    ("activity", "updated"): ngettext_lazy(
        "%(n)s activity updated", "%(n)s activities updated", "n"
    ),
    ("programme", "added"): ngettext_lazy("%(n)s programme added", "%(n)s programmes added", "n"),
    ("programme", "updated"): ngettext_lazy(
        "%(n)s programme updated", "%(n)s programmes updated", "n"
    ),
    ("revision", "added"): ngettext_lazy("%(n)s revision added", "%(n)s revisions added", "n"),
    ("revision", "updated"): ngettext_lazy(
        "%(n)s revision updated", "%(n)s revisions updated", "n"
    ),
    ("session", "added"): ngettext_lazy("%(n)s session added", "%(n)s sessions added", "n"),
    ("session", "frozen"): ngettext_lazy("%(n)s session frozen", "%(n)s sessions frozen", "n"),
    ("session", "updated"): ngettext_lazy("%(n)s session updated", "%(n)s sessions updated", "n"),
    ("status report", "added"): ngettext_lazy("%(n)s status added", "%(n)s statuses added", "n"),
    ("status report", "removed"): ngettext_lazy(
        "%(n)s status removed", "%(n)s statuses removed", "n"
    ),
    ("status report", "updated"): ngettext_lazy(
        "%(n)s status updated", "%(n)s statuses updated", "n"
    ),
}


def counted(summary) -> str:
    """The import's changes in words of the page's language: "10 changes (10 statuses
    updated)", "10 modifications (10 états d'avancement mis à jour)"."""
    if not summary.changes:
        return _("no change")
    details = []
    for (kind, action), n in sorted(summary.counts.items()):
        words = COUNTED.get((kind, action))
        details.append(str(words % {"n": n}) if words else f"{n} {kind} {action}")
    total = ngettext("%(n)s change", "%(n)s changes", summary.changes) % {"n": summary.changes}
    return f"{total} ({', '.join(details)})"


class _Preview(Exception):
    """Raised to roll back the dry run of an import."""

    def __init__(self, summary):
        self.summary = summary


def _read(name: str, data: bytes):
    # The readers pick the format from the file name; keep the user's name in messages.
    # Reading is bounded in time: a huge file gets a clear error, not a busy worker.
    return read_bytes(name, Path(name).suffix.lower(), data, settings.IMPORT_WEB_SECONDS,
                      load_registry())  # fmt: skip


def _dry_run(document, name):
    try:
        with transaction.atomic():
            raise _Preview(store(document, name, accept_suggestions=True))
    except _Preview as preview:
        return preview.summary


def _uncertain(summary):
    """Each match jalon is unsure of, with the choices offered (suggestion first)."""
    rows = []
    for match in summary.uncertain:
        offered = dict(match.candidates)
        if match.target:
            offered.setdefault(match.target, match.similarity)
        title = match.incoming.title
        choices = [(uid, summary.stored[uid], round(score * 100)) for uid, score in offered.items()]
        rows.append(
            {"match": match, "choices": choices, "title": title.get("fr") or title.get("en", "")}
        )
    return rows


@editor_required
def upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            document = _read(upload.name, data)
            summary = _dry_run(document, upload.name)
        except DocumentError as exc:
            context["error"] = (
                f"{upload.name}: {exc.where + ': ' if exc.where else ''}{exc.message}"
            )
            return render(request, "web/import.html", context)
        require_edit_body_code(request, document.programme.body)
        # Each preview has its own token: confirming one tab imports that tab's file.
        token = secrets.token_urlsafe(16)
        pending = dict(list(request.session.get(SESSION_KEY, {}).items())[1 - PENDING_PREVIEWS :])
        pending[token] = {"name": upload.name, "data": base64.b64encode(data).decode("ascii")}
        request.session[SESSION_KEY] = pending
        context["token"] = token
        findings = check(document, registry=load_registry())
        lang = "en" if (get_language() or "fr").startswith("en") else "fr"
        notes: dict[str, list] = {}
        for finding in findings.findings:
            if finding.severity != "info":
                notes.setdefault(finding.ref, []).append(getattr(finding, lang))
        title = document.programme.title
        context.update(
            body=found_body(document.programme.body, document.programme.body_name, lang),
            name=upload.name,
            title=title.get("fr") or title.get("en", ""),
            document=document,
            summary=summary,
            counted=counted(summary),
            changes=[(change, notes.get(change.ref, [])) for change in summary.details],
            uncertain=_uncertain(summary),
            findings=findings,
            by_rule=findings.summary()["by_rule"],
            time_bound=sum(1 for a in document.activities if a.section == "time_bound"),
        )
        return render(request, "web/import_preview.html", context)
    return render(request, "web/import.html", context)


@editor_required
def confirm(request):
    if request.method != "POST":
        return redirect("web:import")
    previews = request.session.get(SESSION_KEY, {})
    pending = previews.pop(request.POST.get("token", ""), None)
    request.session[SESSION_KEY] = previews
    if pending is None:
        messages.error(request, _("This preview was already imported or has expired; "
                                  "upload the file again."))  # fmt: skip
        return redirect("web:import")
    name, data = pending["name"], base64.b64decode(pending["data"])
    # The person's answer for each match jalon was unsure of (a stored id, or "new").
    resolutions = {key.removeprefix("match:"): value
                   for key, value in request.POST.items() if key.startswith("match:")}  # fmt: skip
    try:
        document = _read(name, data)
        require_edit_body_code(request, document.programme.body)
        body = found_body(document.programme.body, document.programme.body_name)
        if not body.known and request.POST.get("create_body") != body.code:
            messages.error(request, _("%(file)s names the body %(body)s, which is not in the "
                                      "registry: tick “Create it” to import it.")
                           % {"file": name, "body": body.code})  # fmt: skip
            return redirect("web:import")
        summary = store(document, name, resolutions)
    except DocumentError as exc:
        messages.error(request, f"{name}: {exc.message}")
        return redirect("web:import")
    message = _("%(file)s imported: %(summary)s.") % {"file": name, "summary": counted(summary)}
    messages.success(request, message)
    return redirect("web:dashboard")
