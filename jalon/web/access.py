"""Who may see and do what in the web application (the roles of jalon.accounts.roles)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jalon.accounts.permissions import (
    assigned_body_ids,
    may_edit,
    may_read,
    readable_body_ids,
)
from jalon.accounts.roles import can_edit, can_read, is_admin
from jalon.programmes.models import Programme
from jalon.reporting.models import Session


def safe_next(request, default: str = "web:dashboard") -> str:
    """Where to go back to: the form's `next` when it is a page of this site, else
    `default` (never another site: no open redirect)."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _requires(may, refusal: str):
    """A view decorator: anonymous visitors go to the sign-in page; an account without a
    role, or whose role `may` refuses, gets 403 with the reason."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can_read(request.user):
                raise PermissionDenied(
                    _("Your account has no role in jalon; ask an administrator.")
                )
            if not may(request.user):
                raise PermissionDenied(_(refusal))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


reader_required = _requires(can_read, "")
# The Secretariat (or an administrator): Members read, they do not edit.
editor_required = _requires(
    can_edit, gettext_noop("Members read the programme; only the Secretariat edits it.")
)

admin_required = _requires(is_admin, gettext_noop("Only an administrator can do this."))


# The session key that remembers the programme chosen in the header's picker.
CHOSEN = "jalon.programme"
ALL_BODIES = "all"


def programme_spec(programme: Programme) -> str:
    return f"{programme.body.code}-{programme.period_start}-{programme.period_end}"


def readable_programmes(user):
    """The programmes the user may read, the most recent first (one query when listed)."""
    programmes = Programme.objects.latest_first()
    ids = readable_body_ids(user)
    return programmes if ids is None else programmes.filter(body_id__in=ids)


def current_programme(request) -> Programme | None:
    """The programme the pages show: ?programme=BODY-START-END, or ?body=CODE (its most
    recent programme), else the one chosen earlier in the header (kept in the session),
    else the most recent the user may read. An explicit choice is remembered."""
    spec = request.GET.get("programme")
    body = request.GET.get("body")
    explicit = bool(spec or (body and body != ALL_BODIES))
    if not explicit:
        spec = request.session.get(CHOSEN) if hasattr(request, "session") else None
    programmes = readable_programmes(request.user)
    if not explicit and not spec:
        # Nothing chosen yet: the most recent programme of a body the user works for.
        own = assigned_body_ids(request.user)
        if own:
            programme = programmes.filter(body_id__in=own).first()
            if programme is not None:
                request.jalon_programme = programme_spec(programme)
                return programme
    if body and body != ALL_BODIES and not request.GET.get("programme"):
        programme = programmes.filter(body__code=body).first()
        if programme is None:
            _refuse_or_404(request, Programme.objects.filter(body__code=body).first(), body)
    else:
        try:
            programme = programmes.find(spec)
        except ValueError:
            raise Http404(f"no programme {spec}") from None
        if spec and programme is None:
            if not explicit:  # a remembered choice that is gone, or no longer readable
                request.session.pop(CHOSEN, None)
                programme = programmes.first()
            _refuse_or_404(request, Programme.objects.find(spec), spec)
    if programme is not None:
        request.jalon_programme = programme_spec(programme)  # the header's picker shows it
        if explicit and hasattr(request, "session"):
            request.session[CHOSEN] = request.jalon_programme
    return programme


def _refuse_or_404(request, programme, name):
    if programme is not None and not may_read(request.user, programme):
        raise PermissionDenied(_("You may read only the programmes of the bodies you are given."))
    raise Http404(f"no programme {name}")


def edit_refusal(body) -> str:
    return _("You may not edit %(body)s's programme: you do not work for it.") % {"body": body}


def require_edit(request, obj, body_code: str) -> None:
    """403 unless the user may edit the body `obj` belongs to."""
    if not may_edit(request.user, obj):
        raise PermissionDenied(edit_refusal(body_code))


def require_read(request, obj) -> None:
    if not may_read(request.user, obj):
        raise PermissionDenied(_("You may read only the programmes of the bodies you are given."))


def current_session(request, programme: Programme | None) -> Session | None:
    """?session=ID, or the programme's latest session."""
    code = request.GET.get("session")
    if code:
        session = get_object_or_404(Session.objects.select_related("body"), code=code)
        require_read(request, session)
        return session
    return Session.latest(programme.body) if programme else None


def body_flags(user, obj) -> dict:
    """The template's `can_edit` / `can_approve` for the body `obj` belongs to."""
    from jalon.accounts.permissions import may_approve

    return {"can_edit": may_edit(user, obj), "can_approve": may_approve(user, obj)}


def session_editor_required(view):
    """For the views of a round (`code` in the URL): the Secretariat of the session's body
    (or an administrator); anyone else gets 403 naming the body."""

    @editor_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        session = get_object_or_404(Session.objects.select_related("body"), code=kwargs["code"])
        require_edit(request, session, session.body.code)
        return view(request, *args, **kwargs)

    return wrapper


def require_edit_body_code(request, code: str) -> None:
    """For an import: the user works for the document's body (a body jalon does not
    know yet: administrators only)."""
    from jalon.accounts.permissions import may_edit_body_code

    if not may_edit_body_code(request.user, code):
        raise PermissionDenied(edit_refusal(code))
