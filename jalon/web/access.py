"""Who may see and do what in the web application (the roles of jalon.accounts.roles)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

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


def current_programme(request) -> Programme | None:
    """The programme the pages show: ?programme=BODY-START-END, or the most recent."""
    spec = request.GET.get("programme")
    try:
        programme = Programme.objects.find(spec)
    except ValueError:
        raise Http404(f"no programme {spec}") from None
    if spec and programme is None:
        raise Http404(f"no programme {spec}")
    return programme


def current_session(request, programme: Programme | None) -> Session | None:
    """?session=ID, or the programme's latest session."""
    code = request.GET.get("session")
    if code:
        return get_object_or_404(Session.objects.select_related("body"), code=code)
    return Session.latest(programme.body) if programme else None
