"""Matching and ranking, per database vendor, behind :func:`search_articles`.

- PostgreSQL: ``search_text LIKE '%term%'`` (``__contains``), answered by the GIN ``gin_trgm_ops``
  index for terms of three characters or more; a two-character term by the GIN index on
  ``article_bigrams(search_text)`` (exact: no text is rechecked).
- SQLite: the FTS5 ``trigram`` table (``articles_article_search``) for terms of three characters or
  more, ``instr()`` on ``search_text`` for shorter ones.
- A query whose terms are all too short for the database's indexes (one character on PostgreSQL,
  one or two on SQLite) is a bounded scan of the newest :data:`SCAN_ROWS` articles
  (``SEARCH_SCAN_ROWS`` in the settings).

The names of an article's units are part of its search text (``Article.search_units``), so a word
naming a unit is matched like any other: one indexed column, never an OR over the units join.
Relevance: for each term, a hit in the title counts :data:`TITLE_WEIGHT`, each occurrence in the text
one (at most :data:`OCCURRENCE_CAP`); ties go to the newer article.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import connections
from django.db.models import BooleanField, Case, F, Func, Max, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Least, Length, Replace, StrIndex
from django.db.models.lookups import GreaterThan, LessThanOrEqual

from .query import INDEXED_TERM_LENGTH, SearchQuery, parse_query
from .schema import bigram_code

# The match expression is always a parameter (built by _fts_phrase); the SQL itself is constant.
_FTS_MATCH = "SELECT rowid FROM articles_article_search WHERE articles_article_search MATCH %s"

SCAN_ROWS = 20_000
# PostgreSQL answers two-character terms from the bigram index, SQLite only from three characters.
BIGRAM_LENGTH = 2
# PostgreSQL looks for the newest matches in id ranges of these sizes, newest first, then the rest.
WINDOWS = (2_000, 8_000, 32_000, 128_000)
# Ranges up to this size may be walked newest first with a LIMIT (bounded by their size).
WALK_WINDOW = 8_000
TITLE_WEIGHT = 10
OCCURRENCE_CAP = 5


def _fts_phrase(term: str) -> str:
    """An FTS5 string literal: the term in double quotes, inner quotes doubled. Nothing in it is
    syntax (no AND/OR/NEAR/*/column filters)."""
    return '"' + term.replace('"', '""') + '"'


def _fts_match(expression: str) -> Q:
    return Q(pk__in=RawSQL(_FTS_MATCH, [expression]))  # noqa: S611  constant SQL, bound parameter


def indexed_length(vendor: str) -> int:
    """The shortest term the database's indexes answer."""
    return BIGRAM_LENGTH if vendor == "postgresql" else INDEXED_TERM_LENGTH


def needs_scan(query: SearchQuery, vendor: str) -> bool:
    """No term of ``query`` can use an index of this database: only a (bounded) scan can answer."""
    return bool(query.terms) and all(len(term) < indexed_length(vendor) for term in query.terms)


class _Bigrams(Func):
    """``article_bigrams(search_text) @> ARRAY[codes]``: the expression of the bigram index."""

    function = "article_bigrams"
    output_field = BooleanField()

    def __init__(self, codes: list[int]):
        super().__init__(F("search_text"))
        self.codes = codes

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        return f"{sql} @> %s::bigint[]", (*params, self.codes)


def _bigrams_of(terms) -> list[int]:
    """The codes of every pair of adjacent characters of ``terms``, each once."""
    return sorted({bigram_code(term[i : i + 2]) for term in terms for i in range(len(term) - 1)})


def _contains(term: str) -> Q:
    """A check of the text that no index answers (``strpos``, not ``LIKE``): applied only to the rows
    another index found."""
    return Q(GreaterThan(StrIndex("search_text", Value(term)), 0))


def _postgresql_conditions(terms) -> list[Q]:
    """Terms of three characters or more only: each a ``LIKE`` (``__contains``) answered by the
    trigram index. With a two-character term among them (trigrams cannot answer it): one lookup in
    the bigram index for the pairs of every term, which is exact, so no text is read for it, then
    each term of three characters or more (their pairs are not enough: 集体 and 合同 apart are not
    集体合同) checked with ``strpos`` in the rows found. One-character terms are checked in the text."""
    if all(len(term) >= INDEXED_TERM_LENGTH or len(term) < BIGRAM_LENGTH for term in terms):
        return [
            Q(search_text__contains=term) if len(term) >= INDEXED_TERM_LENGTH else _contains(term)
            for term in terms
        ]
    # A long term adds only its first pair: every pair is a posting list the index reads in full,
    # and its strpos check is exact anyway.
    paired = [term if len(term) == BIGRAM_LENGTH else term[:BIGRAM_LENGTH] for term in terms if len(term) >= 2]
    return [Q(_Bigrams(_bigrams_of(paired))), *(_contains(t) for t in terms if len(t) != BIGRAM_LENGTH)]


def _text_condition(vendor: str, term: str) -> Q:
    """SQLite: FTS5 for a term of three characters or more, ``instr`` for a shorter one."""
    if len(term) >= INDEXED_TERM_LENGTH:
        return _fts_match(_fts_phrase(term))
    return Q(GreaterThan(StrIndex("search_text", Value(term)), 0))


def _score(terms):
    score = Value(0)
    for term in terms:
        position = StrIndex("search_text", Value(term))
        in_title = Case(
            When(
                GreaterThan(position, 0) & LessThanOrEqual(position, Length("title")),
                then=Value(TITLE_WEIGHT),
            ),
            default=Value(0),
        )
        occurrences = (
            Length("search_text") - Length(Replace("search_text", Value(term), Value("")))
        ) / Value(len(term))
        score = score + in_title + Least(occurrences, Value(OCCURRENCE_CAP))
    return score


def scan_rows() -> int:
    return int(getattr(settings, "SEARCH_SCAN_ROWS", SCAN_ROWS))


def scan_floor(model, using: str = "default") -> int | None:
    """The smallest id among the newest :func:`scan_rows` articles (of any status), or None when
    there are fewer: a scan starts there. One index-only query."""
    ids = model._base_manager.using(using).order_by("-pk").values_list("pk", flat=True)
    floor = list(ids[scan_rows() - 1 : scan_rows()])
    return floor[0] if floor else None


@dataclass
class Matches:
    """The articles matching a query, unordered and unranked; what :func:`rank` needs to rank them."""

    queryset: object
    query: SearchQuery
    # For a query of 1–2 character words only: the scan covered ids from here up (None: everything).
    scanned_from: int | None = None


def match_articles(articles, query: SearchQuery | str) -> Matches:
    """``articles`` narrowed to those matching ``query`` (see :func:`search_articles`). An empty
    query matches nothing."""
    if not isinstance(query, SearchQuery):
        query = parse_query(query)
    if not query:
        return Matches(articles.none(), query)
    model = articles.model
    vendor = connections[articles.db].vendor

    matched = articles
    if vendor == "sqlite" and query.indexed_terms:
        # One MATCH for all the long terms (FTS5 intersects them itself); short ones are rechecked.
        matched = matched.filter(_fts_match(" AND ".join(_fts_phrase(term) for term in query.indexed_terms)))
        for term in query.short_terms:
            matched = matched.filter(_text_condition(vendor, term))
    elif vendor == "sqlite":
        for term in query.terms:
            matched = matched.filter(_text_condition(vendor, term))
    else:
        for condition in _postgresql_conditions(query.terms):
            matched = matched.filter(condition)
    floor = None
    if needs_scan(query, vendor):
        # No index can help: only the newest articles are read (a range of the primary key).
        floor = scan_floor(model, articles.db)
        if floor is not None:
            matched = matched.filter(pk__gte=floor)
    return Matches(matched, query, floor)


def rank(matches: Matches, queryset=None):
    """``queryset`` (default: the matches) annotated with ``search_score`` and ordered by it, then
    newest first."""
    queryset = matches.queryset if queryset is None else queryset
    return queryset.annotate(search_score=_score(matches.query.terms)).order_by(
        F("search_score").desc(), F("published_at").desc(nulls_last=True), "-pk"
    )


def search_articles(articles, query: SearchQuery | str):
    """``articles`` (any Article queryset: visible to a reader, or every status for staff) narrowed to
    those matching ``query``, annotated with ``search_score`` and ordered by relevance, then newest
    first. An empty query matches nothing. One database round trip (two for a query of 1–2 character
    words only: where the scan starts)."""
    if not isinstance(query, SearchQuery):
        query = parse_query(query)
    return rank(match_articles(articles, query))


def newest_matches(matches: Matches, limit: int) -> list[int]:
    """The ids of the newest ``limit`` matches, newest first.

    SQLite: one query (FTS5 and ``instr`` are cheap enough per row). PostgreSQL: the trigram index
    cannot give its matches in date order, and walking the primary key backwards rechecks every
    article's (compressed) text, so the newest matches are looked for in id ranges of growing size
    (:data:`WINDOWS`), each answered by the search index ANDed with the primary key's range: the
    text of a matching article is read only in the ranges needed. Common words stop in the first
    range, rare ones get to the end quickly. One query for the top id, then one per range read."""
    queryset = matches.queryset
    if connections[queryset.db].vendor != "postgresql":
        return list(queryset.order_by("-pk").values_list("pk", flat=True)[:limit])
    base = queryset.model._base_manager.using(queryset.db)
    top = base.aggregate(top=Max("pk"))["top"]
    if top is None:
        return []
    found: list[int] = []
    high = top + 1
    for size in (*WINDOWS, None):
        low = high - size if size is not None else None
        window = queryset.filter(pk__lt=high)
        if low is not None and low > 0:
            window = window.filter(pk__gte=low)
        if size is not None and size <= WALK_WINDOW:
            # A small range: walking it backwards costs little and stops as soon as enough are found.
            found += window.order_by("-pk").values_list("pk", flat=True)[: limit - len(found)]
        else:
            # No ORDER BY/LIMIT: the planner then ANDs the index bitmaps instead of walking the key.
            found += sorted(window.order_by().values_list("pk", flat=True), reverse=True)
        if len(found) >= limit or low is None or low <= 0:
            break
        high = low
    return found[:limit]
