"""The issue as an A4 PDF in bulletin layout (GB/T 9704-2012 as far as the fonts allow), by
WeasyPrint. Fonts come from the system (Debian ``fonts-noto-cjk``) and are embedded as subsets.

Images are read from the media storage only: the renderer never fetches anything over the
network, whatever URL an article body holds.

WeasyPrint runs in a child process per render (``pdf_child.py``): a long issue with photos takes
hundreds of megabytes while it is laid out, and a web worker that rendered in-process would keep
them. The parent renders the HTML and reads the pictures (it has Django and the storage); the
child only lays out and writes the PDF, and its memory is given back when it exits.
"""

import functools
import html as htmlmod
import pickle  # noqa: S403 — the request to our own child process, see pdf_child.py
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

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
CHILD = Path(__file__).with_name("pdf_child.py")
CHILD_FAILED = 3
TIMEOUT_SECONDS = 600


@functools.cache
def cjk_font_available() -> bool:
    """True when fontconfig knows a font covering Simplified Chinese."""
    if shutil.which("fc-list") is None:
        return False
    result = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, check=False)  # noqa: S607
    return bool(result.stdout.strip())


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


def _media_prefix() -> str:
    return "/" + settings.MEDIA_URL.strip("/") + "/"


def _pictures(html: str) -> dict[str, bytes]:
    """Every picture of ``html`` that the renderer may show, read from the media storage and keyed
    by its path under ``BASE_URL`` — the same pictures, and only those, that the in-process media
    fetcher used to read."""
    pictures = {}
    prefix = _media_prefix()
    for tag in IMG_TAG.findall(html):
        found = SRC_ATTRIBUTE.search(tag)
        if not found:
            continue
        src = htmlmod.unescape(next(group for group in found.groups() if group is not None))
        parts = urlsplit(urljoin(BASE_URL, src.strip()))
        if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or not parts.path.startswith(prefix):
            continue
        body = read_picture(parts.path)
        if body is not None:
            pictures[unquote(parts.path)] = body
    return pictures


def write_pdf(html: str) -> bytes:
    """``html`` as PDF bytes, laid out by WeasyPrint in a child process that ends afterwards.
    Pictures come from our media storage only. Raises ``ExportError`` with a Chinese reason."""
    if not cjk_font_available():
        raise ExportError(
            _(
                "No Chinese font is installed on this server (Debian package fonts-noto-cjk); the PDF cannot be made."
            )
        )
    request = {
        "html": html,
        "base_url": BASE_URL,
        "media_prefix": _media_prefix(),
        "pictures": _pictures(html),
    }
    try:
        result = subprocess.run(  # noqa: S603 — our own script, run by our own interpreter
            [sys.executable, "-I", str(CHILD)],
            input=pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL),
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ExportError(_("The PDF could not be made: %(error)s") % {"error": error}) from error
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        if result.returncode != CHILD_FAILED:
            message = message.splitlines()[-1] if message else f"exit status {result.returncode}"
        raise ExportError(_("The PDF could not be made: %(error)s") % {"error": message})
    return result.stdout


def render_html(doc: IssueDocument) -> str:
    return _mark_unreadable_pictures(render_to_string("formats/issue_pdf.html", {"doc": doc}))


def render(doc: IssueDocument) -> bytes:
    """Render the issue to PDF bytes. Raises ``ExportError`` with a Chinese reason."""
    return write_pdf(render_html(doc))
