"""Database objects of the search index that Django's model state does not describe.

PostgreSQL: a GIN ``gin_trgm_ops`` index on ``articles_article.search_text`` (needs ``pg_trgm``) for
terms of three characters or more, and a GIN index on ``article_bigrams(search_text)``, the distinct
pairs of adjacent characters of the text as numbers (``code(a) * 1114112 + code(b)``), for two-character
words, which trigrams cannot answer. ``@>`` on it is exact: no row needs its text rechecked.
SQLite: an FTS5 table with the ``trigram`` tokenizer over the same column (external content: the
text is stored once, in the article table), kept in sync by triggers, so every write path, the ORM,
``bulk_create``, raw SQL, keeps the index right.

SQLite's way of altering a table (make a new one, copy, drop the old, rename) drops the old table's
triggers; :func:`repair` puts them back after every ``migrate`` and rebuilds the index if it had to.
When that ``migrate`` applied migrations of this app, losing them was the expected cost of a table
rebuild (a fresh database goes through several) and only logged at debug level; triggers missing when no
migration of ours ran mean something else dropped them, and that is a warning.
"""

import logging

logger = logging.getLogger(__name__)

ARTICLE_TABLE = "articles_article"
PG_INDEX = "articles_article_search_trgm"
PG_BIGRAM_INDEX = "articles_article_search_bigram"
# One number per character pair: code points are below 0x110000.
BIGRAM_BASE = 0x110000

PG_BIGRAM_FUNCTION = (
    "CREATE OR REPLACE FUNCTION article_bigrams(t text) RETURNS bigint[]"
    # COST: far dearer than the index; the planner must never choose to compute it row by row.
    " LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$"
    " SELECT ARRAY(SELECT DISTINCT code FROM ("
    "SELECT ascii(ch)::bigint * 1114112 + ascii(lead(ch) OVER (ORDER BY n)) AS code"
    " FROM unnest(string_to_array(t, NULL)) WITH ORDINALITY AS u(ch, n)) AS pairs"
    " WHERE code IS NOT NULL) $$"
)
PG_BIGRAM_INDEX_SQL = (
    "CREATE INDEX{concurrently} IF NOT EXISTS articles_article_search_bigram"
    " ON articles_article USING gin (article_bigrams(search_text))"
)


def bigram_code(pair: str) -> int:
    """The number ``article_bigrams`` gives the two characters ``pair``."""
    return ord(pair[0]) * BIGRAM_BASE + ord(pair[1])


FTS_TABLE = "articles_article_search"

# Literal SQL (no interpolation): the names are the constants above.
_FTS_INSERT = "INSERT INTO articles_article_search(rowid, search_text) VALUES (new.id, new.search_text);"
_FTS_DELETE = (
    "INSERT INTO articles_article_search(articles_article_search, rowid, search_text)"
    " VALUES ('delete', old.id, old.search_text);"
)
_FTS_REBUILD = "INSERT INTO articles_article_search(articles_article_search) VALUES ('rebuild')"
SQLITE_TRIGGERS = {
    "articles_article_search_insert": "AFTER INSERT ON articles_article BEGIN " + _FTS_INSERT + " END",
    "articles_article_search_delete": "AFTER DELETE ON articles_article BEGIN " + _FTS_DELETE + " END",
    "articles_article_search_update": (
        "AFTER UPDATE OF search_text ON articles_article BEGIN " + _FTS_DELETE + " " + _FTS_INSERT + " END"
    ),
}


def _sqlite_create_triggers(cursor) -> None:
    for name, body in SQLITE_TRIGGERS.items():
        cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


def install(connection) -> None:
    """Create the index for the connection's database (nothing for other vendors)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS articles_article_search_trgm"
                " ON articles_article USING gin (search_text gin_trgm_ops)"
            )
            install_bigrams(cursor)
        elif connection.vendor == "sqlite":
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS articles_article_search USING fts5("
                "search_text, content='articles_article', content_rowid='id', tokenize='trigram')"
            )
            _sqlite_create_triggers(cursor)
            cursor.execute(_FTS_REBUILD)


def install_bigrams(cursor, concurrently: bool = False) -> None:
    """PostgreSQL: the bigram function and its index (a separate step: added after the trigram one)."""
    cursor.execute(PG_BIGRAM_FUNCTION)
    cursor.execute(PG_BIGRAM_INDEX_SQL.format(concurrently=" CONCURRENTLY" if concurrently else ""))
    # No statistics on the expression: with them the planner sees that a common pair (工会) is in
    # most rows and, costing every bitmap heap scan as if it recomputed the pairs of each row, picks
    # a plan that really does. Without them it estimates a few rows and uses the (exact) index.
    cursor.execute("ALTER INDEX articles_article_search_bigram ALTER COLUMN 1 SET STATISTICS 0")


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS articles_article_search_trgm")
            cursor.execute("DROP INDEX IF EXISTS articles_article_search_bigram")
            cursor.execute("DROP FUNCTION IF EXISTS article_bigrams(text)")
        elif connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute("DROP TABLE IF EXISTS articles_article_search")


def _sqlite_names(cursor, kind: str) -> set[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = %s", [kind])
    return {row[0] for row in cursor.fetchall()}


def repair(connection, *, expected: bool = False) -> bool:
    """Put back SQLite triggers lost to a table rebuild and re-index; True if anything was missing.
    ``expected``: the caller has just rebuilt the table (a migration), so the loss is no news.
    Does nothing before the search migration has run, or on other databases."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        if FTS_TABLE not in _sqlite_names(cursor, "table"):
            return False
        missing = set(SQLITE_TRIGGERS) - _sqlite_names(cursor, "trigger")
        if not missing:
            return False
        logger.log(
            logging.DEBUG if expected else logging.WARNING,
            "Search index triggers were missing (%s); restoring them and rebuilding",
            sorted(missing),
        )
        _sqlite_create_triggers(cursor)
        cursor.execute(_FTS_REBUILD)
    return True


def repair_after_migrate(sender, using, plan=None, **kwargs) -> None:
    """``post_migrate`` receiver (connected in ``ArticlesConfig.ready``)."""
    if getattr(sender, "name", None) != "articles":
        return
    from django.db import connections

    ours_ran = any(migration.app_label == "articles" for migration, _backwards in plan or ())
    repair(connections[using], expected=ours_ran)
