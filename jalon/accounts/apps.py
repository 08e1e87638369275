from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jalon.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from jalon.accounts import permissions, signals  # noqa: F401 — rules, receivers
