from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationConfig(AppConfig):
    name = "jalon.translation"
    verbose_name = _("Translation")

    def ready(self):
        from jalon.translation import models  # noqa: F401  (the frozen-session guard)
