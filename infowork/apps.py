from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfoworkConfig(AppConfig):
    """Information work: adoption statistics, and what the office's year-round practice adds."""

    name = "infowork"
    verbose_name = _("Information work")

    def ready(self):
        from contributors.signals import unit_merging

        from .signals import move_unit_rows

        unit_merging.connect(move_unit_rows, dispatch_uid="infowork.move_unit_rows")
