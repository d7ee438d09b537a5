"""The issue as an A4 PDF in bulletin layout (GB/T 9704-2012 as far as the fonts allow), by
WeasyPrint. Fonts come from the system (Debian ``fonts-noto-cjk``) and are embedded as subsets.

Images are read from the media storage only: the renderer never fetches anything over the
network, whatever URL an article body holds.

WeasyPrint runs in a child process per render (``pdf_child.py``): a long issue with photos takes
hundreds of megabytes while it is laid out, and a web worker that rendered in-process would keep
them. The parent renders the HTML and reads the pictures (it has Django and the storage); the
child only lays out and writes the PDF, and its memory is given back when it exits. Children are
forked from multiprocessing's fork server, which has WeasyPrint imported already (one per web
worker, started at its first PDF), so a render costs no interpreter start or import. As always
with multiprocessing's fork server, a script that renders PDFs must guard its top level with
``if __name__ == "__main__":`` (manage.py, gunicorn and pytest do).
"""

import functools
import html as htmlmod
import itertools
import multiprocessing
import re
import shutil
import subprocess
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
CHILD_MODULE = "formats.exporters.pdf_child"
CHILD_TARGET = "serve"
PRELOAD = ["weasyprint", CHILD_MODULE]  # imported once by the fork server, not by each render
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
    answer = _in_child(request)
    if answer[0] != "pdf":
        raise ExportError(_("The PDF could not be made: %(error)s") % {"error": answer[1]})
    return answer[1]


def _in_child(request: dict) -> tuple[str, object]:
    """``pdf_child.serve(request)`` in a child forked from the fork server: ``("pdf", bytes)``, or
    ``("failed", reason)`` when WeasyPrint failed, the child died or it took too long."""
    import importlib

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)  # takes effect when the fork server starts
    target = getattr(importlib.import_module(CHILD_MODULE), CHILD_TARGET)
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=target, args=(sender, request), daemon=True)
    try:
        process.start()
        sender.close()  # the child holds its own end; EOF here when it dies without answering
        if not receiver.poll(TIMEOUT_SECONDS):
            return ("failed", f"no answer in {TIMEOUT_SECONDS} s")
        try:
            return receiver.recv()
        except EOFError:
            process.join(5)
            return ("failed", f"the renderer stopped (exit status {process.exitcode})")
    except OSError as error:
        return ("failed", str(error))
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        if process.pid is not None:
            process.join()
            process.close()


def _number_pictures(html: str) -> str:
    """Give each picture a ``data-picture`` number, so the renderer can fit one that would leave the
    page before it half empty (``pdf_child``)."""
    counter = itertools.count(1)
    return IMG_TAG.sub(
        lambda match: f'{match.group(0)[:-1].rstrip("/")} data-picture="{next(counter)}">', html
    )


def render_html(doc: IssueDocument) -> str:
    return _number_pictures(
        _mark_unreadable_pictures(render_to_string("formats/issue_pdf.html", {"doc": doc}))
    )


def render(doc: IssueDocument) -> bytes:
    """Render the issue to PDF bytes. Raises ``ExportError`` with a Chinese reason."""
    return write_pdf(render_html(doc))
