"""Rebuilding the search text and its index, in small batches that a live site does not notice."""

from django.db import connection as default_connection
from django.db import transaction

from .schema import PG_BIGRAM_INDEX, PG_INDEX, install, install_bigrams, repair
from .text import search_text, unit_names

BATCH = 500


def units_of(model, ids, using: str = "default") -> dict[int, str]:
    """``{article id: its search_units}`` for the articles ``ids`` (those without units are left
    out): one query over the units join."""
    rows = (
        model.units.through.objects.using(using)
        .filter(article_id__in=ids)
        .order_by("article_id", "unit__position", "unit__name")
        .values_list("article_id", "unit__name", "unit__short_name")
    )
    pairs: dict[int, list] = {}
    for article_id, name, short_name in rows:
        pairs.setdefault(article_id, []).append((name, short_name))
    return {article_id: unit_names(names) for article_id, names in pairs.items()}


def refresh_batch(model, ids, using: str = "default") -> int:
    """Recompute the unit names and the search text of the articles ``ids``; returns how many had
    changed. The rows are locked only for this batch's short transaction, so an editor's save waits
    milliseconds at most and is never overwritten with older text."""
    changed = []
    with transaction.atomic(using=using):
        rows = (
            model._base_manager.using(using)
            .select_for_update()
            .filter(pk__in=ids)
            .only("pk", "title", "byline", "body", "search_units", "search_text")
        )
        units = units_of(model, ids, using)
        for article in rows:
            names = units.get(article.pk, "")
            text = search_text(title=article.title, byline=article.byline, body=article.body, units=names)
            if text != article.search_text or names != article.search_units:
                article.search_units, article.search_text = names, text
                changed.append(article)
        if changed:
            model._base_manager.using(using).bulk_update(changed, ["search_units", "search_text"])
    return len(changed)


def refresh_articles(model, ids, using: str = "default") -> int:
    """:func:`refresh_batch` over any number of articles, :data:`BATCH` at a time."""
    ids = sorted(set(ids))
    return sum(refresh_batch(model, ids[start : start + BATCH], using) for start in range(0, len(ids), BATCH))


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
            present = cursor.fetchone() is not None
            if present:
                cursor.execute("REINDEX INDEX" + concurrently + " articles_article_search_trgm")
            else:
                cursor.execute(
                    "CREATE INDEX" + concurrently + " IF NOT EXISTS articles_article_search_trgm"
                    " ON articles_article USING gin (search_text gin_trgm_ops)"
                )
            cursor.execute("SELECT 1 FROM pg_class WHERE relname = %s AND relkind = 'i'", [PG_BIGRAM_INDEX])
            if cursor.fetchone():
                cursor.execute("REINDEX INDEX" + concurrently + " articles_article_search_bigram")
            else:
                install_bigrams(cursor, concurrently=bool(concurrently))
                present = False
            return "reindexed" if present else "created"
    if connection.vendor == "sqlite":
        if not repair(connection):
            with transaction.atomic(using=connection.alias):
                install(connection)  # CREATE … IF NOT EXISTS, then 'rebuild'
        return "rebuilt"
    return "unsupported"
