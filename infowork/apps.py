from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfoworkConfig(AppConfig):
    """Information work: adoption statistics, and what the office's year-round practice adds."""

    name = "infowork"
    verbose_name = _("Information work")

    def load_demo(self, *, units: dict, users: dict, **kwargs) -> None:
        """Called by ``manage.py loaddemo`` (an app below this one: it finds this method rather than
        importing us) with the demo units and accounts by name."""
        from .demo import load_records

        load_records(units=units, users=users)
