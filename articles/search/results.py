"""One page of search results: the matching articles with highlighted title, snippet and attribution,
the total count and a ``Page`` for the usual pagination markup."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.utils.safestring import SafeString

from articles.text import plain_text

from .backends import SCAN_LIMIT, search_articles
from .query import SearchQuery, parse_query
from .snippets import highlight, snippet

PER_PAGE = 20


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
    total: int = 0
    page: Page | None = None
    # Only 1–2 character terms: the scan stopped at SCAN_LIMIT matches, older ones were not looked at.
    capped: bool = False

    @property
    def paginator(self) -> Paginator | None:
        return self.page.paginator if self.page else None


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
    """Page ``page`` (anything; bad values mean 1, too large means the last) of the ``articles``
    matching ``query``. The rows and the total come from one query (a window count)."""
    if not isinstance(query, SearchQuery):
        query = parse_query(query)
    if not query:
        return SearchResults(query=query)
    matches = search_articles(articles, query).select_related("issue", "section")
    number = _page_number(page)
    rows = list(
        matches.annotate(search_total=Window(Count("pk")))[(number - 1) * per_page : number * per_page]
    )
    if rows:
        total = rows[0].search_total
    else:
        total = matches.count() if number > 1 else 0
        if total:
            number = (total + per_page - 1) // per_page
            rows = list(matches[(number - 1) * per_page : number * per_page])
    paginator = Paginator(_Total(total), per_page)
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
        page=Page(hits, number, paginator),
        capped=query.needs_scan and total >= SCAN_LIMIT,
    )
