"""Matching and ranking, per database vendor, behind :func:`search_articles`.

- PostgreSQL: ``search_text LIKE '%term%'`` (``__contains``), answered by the GIN ``gin_trgm_ops``
  index, when every term has three characters or more. A query with a two-character term is
  answered by the GIN index on ``article_bigrams(search_text)`` (exact: no text is rechecked) for
  the pairs of all its terms, the longer terms then checked with ``strpos`` in the rows found.
- SQLite: the FTS5 ``trigram`` table (``articles_article_search``) for terms of three characters or
  more, ``instr()`` on ``search_text`` for shorter ones.
- A query whose terms are all too short for the database's indexes (one character on PostgreSQL,
  one or two on SQLite) is a bounded scan of the newest :data:`SCAN_ROWS` ids
  (``SEARCH_SCAN_ROWS`` in the settings).
- Only the newest :data:`~.results.RESULT_LIMIT` + 1 matches are looked for
  (:func:`newest_matches`); the page ranks them.

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
# PostgreSQL looks for the newest matches in ranges of ids (see newest_matches).
FIRST_WINDOW = 2_000
WINDOW_GROWTH = 16
# Matches per id from which a range is walked with a LIMIT rather than read through the index.
DENSE = 0.02
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
    paired = [
        term if len(term) == BIGRAM_LENGTH else term[:BIGRAM_LENGTH] for term in terms if len(term) >= 2
    ]
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
    """Where a scan starts: the newest :func:`scan_rows` ids (of articles of any status; fewer
    articles where some were deleted), or None when there are no more ids than that. One query on
    the primary key (counting rows back from the newest would read them all on SQLite)."""
    top = model._base_manager.using(using).aggregate(top=Max("pk"))["top"]
    if top is None or top <= scan_rows():
        return None
    return top - scan_rows() + 1


@dataclass
class Matches:
    """The articles matching a query, unordered and unranked; what :func:`rank` needs to rank them."""

    queryset: object
    query: SearchQuery
    # For a query of 1–2 character words only: the scan covered ids from here up (None: everything).
    scanned_from: int | None = None
    # The articles searched (before matching): the reader's visible ones or every status for staff.
    articles: object = None
    # PostgreSQL: the same matches with every term checked by strpos, which no index answers: for
    # walking a range of ids newest first, a plan the planner cannot then trade for the index.
    walk: object = None


def match_articles(articles, query: SearchQuery | str) -> Matches:
    """``articles`` narrowed to those matching ``query`` (see :func:`search_articles`). An empty
    query matches nothing."""
    if not isinstance(query, SearchQuery):
        query = parse_query(query)
    if not query:
        return Matches(articles.none(), query, articles=articles)
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
    walk = articles.filter(*(_contains(term) for term in query.terms)) if vendor == "postgresql" else None
    floor = None
    if needs_scan(query, vendor):
        # No index can help: only the newest articles are read (a range of the primary key).
        floor = scan_floor(model, articles.db)
        if floor is not None:
            matched = matched.filter(pk__gte=floor)
            walk = walk.filter(pk__gte=floor) if walk is not None else None
    return Matches(matched, query, floor, articles, walk)


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


# Candidates newest first from the FTS5 table (which reads its rowids backwards and stops at the
# LIMIT), the short terms checked in the article's text; the placeholders are filled by
# _sqlite_candidates with constant SQL, every value is a parameter.
_SQLITE_FTS_CANDIDATES = (
    "SELECT articles_article_search.rowid FROM articles_article_search{join}"
    " WHERE articles_article_search MATCH %s{short} AND articles_article_search.rowid < %s{floor}"
    " ORDER BY articles_article_search.rowid DESC LIMIT %s"
)
_SQLITE_JOIN = " JOIN articles_article ON articles_article.id = articles_article_search.rowid"
_SQLITE_SCAN_CANDIDATES = (
    "SELECT id FROM articles_article WHERE id < %s{floor}{short} ORDER BY id DESC LIMIT %s"
)
_SQLITE_SHORT = " AND instr(articles_article.search_text, %s) > 0"


def _sqlite_candidates(matches: Matches, connection, high: int, count: int) -> list[int]:
    """Up to ``count`` ids below ``high`` whose text matches, newest first, of any status."""
    query, floor = matches.query, matches.scanned_from
    short = list(query.short_terms)
    floor_sql = " AND {} >= %s" if floor is not None else ""
    if query.indexed_terms:
        sql = _SQLITE_FTS_CANDIDATES.format(
            join=_SQLITE_JOIN if short else "",
            short=_SQLITE_SHORT * len(short),
            floor=floor_sql.format("articles_article_search.rowid"),
        )
        expression = " AND ".join(_fts_phrase(term) for term in query.indexed_terms)
        params = [expression, *short, high]
        if floor is not None:
            params.append(floor)
    else:
        sql = _SQLITE_SCAN_CANDIDATES.format(floor=floor_sql.format("id"), short=_SQLITE_SHORT * len(short))
        params = [high, *([floor] if floor is not None else []), *short]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, count])
        return [row[0] for row in cursor.fetchall()]


def _sqlite_newest(matches: Matches, limit: int) -> list[int]:
    """SQLite: candidates newest first by text alone (:func:`_sqlite_candidates`), then those the
    searcher may see (one query on the ids), repeated further back while too few were visible.
    (Joining the issues in the same query makes SQLite read every issue and sort all the matches.)"""
    connection = connections[matches.queryset.db]
    if matches.query.indexed_terms and matches.query.short_terms:
        # Words of both kinds: every FTS5 match must have its text read for the short ones, walking
        # backwards or not; one query, which SQLite plans from the FTS5 matches.
        return list(matches.queryset.order_by("-pk").values_list("pk", flat=True)[:limit])
    found: list[int] = []
    high = 2**62  # above every id
    while len(found) < limit:
        want = 2 * (limit - len(found)) + 20
        ids = _sqlite_candidates(matches, connection, high, want)
        if not ids:
            break
        visible = set(matches.articles.filter(pk__in=ids).values_list("pk", flat=True))
        found += [pk for pk in ids if pk in visible]
        if len(ids) < want:
            break
        high = ids[-1]
    return found[:limit]


def newest_matches(matches: Matches, limit: int) -> list[int]:
    """The ids of the newest ``limit`` matches, newest first.

    SQLite: see :func:`_sqlite_newest`. PostgreSQL: the trigram index cannot give its matches in
    date order, and walking the primary key backwards reads (and decompresses) every article's text
    on the way, which the planner counts as nearly free. So the matches are looked for in ranges of
    ids, newest first, each sized from the matches found so far:

    - the newest :data:`FIRST_WINDOW` ids are walked backwards, stopping at the limit: a common word
      (one article in ten or more) ends there;
    - then, with the density seen (matches per id), a range that should hold twice the matches
      still needed (at most :data:`WINDOW_GROWTH` times the previous one). Where matches are dense
      (:data:`DENSE` or more) it is walked with a LIMIT (every term checked with ``strpos``, which
      no index answers, so that the walk is the plan): only about the ids needed are read. Where
      they are sparse it is asked without ORDER BY/LIMIT, which the planner answers by ANDing the
      search index's bitmap with the key range: only the matching articles' text is read.

    One query for the top id, then one per range (two or three for most words)."""
    queryset = matches.queryset
    if connections[queryset.db].vendor == "sqlite":
        return _sqlite_newest(matches, limit)
    if connections[queryset.db].vendor != "postgresql":
        return list(queryset.order_by("-pk").values_list("pk", flat=True)[:limit])
    base = queryset.model._base_manager.using(queryset.db)
    top = base.aggregate(top=Max("pk"))["top"]
    if top is None:
        return []
    found: list[int] = []
    high, size, density = top + 1, FIRST_WINDOW, 1.0
    while len(found) < limit and high > 0:
        low = max(high - size, 0)
        needed = limit - len(found)
        if density >= DENSE:
            walk = matches.walk.filter(pk__gte=low, pk__lt=high)
            got = list(walk.order_by("-pk").values_list("pk", flat=True)[:needed])
        else:
            window = queryset.filter(pk__gte=low, pk__lt=high)
            got = sorted(window.order_by().values_list("pk", flat=True), reverse=True)
        found += got
        if len(got) < needed:  # the whole range was read: its density is known
            density = max(len(got), 1) / (high - low)
        high = low
        size = min(int(2 * (limit - len(found)) / density) + 1, size * WINDOW_GROWTH)
    return found[:limit]
