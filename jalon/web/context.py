from jalon.accounts.roles import ROLES, can_approve, can_edit, role_of


def roles(request):
    """What the templates need to know of the signed-in user."""
    role = role_of(request.user)
    return {"role": role, "role_label": ROLES.get(role, ""), "can_edit": can_edit(request.user),
            "can_approve": can_approve(request.user)}  # fmt: skip
