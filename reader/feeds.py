"""Atom feeds of the reader site: the latest articles, and the latest issues.

Feeds are read by programs without a login, so they only ever carry public issues. Every address in
them is absolute (``SITE_URL``, or the request's own host when it is unset): the feed's and entries'
links and the pictures and links inside the entries, which a feed reader shows away from the site.

They are served from the page cache like the list pages (reader.views.CachedListMixin): they show
which issues exist and the published articles, so they depend on ``catalogue`` and ``listings``, and
are rendered again only after a change readers can see. Static publishing writes them as files
(reader/publishing/pages.py, ``catalogue_pages``).
"""

import contextvars
import logging
import re

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, format_html_join
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article
from bulletin.selectors import articles_visible_to, reader_issues

from . import cache as reader_cache

logger = logging.getLogger(__name__)

FEED_LENGTH = 30
# ``src="/media/…"``, ``href="/articles/…"``: a site-relative address in stored HTML (never ``//host``).
_RELATIVE_ADDRESS = re.compile(r"""(\s(?:src|href)\s*=\s*)(["'])(/(?!/)[^"']*)\2""", re.IGNORECASE)
# The site's address while one feed is being written (feeds are shared by every request: no state).
_site = contextvars.ContextVar("feed_site", default="")


def site_address(request) -> str:
    """``SITE_URL`` (the address readers use), else the scheme and host of ``request``."""
    return getattr(settings, "SITE_URL", "").rstrip("/") or f"{request.scheme}://{request.get_host()}"


def absolute(path: str) -> str:
    return _site.get() + path


def absolute_html(html: str) -> str:
    """``html`` with every site-relative ``src`` and ``href`` made absolute."""
    return _RELATIVE_ADDRESS.sub(lambda m: f"{m[1]}{m[2]}{absolute(m[3])}{m[2]}", html)


class CachedFeed(Feed):
    """A feed with absolute addresses, served from the reader page cache."""

    feed_type = Atom1Feed

    def get_feed(self, obj, request):
        token = _site.set(site_address(request))
        try:
            return super().get_feed(obj, request)
        finally:
            _site.reset(token)

    def get_uncached(self, request, *args, **kwargs):
        """The feed past the page cache (static publishing renders with it)."""
        return super().__call__(request, *args, **kwargs)

    def __call__(self, request, *args, **kwargs):
        from .views import ReaderPage

        if request.method not in ("GET", "HEAD") or not reader_cache.keeps_pages():
            return self.get_uncached(request, *args, **kwargs)
        page = ReaderPage(request)
        page.audience = "public"  # the same feed for everyone: it carries public issues only
        try:
            page.depend_on(reader_cache.CATALOGUE, reader_cache.LISTINGS)
            key = page.seal(variant=request.scheme)  # the addresses in it carry the scheme
            if page.still_fresh():
                return page.respond(None, HttpResponseNotModified())
            entry = reader_cache.get_entry(key)
        except Exception:  # a cache outage degrades to an uncached feed, never to an error
            logger.exception("Reader page cache unavailable; writing the feed without it")
            return self.get_uncached(request, *args, **kwargs)
        if entry is None:
            response = self.get_uncached(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            entry = {
                "body": response.content,
                "content_type": response["Content-Type"],
                "last_modified": parse_http_date_safe(response.get("Last-Modified", "")),
            }
            try:
                reader_cache.set_entry(key, entry)
            except Exception:
                logger.exception("Could not store a feed in the cache")
        response = HttpResponse(entry["body"], content_type=entry["content_type"])
        return page.respond(entry["last_modified"], response)


class LatestArticlesFeed(CachedFeed):
    def link(self):
        return absolute(reverse("home"))

    def feed_url(self):
        return absolute(reverse("article_feed"))

    title = gettext_lazy("Union work bulletin: latest articles")
    subtitle = gettext_lazy("The newest articles of published public issues.")

    def items(self):
        return (
            articles_visible_to(AnonymousUser())
            .select_related("issue", "section")
            .order_by(
                "-published_at", "-issue__year", "-issue__number", "section__position", "position", "pk"
            )[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        body = absolute_html(item.body)
        return body + (f"<p>{escape(item.attribution)}</p>" if item.attribution else "")

    def item_link(self, item):
        return absolute(reverse("article_detail", kwargs={"pk": item.pk}))

    def item_author_name(self, item):
        return item.byline or None

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [item.section.name] if item.section else []


class LatestIssuesFeed(CachedFeed):
    def link(self):
        return absolute(reverse("issue_archive"))

    def feed_url(self):
        return absolute(reverse("issue_feed"))

    title = gettext_lazy("Union work bulletin: latest issues")
    subtitle = gettext_lazy("Each published public issue with its table of contents.")

    def items(self):
        contents = Prefetch(
            "articles", queryset=Article.objects.published().in_reading_order(), to_attr="reading_order"
        )
        return reader_issues(AnonymousUser()).prefetch_related(contents)[:FEED_LENGTH]

    def item_title(self, item):
        return f"{item.publication.title} {item.label}"

    def item_description(self, item):
        titles = format_html_join("", "<li>{}</li>", ((article.title,) for article in item.reading_order))
        return f"<p>{escape(_('In this issue:'))}</p><ul>{titles}</ul>"

    def item_link(self, item):
        return absolute(reverse("issue_detail", kwargs={"year": item.year, "number": item.number}))

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated
