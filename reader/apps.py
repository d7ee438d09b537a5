from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReaderConfig(AppConfig):
    """The public site: pages, feeds, search page, page cache and static publishing."""

    name = "reader"
    verbose_name = _("Reader site")

    def ready(self):
        # Reader page cache invalidation (the only use of signals the house style allows).
        from . import cache, publishing
        from .publishing import checks  # noqa: F401 — registers the checks of the pages directory

        cache.connect_signals()
        # Static publishing: the page cache tells which pages changed; section and unit saves.
        publishing.connect_signals()
