from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "jalon.rules"
    verbose_name = _("Programme rules")
