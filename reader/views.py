"""The reader site: thin generic views over ``bulletin.selectors``.

The issue, article and home pages are served from the page cache (``reader.cache``): a hit costs
two or three cache reads and no SQL, and answers conditional requests with 304.
"""

import logging
import re
from urllib.parse import quote

from django.http import Http404, HttpResponse, HttpResponseNotFound, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags, quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from bulletin import signals
from bulletin.models import Issue, Section
from bulletin.selectors import (
    archive_years,
    article_listing,
    article_neighbours,
    articles_visible_to,
    audience,
    get_visible_article_or_404,
    get_visible_issue_or_404,
    issue_contents,
    latest_issue,
    reader_issues,
    sections_with_articles,
)
from contributors.models import Unit, UnitFormerName, descendant_ids

from . import cache as reader_cache
from .jinja import url_for as cached_reverse

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
PAGE_PARAMETER = re.compile(r"[1-9][0-9]{0,5}|last")
RECENT_ISSUES = 10

# Whole-issue downloads, linked when the export URL exists: (format, label).
DOWNLOAD_FORMATS = (("pdf", _("PDF")), ("docx", _("Word")), ("txt", _("Plain text")))


def download_links(issue) -> list[dict]:
    """Links to the exports of ``issue`` whose URLs resolve; formats still being built are skipped."""
    links = []
    for fmt, label in DOWNLOAD_FORMATS:
        url = _export_url(issue, fmt)
        if url:
            links.append({"format": fmt, "label": label, "url": url})
    return links


def _export_url(issue, fmt: str) -> str | None:
    kwargs = {"year": issue.year, "number": issue.number}
    attempts = [("issue_export", {**kwargs, "format": fmt}), (f"issue_export_{fmt}", kwargs)]
    if fmt == "txt":
        attempts.append(("issue_export", kwargs))
    for name, arguments in attempts:
        try:
            url = cached_reverse(name, **arguments)
        except NoReverseMatch:
            continue
        if url.endswith(f".{fmt}") and _format_available(fmt):
            return url
    return None


def _format_available(fmt: str) -> bool:
    """The export URL takes any suffix; link only the formats an exporter declares."""
    try:
        from formats.exporters import available_formats
    except ImportError:
        return True
    try:
        return fmt in available_formats()
    except Exception:  # a broken exporter must not take the issue page down
        logger.exception("Export formats could not be listed")
        return False


# Where an internal issue or article could be (the archive and article addresses).
_INTERNAL_PREFIXES = ("/issues/", "/articles/")


def page_not_found(request, exception=None):
    """The site's 404 (``handler404``). A visitor without a login who asked for an issue or article
    address is told that internal issues are for registered readers, with the login that comes back
    here. It is said on *every* such 404, for a missing, unpublished or internal number alike, so
    the answer does not tell which numbers exist; a logged-in reader never sees it."""
    user = getattr(request, "user", None)
    hint = request.path.startswith(_INTERNAL_PREFIXES) and not (user and user.is_authenticated)
    context = {
        "request_path": quote(request.path),
        "internal_hint": hint,
        "login_url": f"{reverse('login')}?next={quote(request.get_full_path())}" if hint else "",
    }
    response = HttpResponseNotFound(loader.render_to_string("404.html", context, request))
    patch_vary_headers(response, ["Cookie"])  # the answer depends on the login
    patch_cache_control(response, private=True, no_cache=True)
    return response


class ReaderPage:
    """One cacheable rendering of a reader page: its version names, then its cache key and ETag."""

    def __init__(self, request):
        self.request = request
        self.audience = audience(request.user)
        self.versions: dict[str, str] = {}
        self.key = self.etag = ""

    def depend_on(self, *names) -> dict[str, str]:
        """Fetch the tokens of ``names`` (every page also depends on the site) in one cache read."""
        unknown = [name for name in (reader_cache.SITE, *names) if name not in self.versions]
        if unknown:
            self.versions.update(reader_cache.tokens(unknown))
        return self.versions

    def seal(self, variant: str = "") -> str:
        """Fix the key once every version is known; the ETag follows from it. ``variant``: what
        else in the URL selects the content (``page=2`` of a list)."""
        self.depend_on()
        self.key = reader_cache.page_key(
            path=f"{self.request.path}?{variant}" if variant else self.request.path,
            host=self.request.get_host(),
            audience=self.audience,
            language=get_language(),
            versions=self.versions,
        )
        self.etag = quote_etag(self.key.rsplit(":", 1)[-1][:32])
        return self.key

    def still_fresh(self) -> bool:
        """The client's copy carries the current ETag: answer 304 without fetching the page."""
        header = self.request.headers.get("If-None-Match")
        return bool(header) and self.request.method in ("GET", "HEAD") and self.etag in parse_etags(header)

    def respond(self, last_modified: float | None, response):
        if self.etag:
            response["ETag"] = self.etag
        if last_modified:
            response["Last-Modified"] = http_date(last_modified)
        patch_vary_headers(response, ["Cookie"])
        if self.audience == "member":
            patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
        else:
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return get_conditional_response(
            self.request, etag=self.etag or None, last_modified=last_modified, response=response
        )


class CachedPageMixin:
    """Serve GET from the page cache; on a miss render as usual and store the result.

    Subclasses name what the page shows in ``declare_versions(page)`` using only the URL (and the
    cache), never the database; the context must carry ``last_modified`` (a datetime)."""

    def declare_versions(self, page: ReaderPage) -> None:
        raise NotImplementedError

    def cache_variant(self) -> str | None:
        """What of the query string selects the content, as part of the cache key; ``None``: a
        request this page does not cache (unknown parameters). Default: the query is ignored."""
        return ""

    def get(self, request, *args, **kwargs):
        variant = self.cache_variant()
        if variant is None:
            return super().get(request, *args, **kwargs)
        page = ReaderPage(request)
        if not reader_cache.keeps_pages():
            # Nothing to look up or store, and no ETag (the versions would be new on every
            # request): the page with its Last-Modified, which still answers conditional requests.
            return page.respond(*self.render_page(request, *args, **kwargs))
        try:
            self.declare_versions(page)
            key = page.seal(variant)
            if page.still_fresh():
                return page.respond(None, HttpResponseNotModified())
            entry = reader_cache.get_entry(key)
        except Exception:  # a cache outage degrades to uncached pages, never to errors
            logger.exception("Reader page cache unavailable; rendering without it")
            return super().get(request, *args, **kwargs)
        if entry is not None:
            return page.respond(entry["last_modified"], HttpResponse(entry["html"]))
        timestamp, response = self.render_page(request, *args, **kwargs)
        if response.status_code == 200:
            try:
                reader_cache.set_entry(key, {"html": response.content.decode(), "last_modified": timestamp})
            except Exception:
                logger.exception("Could not store a reader page in the cache")
        return page.respond(timestamp, response)

    def get_uncached(self, request, *args, **kwargs):
        """The page straight from the generic view, past the page cache (static publishing renders
        with it: a cache of another process may still hold the page as it was before a change)."""
        return super().get(request, *args, **kwargs)

    def render_page(self, request, *args, **kwargs):
        """``(last modified as a timestamp or None, the rendered response)``."""
        response = super().get(request, *args, **kwargs)
        response.render()
        last_modified = response.context_data.get("last_modified")
        return (int(last_modified.timestamp()) if last_modified else None), response


class IssuePageMixin:
    """Context for a page showing a whole issue."""

    def issue_context(self, issue) -> dict:
        contents = issue_contents(issue)
        return {
            "issue": issue,
            "publication": issue.publication,
            "contents": contents,
            "downloads": download_links(issue),
            "last_modified": contents.last_modified,
        }


class HomeView(CachedPageMixin, IssuePageMixin, TemplateView):
    """The latest published issue in full, with links to the recent ones."""

    template_engine = "jinja2"  # templates/jinja2/: rendered several times faster (reader/jinja.py)
    template_name = "reader/issue_latest.html"
    extra_context = {"nav": "home"}
    latest: tuple = ()

    def declare_versions(self, page):
        versions = page.depend_on(reader_cache.CATALOGUE)
        pointer = (
            f"reader:latest:{page.audience}:{versions[reader_cache.SITE]}:{versions[reader_cache.CATALOGUE]}"
        )
        latest = reader_cache.get_entry(pointer)
        if latest is None:
            issue = latest_issue(self.request.user)
            latest = (issue.year, issue.number) if issue else ()
            reader_cache.set_entry(pointer, latest)
        self.latest = tuple(latest)
        if self.latest:
            page.depend_on(reader_cache.issue_name(*self.latest))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        issue = None
        if self.latest:
            issue = reader_issues(user).filter(year=self.latest[0], number=self.latest[1]).first()
        issue = issue or latest_issue(user)
        if issue is None:
            return {**context, "issue": None, "recent_issues": [], "last_modified": None}
        context.update(self.issue_context(issue))
        context["recent_issues"] = list(reader_issues(user).exclude(pk=issue.pk)[:RECENT_ISSUES])
        return context


class IssueDetailView(CachedPageMixin, IssuePageMixin, DetailView):
    """``/issues/<year>/<number>/``: the issue as a bulletin."""

    template_engine = "jinja2"  # templates/jinja2/: rendered several times faster (reader/jinja.py)
    template_name = "reader/issue_detail.html"
    context_object_name = "issue"

    def get(self, request, *args, **kwargs):
        # Announced before the page cache may answer (the distribution app records read receipts).
        signals.issue_opened.send(sender=Issue, request=request, year=kwargs["year"], number=kwargs["number"])
        return super().get(request, *args, **kwargs)

    def declare_versions(self, page):
        page.depend_on(reader_cache.issue_name(self.kwargs["year"], self.kwargs["number"]))

    def get_object(self, queryset=None):
        return get_visible_issue_or_404(
            self.request.user, year=self.kwargs["year"], number=self.kwargs["number"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.issue_context(self.object))
        return context


class CachedListMixin(CachedPageMixin):
    """A list page in the page cache: one entry per page number, all of them renewed by any change
    readers can see (``LISTINGS``). A query with anything but a plain ``page`` is rendered as usual
    and not cached, so odd URLs cannot fill the cache."""

    def declare_versions(self, page):
        page.depend_on(reader_cache.CATALOGUE, reader_cache.LISTINGS)

    def cache_variant(self) -> str | None:
        query = self.request.GET
        if set(query) - {"page"} or len(query.getlist("page")) > 1:
            return None
        number = query.get("page")
        if number is None:
            return ""
        return f"page={number}" if PAGE_PARAMETER.fullmatch(number) else None


class IssueArchiveView(CachedListMixin, ListView):
    """``/issues/``: every issue the visitor may read, by year."""

    template_name = "reader/issue_archive.html"
    context_object_name = "issues"
    extra_context = {"nav": "archive"}

    def get_queryset(self):
        return reader_issues(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["years"] = archive_years(context["issues"])
        context["sections"] = sections_with_articles(self.request.user)
        return context


class ArticleDetailView(CachedPageMixin, DetailView):
    """``/articles/<id>/``: one article with its issue, section, attribution and neighbours."""

    template_name = "reader/article_detail.html"
    context_object_name = "article"

    def declare_versions(self, page):
        page.depend_on(reader_cache.article_name(self.kwargs["pk"]))

    def get_object(self, queryset=None):
        return get_visible_article_or_404(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context.update(
            {
                "issue": article.issue,
                "publication": article.issue.publication,
                "section": article.section,
                "units": list(article.units.all()),
                "neighbours": article_neighbours(article),
                "canonical_url": self.request.build_absolute_uri(
                    reverse("article_detail", kwargs={"pk": article.pk})
                ),
                "last_modified": max(article.updated, article.issue.updated),
            }
        )
        return context


class ArticleListMixin:
    """A paginated list of published articles, newest issue first."""

    paginate_by = PAGE_SIZE
    context_object_name = "articles"


class SectionDetailView(CachedListMixin, ArticleListMixin, ListView):
    """``/sections/<slug>/``: published articles of one section."""

    template_name = "reader/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return article_listing(articles_visible_to(self.request.user).filter(section=self.section))

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class UnitDetailView(CachedListMixin, ArticleListMixin, ListView):
    """``/units/<id>/``: published articles of a unit and of the units under it."""

    template_name = "reader/unit_detail.html"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A unit merged into another (contributors.services.unit_merge): its old address leads on.
            today = (
                UnitFormerName.objects.filter(merged_unit_id=kwargs["pk"])
                .values_list("unit_id", flat=True)
                .first()
            )
            if today is None:
                raise
            return redirect("unit_detail", pk=today, permanent=True)

    def get_queryset(self):
        self.unit = get_object_or_404(Unit.objects.select_related("parent"), pk=self.kwargs["pk"])
        unit_ids = descendant_ids([self.unit.pk])
        articles = articles_visible_to(self.request.user).filter(
            pk__in=articles_visible_to(self.request.user).filter(units__in=unit_ids).values("pk")
        )
        return article_listing(articles)

    def get_context_data(self, **kwargs):
        children = list(self.unit.children.order_by("position", "name"))
        return super().get_context_data(unit=self.unit, children=children, **kwargs)
