from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RevisionsConfig(AppConfig):
    name = "jalon.revisions"
    verbose_name = _("Programme revisions")

    def ready(self):
        from jalon.revisions import models  # noqa: F401  (the record-keeping signals)
