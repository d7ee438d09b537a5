from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectConfig(AppConfig):
    """The project package as an app for its operator's parts only: the deployment checks and the
    ``backup``/``restore`` commands. It has no models."""

    name = "config"
    label = "config"
    verbose_name = _("Operations")

    def ready(self):
        from . import checks  # noqa: F401 — registers the deployment checks
