from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import checks  # noqa: F401  (registers the search checks)
        from .search import sync
        from .search.schema import repair_after_migrate

        post_migrate.connect(repair_after_migrate, dispatch_uid="articles.search.repair")
        sync.connect()
