from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinConfig(AppConfig):
    name = "bulletin"
    verbose_name = _("Bulletins")

    def ready(self):
        # Reader page cache invalidation (the only use of signals the house style allows).
        from . import cache, checks  # noqa: F401 — checks registers the deployment checks

        cache.connect_signals()
        # Static publishing (issue 12): checks of the pages directory, section and unit saves.
        from . import publishing
        from .publishing import checks as publishing_checks  # noqa: F401

        publishing.connect_signals()
