"""Import from the web: upload, see what would change and what the rules find, confirm."""

import base64
import tempfile
from pathlib import Path

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jalon.core.programme import DocumentError
from jalon.core.rules import check
from jalon.interchange.readers import read_document
from jalon.interchange.store import store
from jalon.web.access import editor_required
from jalon.web.forms import ImportForm

SESSION_KEY = "jalon-import"


class _Preview(Exception):
    """Raised to roll back the dry run of an import."""

    def __init__(self, summary):
        self.summary = summary


def _read(name: str, data: bytes):
    # The readers pick the format from the file name; keep the user's name in messages.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(name).name
        path.write_bytes(data)
        document = read_document(path)
    return document


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
        request.session[SESSION_KEY] = {"name": upload.name,
                                        "data": base64.b64encode(data).decode("ascii")}  # fmt: skip
        findings = check(document)
        title = document.programme.title
        context.update(
            name=upload.name,
            title=title.get("fr") or title.get("en", ""),
            document=document,
            summary=summary,
            uncertain=_uncertain(summary),
            findings=findings,
            by_rule=findings.summary()["by_rule"],
            time_bound=sum(1 for a in document.activities if a.section == "time_bound"),
        )
        return render(request, "web/import_preview.html", context)
    return render(request, "web/import.html", context)


@editor_required
def confirm(request):
    pending = request.session.pop(SESSION_KEY, None)
    if request.method != "POST" or pending is None:
        return redirect("web:import")
    name, data = pending["name"], base64.b64decode(pending["data"])
    # The person's answer for each match jalon was unsure of (a stored id, or "new").
    resolutions = {key.removeprefix("match:"): value
                   for key, value in request.POST.items() if key.startswith("match:")}  # fmt: skip
    try:
        summary = store(_read(name, data), name, resolutions)
    except DocumentError as exc:
        messages.error(request, f"{name}: {exc.message}")
        return redirect("web:import")
    message = _("%(file)s imported: %(summary)s.") % {"file": name, "summary": summary}
    messages.success(request, message)
    return redirect("web:dashboard")
