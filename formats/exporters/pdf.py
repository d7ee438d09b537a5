"""The issue as an A4 PDF in bulletin layout (GB/T 9704-2012 as far as the fonts allow), by
WeasyPrint. Fonts come from the system (Debian ``fonts-noto-cjk``) and are embedded as subsets.

Images are read from the media storage only: the renderer never fetches anything over the
network, whatever URL an article body holds.
"""

import functools
import html as htmlmod
import re
import shutil
import subprocess
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import gettext as _

from bulletin.document import IssueDocument

from .errors import ExportError
from .pictures import placeholder, read_picture

BASE_URL = "https://bulletin.invalid/"
MAX_IMAGE_BYTES = 20 * 1024 * 1024
CONTENT_TYPE = "application/pdf"
EXTENSION = "pdf"


@functools.cache
def cjk_font_available() -> bool:
    """True when fontconfig knows a font covering Simplified Chinese."""
    if shutil.which("fc-list") is None:
        return False
    result = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, check=False)  # noqa: S607
    return bool(result.stdout.strip())


def _media_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"

    class MediaOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or not parts.path.startswith(media_prefix):
                raise ValueError(f"not fetched: {url}")
            body = read_picture(parts.path)
            if body is None:
                raise ValueError(f"not fetched: {url}")
            return URLFetcherResponse(url, body=body)

    return MediaOnlyFetcher(allowed_protocols={"https"})


IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
SRC_ATTRIBUTE = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def _mark_unreadable_pictures(html: str) -> str:
    """Replace each picture the exporter cannot read with a visible mark (and a log line), so
    one bad picture never fails the whole issue."""

    def replace(match):
        found = SRC_ATTRIBUTE.search(match.group(0))
        src = htmlmod.unescape(next(group for group in found.groups() if group is not None)) if found else ""
        if read_picture(src) is not None:
            return match.group(0)
        return f'<span class="picture-missing">{escape(placeholder())}</span>'

    return IMG_TAG.sub(replace, html)


def render_html(doc: IssueDocument) -> str:
    return _mark_unreadable_pictures(render_to_string("formats/issue_pdf.html", {"doc": doc}))


def render(doc: IssueDocument) -> bytes:
    """Render the issue to PDF bytes. Raises ``ExportError`` with a Chinese reason."""
    if not cjk_font_available():
        raise ExportError(
            _(
                "No Chinese font is installed on this server (Debian package fonts-noto-cjk); the PDF cannot be made."
            )
        )
    from weasyprint import HTML

    try:
        document = HTML(string=render_html(doc), base_url=BASE_URL, url_fetcher=_media_fetcher())
        return document.write_pdf()
    except (OSError, ValueError) as error:
        raise ExportError(_("The PDF could not be made: %(error)s") % {"error": error}) from error
