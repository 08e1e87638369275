from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "jalon.operations"
    verbose_name = _("Operations")

    def ready(self):
        from jalon.operations import events  # noqa: F401  (connects the signal receivers)
