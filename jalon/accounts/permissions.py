"""Per-body permissions, as django-rules predicates over the roles of jalon.accounts.roles.

A user is given the bodies they work for (`BodyAssignment`). Administrators may do
everything; the Secretariat and coordinators read every body and edit (coordinators also
approve) only the bodies they are given; Members read every body, or only the bodies they
are given when `JALON_MEMBERS_READ=assigned`.

An object's body is found from the object itself — a body, or anything that leads to one
(a programme, session, activity, status, revision …) — without importing the models
(accounts sits below programmes). The user's bodies are read once and kept on the user
object: checking any number of objects in a request costs one query.

Without an object, a permission asks "for some body": may this user edit anything at all
(to show the Import menu, say)?
"""

import rules
from django.conf import settings

from jalon.accounts.roles import ADMIN, COORDINATOR, SECRETARIAT, role_of

READ, EDIT, APPROVE = "jalon.read_body", "jalon.edit_body", "jalon.approve_body"
MEMBERS_READ_ALL, MEMBERS_READ_ASSIGNED = "all", "assigned"

# How each model leads to its body: attribute paths, read in turn.
_BODY_PATHS = {
    "programmes.body": ("pk",),
    "programmes.programme": ("body_id",),
    "reporting.session": ("body_id",),
    "programmes.activity": ("programme", "body_id"),
    "programmes.responsibility": ("activity", "programme", "body_id"),
    "reporting.statusreport": ("session", "body_id"),
    "reporting.assignment": ("session", "body_id"),
    "revisions.revision": ("programme", "body_id"),
    "revisions.change": ("revision", "programme", "body_id"),
}


def body_id_of(obj) -> int | None:
    """The primary key of the body `obj` belongs to (a body id passes through)."""
    if obj is None or isinstance(obj, int):
        return obj
    path = _BODY_PATHS.get(obj._meta.label_lower)
    if path is None:
        raise TypeError(f"no body known for a {obj._meta.label}")
    for name in path:
        obj = getattr(obj, name)
    return obj


def assigned_body_ids(user) -> frozenset[int]:
    """The bodies the user is given; one query per user object (kept on it)."""
    ids = getattr(user, "_jalon_bodies", None)
    if ids is None:
        from jalon.accounts.models import BodyAssignment

        ids = frozenset(
            BodyAssignment.objects.filter(user_id=user.pk).values_list("body_id", flat=True)
        ) if getattr(user, "pk", None) else frozenset()  # fmt: skip
        user._jalon_bodies = ids
    return ids


def forget_bodies(user) -> None:
    """After changing a user's bodies: read them again on the next check."""
    user.__dict__.pop("_jalon_bodies", None)


def members_read() -> str:
    return getattr(settings, "JALON_MEMBERS_READ", MEMBERS_READ_ALL)


@rules.predicate
def is_admin(user) -> bool:
    return role_of(user) == ADMIN


@rules.predicate
def is_secretariat(user) -> bool:
    """The Secretariat, coordinators included."""
    return role_of(user) in (SECRETARIAT, COORDINATOR)


@rules.predicate
def is_coordinator(user) -> bool:
    return role_of(user) == COORDINATOR


@rules.predicate
def has_role(user) -> bool:
    return role_of(user) is not None


@rules.predicate
def members_read_all() -> bool:
    return members_read() != MEMBERS_READ_ASSIGNED


@rules.predicate
def works_for_body(user, obj) -> bool:
    """The object's body is one of the user's; without an object, the user has a body."""
    ids = assigned_body_ids(user)
    return bool(ids) if obj is None else body_id_of(obj) in ids


may_read_body = is_admin | is_secretariat | (has_role & (members_read_all | works_for_body))
may_edit_body = is_admin | (is_secretariat & works_for_body)
may_approve_body = is_admin | (is_coordinator & works_for_body)

rules.add_perm(READ, may_read_body)
rules.add_perm(EDIT, may_edit_body)
rules.add_perm(APPROVE, may_approve_body)

# The admin site asks for Django's model permissions (app.change_model …) with the object:
# the same rules, body by body. Bodies, plan codes and users stay the administrators'.
for _label in _BODY_PATHS:
    if _label == "programmes.body":
        continue
    _app, _model = _label.split(".")
    rules.add_perm(f"{_app}.view_{_model}", may_read_body)
    for _action in ("add", "change", "delete"):
        rules.add_perm(f"{_app}.{_action}_{_model}", may_edit_body)
rules.add_perm("programmes.view_body", may_read_body)  # to choose a body (autocomplete)
rules.add_perm("programmes", may_read_body)  # the admin's app index (module permission)
rules.add_perm("reporting", may_read_body)
rules.add_perm("revisions", may_read_body)


def may_read(user, obj=None) -> bool:
    return rules.has_perm(READ, user, obj)


def may_edit(user, obj=None) -> bool:
    return rules.has_perm(EDIT, user, obj)


def may_approve(user, obj=None) -> bool:
    return rules.has_perm(APPROVE, user, obj)


def readable_body_ids(user) -> frozenset[int] | None:
    """The bodies whose data the user may read: None for every body."""
    if is_admin(user) or is_secretariat(user) or members_read_all():
        return None
    return assigned_body_ids(user)


def editable_body_ids(user) -> frozenset[int] | None:
    """The bodies whose data the user may edit: None for every body."""
    if is_admin(user):
        return None
    return assigned_body_ids(user) if is_secretariat(user) else frozenset()


def may_edit_body_code(user, code: str) -> bool:
    """For an import: may the user write the programme of the body named `code`? A body
    jalon does not know yet: administrators only."""
    from jalon.accounts.models import BodyAssignment

    Body = BodyAssignment._meta.get_field("body").related_model
    body_id = Body.objects.filter(code=code).values_list("pk", flat=True).first()
    return may_edit(user, body_id) if body_id is not None else bool(is_admin(user))
