"""Which public pages exist as files, where each one lives under ``STATIC_PAGES_ROOT``, and how it is
rendered: exactly as Django answers an anonymous visitor, through the same URL and view.

A page's file is its URL path, with ``index.html`` (``index.atom`` for the feeds) for a path ending
in ``/``: ``/issues/2026/3/`` → ``issues/2026/3/index.html``, ``/issues/2026/3.pdf`` →
``issues/2026/3.pdf``. The nginx site maps a request to the same name (deploy/nginx/bulletin.conf).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.urls import resolve, reverse
from django.utils import translation


class RenderError(Exception):
    """Django could not render a page (an error, or an answer other than 200 or 404)."""


@cache
def feed_urls() -> frozenset[str]:
    return frozenset({reverse("article_feed"), reverse("issue_feed")})


@dataclass(frozen=True, order=True)
class Page:
    url: str  # the path Django serves it at

    @property
    def relpath(self) -> str:
        path = self.url.lstrip("/")
        if self.url.endswith("/"):
            return path + ("index.atom" if self.url in feed_urls() else "index.html")
        return path


# --- The pages -------------------------------------------------------------------------------------


def export_formats() -> list[str]:
    """The whole-issue downloads written beside the issue page: every available export format, or
    those named in ``STATIC_PAGES_FORMATS``."""
    from formats.exporters import available_formats

    available = list(available_formats())
    chosen = getattr(settings, "STATIC_PAGES_FORMATS", None) or available
    return [name for name in chosen if name in available]


def catalogue_pages() -> list[Page]:
    """Pages showing which issues exist: home (the latest issue in full), the archive, the feeds."""
    return [Page(reverse(name)) for name in ("home", "issue_archive", "article_feed", "issue_feed")]


def issue_pages(year: int, number: int) -> list[Page]:
    pages = [Page(reverse("issue_detail", kwargs={"year": year, "number": number}))]
    for name in export_formats():
        pages.append(Page(reverse("issue_export", kwargs={"year": year, "number": number, "format": name})))
    return pages


def article_page(pk: int) -> Page:
    return Page(reverse("article_detail", kwargs={"pk": pk}))


def section_page(slug: str) -> Page:
    return Page(reverse("section_detail", kwargs={"slug": slug}))


def unit_page(pk: int) -> Page:
    return Page(reverse("unit_detail", kwargs={"pk": pk}))


# --- Rendering -------------------------------------------------------------------------------------


def anonymous_request(path: str):
    """A GET of ``path`` by a visitor without a login, on the site's public address (``SITE_URL``),
    so absolute links (canonical URLs, feed links) come out as on the live site."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    site = urlsplit(getattr(settings, "SITE_URL", "") or "http://localhost")
    request = RequestFactory().get(path, HTTP_HOST=site.netloc or "localhost", secure=site.scheme == "https")
    request.user = AnonymousUser()
    return request


def _respond(page: Page):
    request = anonymous_request(page.url)
    match = resolve(page.url)
    view_class = getattr(match.func, "view_class", None)
    if view_class is not None and hasattr(view_class, "get_uncached"):
        # A page-cached view (``reader.views.CachedPageMixin``), asked past its cache: a cache of
        # another process (LocMem) may still hold the page as it was before the change.
        view = view_class(**match.func.view_initkwargs)
        view.setup(request, *match.args, **match.kwargs)
        return view.get_uncached(request, *match.args, **match.kwargs)
    if hasattr(match.func, "get_uncached"):  # a page-cached feed (reader.feeds.CachedFeed)
        return match.func.get_uncached(request, *match.args, **match.kwargs)
    return match.func(request, *match.args, **match.kwargs)


def render(page: Page) -> bytes | None:
    """The page as Django serves it to an anonymous visitor now; None when that is a 404 (not
    published, internal, recalled, gone). Raises :class:`RenderError` for anything else."""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            response = _respond(page)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        except Http404:
            return None
        except Exception as error:
            raise RenderError(f"{page.url}: {type(error).__name__}: {error}") from error
    if response.status_code == 404:
        return None
    if response.status_code != 200 or getattr(response, "streaming", False):
        raise RenderError(f"{page.url}: Django answered {response.status_code}")
    return response.content


# --- Comparing ------------------------------------------------------------------------------------

_PDF_VOLATILE = re.compile(rb"/(CreationDate|ModDate)\s*\([^)]*\)|/ID\s*\[[^\]]*\]")
_DOCX_VOLATILE = {"docProps/core.xml"}


def same_content(name: str, old: bytes, new: bytes) -> bool:
    """True when ``new`` shows the same thing as ``old``. Byte equality, except for the parts of a PDF
    or Word file that carry the time it was made."""
    if old == new:
        return True
    if name.endswith(".pdf"):
        return _PDF_VOLATILE.sub(b"", old) == _PDF_VOLATILE.sub(b"", new)
    if name.endswith(".docx"):
        try:
            return _zip_members(old) == _zip_members(new)
        except zipfile.BadZipFile:
            return False
    return False


def _zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in sorted(archive.namelist()) if name not in _DOCX_VOLATILE}
