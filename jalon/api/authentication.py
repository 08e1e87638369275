"""Token authentication in one statement: the token, its user and the user's groups."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework import authentication

from jalon.api import sql


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication (`Authorization: Token <key>`), reading the token with
    its user and the names of the user's groups (which make the role,
    `accounts.roles.role_of`) in one plain statement instead of two through the ORM. An
    unknown token or an inactive user is refused by DRF's own code, with its messages."""

    _statement = None

    @classmethod
    def _reads(cls):
        if cls._statement is None:
            user_model = get_user_model()
            token, user = sql.Columns(cls().get_model()), sql.Columns(user_model)
            memberships = user_model.groups.through._meta
            q = sql.quote
            cls._statement = (token, user, (
                f"SELECT {token.sql()}, {user.sql()}, {q(Group._meta.db_table)}.{q('name')} "
                f"FROM {q(token.table)} "
                f"INNER JOIN {q(user.table)} ON {q(token.table)}.{q('user_id')} = "
                f"{q(user.table)}.{q(user_model._meta.pk.column)} "
                f"LEFT OUTER JOIN {q(memberships.db_table)} ON {q(memberships.db_table)}."
                f"{q(memberships.get_field('user').column)} = "
                f"{q(user.table)}.{q(user_model._meta.pk.column)} "
                f"LEFT OUTER JOIN {q(Group._meta.db_table)} ON {q(Group._meta.db_table)}."
                f"{q(Group._meta.pk.column)} = {q(memberships.db_table)}."
                f"{q(memberships.get_field('group').column)} "
                f"WHERE {q(token.table)}.{q('key')} = %s"
            ))  # fmt: skip
        return cls._statement

    def authenticate_credentials(self, key):
        token_columns, user_columns, statement = self._reads()
        rows = sql.fetch(statement, [key])
        width = len(token_columns.fields)
        if not rows:
            return super().authenticate_credentials(key)  # refused: "Invalid token."
        first = user_columns.convert(token_columns.convert(rows[:1]), width)[0]
        user = user_columns.instance(first[width:-1])
        if not user.is_active:
            return super().authenticate_credentials(key)  # refused: "User inactive …"
        token = token_columns.instance(first[:width])
        token.user = user
        user._jalon_groups = {row[-1] for row in rows if row[-1] is not None}  # role_of's
        return user, token
