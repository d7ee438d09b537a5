"""Chinese full-text search over articles (issue 10).

``search_articles(queryset, query)`` is the one entry point (PostgreSQL pg_trgm or SQLite FTS5
trigram, chosen by the queryset's database); ``search_page`` adds pagination, the total and the
highlighted snippets. Nothing here imports ``articles.models`` (which imports ``.fields``).
"""

from .backends import SCAN_ROWS, Matches, match_articles, rank, search_articles
from .query import MAX_QUERY_LENGTH, SearchQuery, parse_query
from .results import PER_PAGE, RESULT_LIMIT, SearchHit, SearchResults, search_page
from .text import fold, search_text

__all__ = [
    "MAX_QUERY_LENGTH",
    "PER_PAGE",
    "RESULT_LIMIT",
    "SCAN_ROWS",
    "Matches",
    "SearchHit",
    "SearchQuery",
    "SearchResults",
    "fold",
    "parse_query",
    "match_articles",
    "rank",
    "search_articles",
    "search_page",
    "search_text",
]
