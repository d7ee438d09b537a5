"""The issue as an A4 PDF in bulletin layout (GB/T 9704-2012 as far as the fonts allow), by
WeasyPrint. Fonts come from the system (Debian ``fonts-noto-cjk``) and are embedded as subsets.

Images are read from the media storage only: the renderer never fetches anything over the
network, whatever URL an article body holds.
"""

import functools
import html as htmlmod
import itertools
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


# A picture pushed to the next page is scaled down to the room left on the page before when that
# room is at least this high (in CSS px, 96 to the inch: 45 mm); the stylesheet caps every picture at
# half a page, so no page is left more than about half empty by one.
MIN_FITTED_PICTURE = 170.0
# Left free around a fitted picture: its figure's margins (2 mm each), the line box around it and
# rounding (CSS px: about 10 mm).
FIT_SLACK = 40.0

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


def _number_pictures(html: str) -> str:
    counter = itertools.count(1)
    return IMG_TAG.sub(
        lambda match: f'{match.group(0)[:-1].rstrip("/")} data-picture="{next(counter)}">', html
    )


def render_html(doc: IssueDocument) -> str:
    return _number_pictures(
        _mark_unreadable_pictures(render_to_string("formats/issue_pdf.html", {"doc": doc}))
    )


def _boxes(box):
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox):
        return
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _pushed_pictures(document) -> dict[str, float]:
    """Pictures that start a page although the page before ended with room left, and that room
    (CSS px) where it is at least :data:`MIN_FITTED_PICTURE`: {picture number: height to fit}."""
    from weasyprint.formatting_structure import boxes

    fits, previous_bottom, previous_end = {}, None, None
    for page in document.pages:
        page_box = page._page_box
        top = page_box.content_box_y()
        end = top + page_box.height
        content = [box for box in _boxes(page_box) if isinstance(box, (boxes.LineBox, boxes.ReplacedBox))]
        page_top = min((box.position_y for box in content), default=end)
        # A picture at the top of the page (its figure's line box starts there too).
        first = next(
            (
                box
                for box in content
                if isinstance(box, boxes.ReplacedBox)
                and box.position_y <= page_top + 1
                and box.element is not None
                and box.element.get("data-picture")
            ),
            None,
        )
        if first is not None and previous_bottom is not None:
            room = previous_end - previous_bottom - FIT_SLACK
            if room >= MIN_FITTED_PICTURE:
                fits[first.element.get("data-picture")] = room
        bottoms = [box.position_y + box.margin_height() for box in content]
        previous_bottom = max(bottoms, default=top)
        previous_end = end
    return fits


def _layout(html: str):
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=_media_fetcher()).render()


def _fitted(html: str):
    """The laid-out document, with each picture that would leave the page before it partly empty
    scaled down to the room there (one more layout when there is any)."""
    document = _layout(html)
    fits = _pushed_pictures(document)
    if not fits:
        return document
    rules = "".join(
        f'img[data-picture="{number}"] {{ max-height: {room:.0f}px; }}' for number, room in fits.items()
    )
    return _layout(html.replace("</head>", f"<style>{rules}</style></head>", 1))


def render(doc: IssueDocument) -> bytes:
    """Render the issue to PDF bytes. Raises ``ExportError`` with a Chinese reason."""
    if not cjk_font_available():
        raise ExportError(
            _(
                "No Chinese font is installed on this server (Debian package fonts-noto-cjk); the PDF cannot be made."
            )
        )
    try:
        return _fitted(render_html(doc)).write_pdf()
    except (OSError, ValueError) as error:
        raise ExportError(_("The PDF could not be made: %(error)s") % {"error": error}) from error
