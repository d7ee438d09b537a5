from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormatsConfig(AppConfig):
    """Whole issues in and out of files: the archive importer and the exporters."""

    name = "formats"
    verbose_name = _("Import and export")
