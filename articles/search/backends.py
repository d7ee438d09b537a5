"""Matching and ranking, per database vendor, behind :func:`search_articles`.

- PostgreSQL: ``search_text LIKE '%term%'`` (``__contains``), answered by the GIN ``gin_trgm_ops``
  index for terms of three characters or more.
- SQLite: the FTS5 ``trigram`` table (``articles_article_search``) for terms of three characters or
  more, ``instr()`` on ``search_text`` for shorter ones.
- A query made only of 1–2 character terms cannot use either index: it is a bounded scan of the
  newest :data:`SCAN_ROWS` articles (``SEARCH_SCAN_ROWS`` in the settings).

The names of an article's units are part of its search text (``Article.search_units``), so a word
naming a unit is matched like any other: one indexed column, never an OR over the units join.
Relevance: for each term, a hit in the title counts :data:`TITLE_WEIGHT`, each occurrence in the text
one (at most :data:`OCCURRENCE_CAP`); ties go to the newer article.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import connections
from django.db.models import Case, F, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Least, Length, Replace, StrIndex
from django.db.models.lookups import GreaterThan, LessThanOrEqual

from .query import INDEXED_TERM_LENGTH, SearchQuery, parse_query

# The match expression is always a parameter (built by _fts_phrase); the SQL itself is constant.
_FTS_MATCH = "SELECT rowid FROM articles_article_search WHERE articles_article_search MATCH %s"

SCAN_ROWS = 20_000
TITLE_WEIGHT = 10
OCCURRENCE_CAP = 5


def _fts_phrase(term: str) -> str:
    """An FTS5 string literal: the term in double quotes, inner quotes doubled. Nothing in it is
    syntax (no AND/OR/NEAR/*/column filters)."""
    return '"' + term.replace('"', '""') + '"'


def _fts_match(expression: str) -> Q:
    return Q(pk__in=RawSQL(_FTS_MATCH, [expression]))  # noqa: S611  constant SQL, bound parameter


def _text_condition(vendor: str, term: str) -> Q:
    if vendor == "sqlite":
        if len(term) >= INDEXED_TERM_LENGTH:
            return _fts_match(_fts_phrase(term))
        return Q(GreaterThan(StrIndex("search_text", Value(term)), 0))
    return Q(search_text__contains=term)


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
    else:
        for term in query.terms:
            matched = matched.filter(_text_condition(vendor, term))
    floor = None
    if query.needs_scan:
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
    """The ids of the newest ``limit`` matches, newest first: one query. The database walks the
    primary key backwards and stops at ``limit`` matches when the words are common, or reads the
    index's matches and sorts them when they are rare, whichever its planner finds cheaper."""
    return list(matches.queryset.order_by("-pk").values_list("pk", flat=True)[:limit])
