"""One page of search results: the matching articles with highlighted title, snippet and attribution,
the total count and a ``Page`` for the usual pagination markup.

Work is bounded whatever the query: the matches are counted up to :data:`RESULT_LIMIT` (more shows
as "more than 200"), and at most that many, the newest, are ranked. A very common word thus costs
a look at the newest articles instead of reading and ranking every article in the archive.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.utils.safestring import SafeString

from articles.text import plain_text

from .backends import match_articles, newest_matches, rank
from .query import SearchQuery, parse_query
from .segment import segment
from .snippets import highlight, snippet

PER_PAGE = 20
RESULT_LIMIT = 200


@dataclass
class SearchHit:
    article: object
    title: SafeString
    snippet: SafeString
    attribution: SafeString


@dataclass
class SearchResults:
    query: SearchQuery
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0  # the number of matches, or RESULT_LIMIT when there are more
    total_exact: bool = True
    page: Page | None = None
    # Words of 1–2 characters only: the newest articles were scanned, not the whole archive.
    scanned: bool = False
    # The query typed as one phrase matched nothing: these are its words, searched for separately
    # (``query`` then holds them).
    segmented: bool = False

    @property
    def paginator(self) -> Paginator | None:
        return self.page.paginator if self.page else None

    @property
    def partial(self) -> bool:
        """Only the newest RESULT_LIMIT matches are ranked."""
        return not self.total_exact

    @property
    def ranked(self) -> int:
        return min(self.total, RESULT_LIMIT)


class _Total:
    """Stands in for the object list of a ``Paginator`` that only needs the count."""

    def __init__(self, total: int):
        self.total = total

    def count(self) -> int:
        return self.total


def _page_number(value) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def search_page(articles, query: SearchQuery | str, *, page=1, per_page: int = PER_PAGE) -> SearchResults:
    """Page ``page`` (anything: bad values mean 1, too large means the last) of the ``articles``
    matching ``query``. Queries: the newest matching ids, at most RESULT_LIMIT + 1
    (:func:`~.backends.newest_matches`: two or a few); the page's ids in rank order; the page's
    articles. A query of words too short for the indexes adds one for where the scan starts.

    A single unspaced word that matches nothing is cut into its words
    (:func:`~.segment.segment`) and searched again for the articles holding all of them
    (``segmented`` on the results): a query that finds something exactly costs nothing more."""
    if not isinstance(query, SearchQuery):
        query = parse_query(query)
    if not query:
        return SearchResults(query=query)
    matches = match_articles(articles, query)
    ids = newest_matches(matches, RESULT_LIMIT + 1)
    segmented = False
    if not ids and (words := segment(query)) is not None:
        query, segmented = words, True
        matches = match_articles(articles, query)
        ids = newest_matches(matches, RESULT_LIMIT + 1)
    exact = len(ids) <= RESULT_LIMIT
    ids = ids[:RESULT_LIMIT]
    total = len(ids)
    # The ids are visible matches already: rank them without matching or joining again.
    base = articles.model._base_manager.using(articles.db)
    paginator = Paginator(_Total(total), per_page)
    number = min(_page_number(page), max(paginator.num_pages, 1))
    rows = []
    if total:
        # The page's ids in rank order (the article rows alone), then those rows with their issue
        # and section: joining the issues while ranking all the ids makes PostgreSQL hash the whole
        # issue table.
        ranked = rank(matches, base.filter(pk__in=ids)).values_list("pk", flat=True)
        page_ids = list(ranked[(number - 1) * per_page : number * per_page])
        by_id = base.filter(pk__in=page_ids).select_related("issue", "section").in_bulk()
        rows = [by_id[pk] for pk in page_ids if pk in by_id]
    hits = [
        SearchHit(
            article=article,
            title=highlight(article.title, query.terms),
            snippet=snippet(plain_text(article.body), query.terms),
            attribution=highlight(article.attribution, query.terms),
        )
        for article in rows
    ]
    return SearchResults(
        query=query,
        hits=hits,
        total=total,
        total_exact=exact,
        page=Page(hits, number, paginator),
        scanned=matches.scanned_from is not None,
        segmented=segmented,
    )
