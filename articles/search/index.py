"""Rebuilding the search text and its index, in small batches that a live site does not notice."""

from django.db import connection as default_connection
from django.db import transaction

from .schema import PG_INDEX, install, repair
from .text import search_text

BATCH = 500


def refresh_batch(model, ids) -> int:
    """Recompute the search text of the articles ``ids``; returns how many had changed. The rows are
    locked only for this batch's short transaction, so an editor's save waits milliseconds at most
    and is never overwritten with older text."""
    changed = []
    with transaction.atomic():
        rows = (
            model._base_manager.select_for_update()
            .filter(pk__in=ids)
            .only("pk", "title", "byline", "body", "search_text")
        )
        for article in rows:
            text = search_text(title=article.title, byline=article.byline, body=article.body)
            if text != article.search_text:
                article.search_text = text
                changed.append(article)
        if changed:
            model._base_manager.bulk_update(changed, ["search_text"])
    return len(changed)


def article_id_batches(model, batch: int = BATCH):
    """Ids in ascending batches, read one batch ahead (keyset pagination: no long-running cursor)."""
    last = 0
    while True:
        ids = list(
            model._base_manager.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return
        yield ids
        last = ids[-1]


def reindex(connection=default_connection) -> str:
    """Rebuild the database index itself. PostgreSQL: ``REINDEX … CONCURRENTLY`` (or create it
    concurrently when missing): reads and writes go on. SQLite: restore the triggers and rebuild the
    FTS5 table in one write transaction (readers go on in WAL mode; writers wait for it)."""
    if connection.vendor == "postgresql":
        # CONCURRENTLY cannot run inside a transaction (e.g. a test's): then the plain form.
        concurrently = "" if connection.in_atomic_block else " CONCURRENTLY"
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_class WHERE relname = %s AND relkind = 'i'", [PG_INDEX])
            if cursor.fetchone():
                cursor.execute("REINDEX INDEX" + concurrently + " articles_article_search_trgm")
                return "reindexed"
            cursor.execute(
                "CREATE INDEX" + concurrently + " IF NOT EXISTS articles_article_search_trgm"
                " ON articles_article USING gin (search_text gin_trgm_ops)"
            )
            return "created"
    if connection.vendor == "sqlite":
        if not repair(connection):
            with transaction.atomic(using=connection.alias):
                install(connection)  # CREATE … IF NOT EXISTS, then 'rebuild'
        return "rebuilt"
    return "unsupported"
