"""Who may do what: administrators, the Secretariat, and Members.

Roles are Django groups ("secretariat", "member"); administrators are superusers.
A Member reads everything and edits nothing; the Secretariat edits programmes and
statuses, opens rounds and submits statuses; a coordinator (Secretariat too) approves
or sends back statuses and freezes the round; only an administrator unfreezes. A signed-in account
with no role sees nothing.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

ADMIN, COORDINATOR, SECRETARIAT, MEMBER = "admin", "coordinator", "secretariat", "member"
ROLES = {
    ADMIN: _("Administrator"),
    COORDINATOR: _("Coordinator"),
    SECRETARIAT: _("Secretariat"),
    MEMBER: _("Member"),
}
GROUPS = (COORDINATOR, SECRETARIAT, MEMBER)


def role_of(user) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return ADMIN
    names = getattr(user, "_jalon_groups", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._jalon_groups = names  # once per request
    if COORDINATOR in names:
        return COORDINATOR
    if SECRETARIAT in names:
        return SECRETARIAT
    if MEMBER in names:
        return MEMBER
    return None


def can_read(user) -> bool:
    return role_of(user) is not None


def can_edit(user) -> bool:
    return role_of(user) in (ADMIN, COORDINATOR, SECRETARIAT)


def can_approve(user) -> bool:
    """A coordinator (a member of the Secretariat who approves the round) or an admin."""
    return role_of(user) in (ADMIN, COORDINATOR)


def is_admin(user) -> bool:
    return role_of(user) == ADMIN


def create_user(username: str, role: str, password: str, bodies=None):
    """Create an account with a role, or give an existing one that role and password;
    `bodies` (codes), when given, are the bodies it works for (set_bodies)."""
    users = get_user_model().objects
    user, _created = users.get_or_create(username=username)
    user.set_password(password)
    user.is_superuser = user.is_staff = role == ADMIN
    user.save()
    user.groups.set([Group.objects.get_or_create(name=role)[0]] if role in GROUPS else [])
    if bodies is not None:
        set_bodies(user, bodies)
    return user


def set_bodies(user, codes) -> list[str]:
    """Give the user exactly these bodies (codes, e.g. ["CTRO"]); an unknown code is
    refused (ValueError naming it) and changes nothing. Returns the codes, sorted."""
    from django.db import transaction

    from jalon.accounts.models import BodyAssignment

    Body = BodyAssignment._meta.get_field("body").related_model
    wanted = sorted({code.strip().upper() for code in codes if code.strip()})
    found = {body.code: body for body in Body.objects.filter(code__in=wanted)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise ValueError(f"no body {', '.join(unknown)}")
    with transaction.atomic():
        BodyAssignment.objects.filter(user=user).exclude(body__code__in=wanted).delete()
        held = set(BodyAssignment.objects.filter(user=user).values_list("body__code", flat=True))
        BodyAssignment.objects.bulk_create(
            BodyAssignment(user=user, body=found[code]) for code in wanted if code not in held
        )
    user.__dict__.pop("_jalon_bodies", None)
    return wanted


def bodies_of(user) -> list[str]:
    from jalon.accounts.models import BodyAssignment

    return list(
        BodyAssignment.objects.filter(user=user).order_by("body__code")
        .values_list("body__code", flat=True)
    )  # fmt: skip
