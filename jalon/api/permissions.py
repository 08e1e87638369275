from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

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
