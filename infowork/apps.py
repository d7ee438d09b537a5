from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfoworkConfig(AppConfig):
    """Information work: adoption statistics, and what the office's year-round practice adds."""

    name = "infowork"
    verbose_name = _("Information work")

    def ready(self):
        # Points, commissions and adoptions keep a unit from being deleted; a merge moves them.
        from . import receivers

        receivers.connect()
