from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from jalon.accounts.permissions import may_approve, may_edit
from jalon.accounts.roles import ROLES, role_of
from jalon.web.access import CHOSEN, programme_spec, readable_programmes


def roles(request):
    """What the templates need to know of the signed-in user: the role; whether they edit
    (or approve) some body — a page about one body says it for that body; the programmes
    of the header's picker (read once, when the header is drawn)."""
    role = role_of(request.user)
    context = {
        "role": role,
        "role_label": ROLES.get(role, ""),
        "can_edit": may_edit(request.user),
        "can_approve": may_approve(request.user),
    }
    if role is not None:
        context["picker"] = SimpleLazyObject(lambda: _picker(request))
    return context


def _picker(request) -> dict:
    """The readable programmes grouped by body — {"groups": [{"label", "programmes":
    [(spec, period)]}], "current": the spec shown} — the body under its acronym in the
    page's language."""
    lang = "en" if (get_language() or "fr").startswith("en") else "fr"
    groups: dict = {}
    for programme in readable_programmes(request.user):
        body = programme.body
        label = getattr(body, f"acronym_{lang}") or body.code
        group = groups.setdefault(body.pk, {"label": label, "programmes": []})
        period = f"{programme.period_start}–{programme.period_end}"
        group["programmes"].append((programme_spec(programme), period))
    chosen = request.session.get(CHOSEN) if hasattr(request, "session") else None
    current = getattr(request, "jalon_programme", None) or chosen
    return {"groups": sorted(groups.values(), key=lambda g: g["label"]), "current": current}
