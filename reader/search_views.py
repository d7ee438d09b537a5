"""``/search/?q=…``: published articles the visitor may read, found by words, with filters.

The reader-facing part of search; the matching itself is ``articles.search``."""

from django.db import connections
from django.views.generic import TemplateView

from articles.search.backends import indexed_length, scan_rows
from articles.search.query import MAX_QUERY_LENGTH, MAX_TERMS, parse_query
from articles.search.results import search_page
from bulletin.selectors import articles_visible_to

from .search_forms import SearchForm


class ArticleSearchView(TemplateView):
    template_name = "reader/search.html"
    extra_context = {"nav": "search", "max_query_length": MAX_QUERY_LENGTH, "max_terms": MAX_TERMS}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        query = parse_query(self.request.GET.get("q", ""))
        data = self.request.GET.copy()
        data["q"] = query.text  # echo what was searched: shortened, never the 10,000 characters
        form = SearchForm(data, user=user)
        form.is_valid()
        articles = form.filter(articles_visible_to(user))
        results = search_page(articles, query, page=self.request.GET.get("page"))
        page = results.page
        context.update(
            {
                "form": form,
                "scan_rows": scan_rows(),
                # Shorter words than this are scanned for (2 on PostgreSQL, 3 on SQLite).
                "indexed_length": indexed_length(connections[articles.db].vendor),
                "query": query,
                "results": results,
                "page_obj": page,
                "paginator": results.paginator,
                "is_paginated": bool(page and page.paginator.num_pages > 1),
            }
        )
        return context
