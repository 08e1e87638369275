"""Who may see and do what in the web application (the roles of jalon.accounts.roles)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from jalon.accounts.roles import can_edit, can_read
from jalon.programmes.models import Programme
from jalon.reporting.models import Session


def reader_required(view):
    """Signed in, with a role: anonymous visitors go to the sign-in page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_read(request.user):
            raise PermissionDenied(_("Your account has no role in jalon; ask an administrator."))
        return view(request, *args, **kwargs)

    return wrapper


def editor_required(view):
    """The Secretariat (or an administrator): Members read, they do not edit."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_read(request.user):
            raise PermissionDenied(_("Your account has no role in jalon; ask an administrator."))
        if not can_edit(request.user):
            raise PermissionDenied(_("Members read the programme; only the Secretariat edits it."))
        return view(request, *args, **kwargs)

    return wrapper


def current_programme(request) -> Programme | None:
    """The programme the pages show: ?programme=BODY-START-END, or the most recent."""
    programmes = Programme.objects.select_related("body").order_by("-period_start", "-pk")
    spec = request.GET.get("programme", "")
    if spec.count("-") >= 2:
        body, start, end = spec.rsplit("-", 2)
        if start.isdigit() and end.isdigit():
            return get_object_or_404(programmes, body__code=body, period_start=start,
                                     period_end=end)  # fmt: skip
    return programmes.first()


def current_session(request, programme: Programme | None) -> Session | None:
    """?session=ID, or the programme's latest session."""
    code = request.GET.get("session")
    if code:
        return get_object_or_404(Session.objects.select_related("body"), code=code)
    return Session.latest(programme.body) if programme else None
