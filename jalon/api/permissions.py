from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from jalon.accounts.permissions import may_edit, may_read
from jalon.accounts.roles import can_edit, can_read, is_admin


class RolePermission(BasePermission):
    """The web application's rules: anonymous 401; an account without a role 403; Members
    read; the Secretariat writes; administrators alone unfreeze."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False  # 401, with the WWW-Authenticate header of token authentication
        if not can_read(user):
            raise PermissionDenied("Your account has no role in jalon; ask an administrator.")
        if request.method in SAFE_METHODS:
            return True
        if getattr(view, "action", None) in getattr(view, "admin_actions", ()):
            if not is_admin(user):
                raise PermissionDenied("Only an administrator can do this.")
            return True
        if not can_edit(user):
            raise PermissionDenied("Members read the programme; only the Secretariat edits it.")
        return True

    def has_object_permission(self, request, view, obj):
        """Per body (django-rules, jalon.accounts.permissions): the Secretariat writes only
        the bodies it works for; Members may read only theirs (JALON_MEMBERS_READ)."""
        if request.method in SAFE_METHODS:
            if not may_read(request.user, obj):
                raise PermissionDenied(
                    "You may read only the programmes of the bodies you are given."
                )
            return True
        if not may_edit(request.user, obj):
            raise PermissionDenied(
                "You may not edit this body's programme: you do not work for it."
            )
        return True
