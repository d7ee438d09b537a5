"""``manage.py rebuild_search_index``: recompute every article's search text, batch by batch."""

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article
from articles.search.index import BATCH, article_id_batches, refresh_batch
from articles.search.index import reindex as reindex_database


class ProgressBar:
    """One line on stderr, redrawn in place: ``[#####-----] 1500/3000``."""

    WIDTH = 30

    def __init__(self, *, stream, total: int, enabled: bool):
        self.stream, self.total, self.enabled, self.done = stream, total, enabled and total > 0, 0

    def advance(self, count: int) -> None:
        self.done = min(self.total, self.done + count)
        if not self.enabled:
            return
        filled = self.WIDTH * self.done // self.total
        text = f"[{'#' * filled}{'-' * (self.WIDTH - filled)}] {self.done}/{self.total}"
        self.stream.write("\r" + text, ending="\n" if self.done >= self.total else "")
        self.stream.flush()


class Command(BaseCommand):
    help = gettext_lazy(
        "Recompute the search text of every article in small batches (safe while the site is in use); "
        "with --reindex, also rebuild the database's search index."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=BATCH, help=gettext_lazy("Articles per transaction.")
        )
        parser.add_argument(
            "--reindex",
            action="store_true",
            help=gettext_lazy("Also rebuild the index (PostgreSQL: concurrently; SQLite: the FTS5 table)."),
        )
        parser.add_argument(
            "--no-progress", action="store_true", help=gettext_lazy("Do not show the progress bar.")
        )

    def handle(self, *args, batch_size, reindex: bool, no_progress: bool, **options):
        batch_size = max(1, batch_size)
        total = Article._base_manager.count()
        progress = ProgressBar(stream=self.stderr, total=total, enabled=not no_progress)
        changed = 0
        for ids in article_id_batches(Article, batch_size):
            changed += refresh_batch(Article, ids)
            progress.advance(len(ids))
        if reindex:
            messages = {
                "reindexed": _("The search index was rebuilt."),
                "created": _("The search index was missing and has been created."),
                "rebuilt": _("The search index was rebuilt."),
                "unsupported": _("This database has no search index to rebuild."),
            }
            self.stdout.write(messages[reindex_database(connection)])
        self.stdout.write(
            _("%(total)d articles checked, %(changed)d search texts updated.")
            % {"total": total, "changed": changed}
        )
