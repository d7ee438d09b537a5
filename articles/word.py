"""Word (.docx) import: mammoth turns the document into clean HTML; every embedded image goes
through the validated image path (no data: URIs survive); the result is sanitised.

The file is checked before mammoth sees it: old binary .doc, executables and other non-zip files,
corrupt archives and zip bombs are refused with a Chinese message naming the problem.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.parsers.expat import ExpatError
from xml.sax import SAXException

import mammoth
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from .images import ImageRejected, image_store, image_url
from .sanitize import sanitize_html

MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 5000
MAX_RATIO = 100  # uncompressed / compressed, per entry

# Word's headings become the two heading levels the editor offers; the title style too.
STYLE_MAP = """
p[style-name='Title'] => h2:fresh
p[style-name='Heading 1'] => h2:fresh
p[style-name='Heading 2'] => h3:fresh
p[style-name='Heading 3'] => h3:fresh
p[style-name='标题'] => h2:fresh
p[style-name='标题 1'] => h2:fresh
p[style-name='标题 2'] => h3:fresh
u => u
"""

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


class WordRejected(ValidationError):
    """A file that cannot be imported as a Word document; the message says why, in Chinese."""


@dataclass
class WordImport:
    html: str
    title: str = ""
    messages: list[str] = field(default_factory=list)
    images: list = field(default_factory=list)


def check_docx(data: bytes) -> None:
    """Refuse anything that is not a sound, reasonably sized .docx archive."""
    if not data:
        raise WordRejected(_("The file is empty."))
    if len(data) > MAX_DOCX_BYTES:
        raise WordRejected(
            _("The Word file is %(size).1f MB; at most %(limit)d MB are allowed.")
            % {"size": len(data) / 1024 / 1024, "limit": MAX_DOCX_BYTES // 1024 // 1024}
        )
    if data.startswith(OLE_MAGIC):
        raise WordRejected(
            _(
                "This is an old-format Word document (.doc). Open it in Word or WPS, save it as .docx and upload again."
            )
        )
    if data.startswith(b"MZ") or data.startswith(b"\x7fELF"):
        raise WordRejected(_("This file is a program, not a Word document."))
    if not data.startswith(ZIP_MAGIC):
        raise WordRejected(_("This file is not a Word document (.docx)."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise WordRejected(_("The Word file is damaged and cannot be opened.")) from None
    if len(entries) > MAX_ENTRIES:
        raise WordRejected(_("The Word file contains too many parts to be processed safely."))
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if total > MAX_UNCOMPRESSED_BYTES or (entry.file_size > 1024 * 1024 and ratio > MAX_RATIO):
            raise WordRejected(
                _(
                    "The Word file expands to far more data than it holds (a possible zip bomb); it was refused."
                )
            )
    names = {entry.filename for entry in entries}
    if "word/document.xml" not in names:
        raise WordRejected(_("This file is a zip archive but not a Word document (.docx)."))
    try:
        bad = archive.testzip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        bad = "?"
    if bad is not None:
        raise WordRejected(_("The Word file is damaged and cannot be opened."))


_MAMMOTH_PATTERNS = [
    (
        re.compile(r"Unrecognised paragraph style: '(.*?)'"),
        lambda m: _("Paragraph style “%(style)s” was kept as plain paragraphs.") % {"style": m.group(1)},
    ),
    (
        re.compile(r"Unrecognised run style: '(.*?)'"),
        lambda m: _("Character style “%(style)s” was kept as plain text.") % {"style": m.group(1)},
    ),
    (
        re.compile(r"Image of type (.*?) is unlikely"),
        lambda m: _("An image of type %(type)s may not display in browsers.") % {"type": m.group(1)},
    ),
]


def translate_message(message) -> str:
    text = getattr(message, "message", str(message))
    for pattern, render in _MAMMOTH_PATTERNS:
        match = pattern.search(text)
        if match:
            return render(match)
    return _("Part of the Word formatting could not be converted: %(detail)s") % {"detail": text}


_LEADING_BLOCK = re.compile(r"^\s*<(h2|h3|p)>(.*?)</\1>", re.DOTALL)


def extract_title(html: str) -> tuple[str, str]:
    """If the document opens with a heading or a paragraph that is wholly bold, return it as the
    title and the rest as the body; otherwise ``("", html)``."""
    match = _LEADING_BLOCK.match(html)
    if not match:
        return "", html
    tag, inner = match.groups()
    if tag == "p":
        bold = re.fullmatch(r"\s*<(strong|b)>(.*?)</\1>\s*", inner, re.DOTALL)
        if not bold:
            return "", html
        inner = bold.group(2)
    title = " ".join(strip_tags(inner).split())
    if not title:
        return "", html
    return title[:200], html[match.end() :].lstrip()


def docx_import(*, data: bytes, uploaded_by, article=None, want_title: bool = False) -> WordImport:
    """Convert a .docx to sanitised HTML, storing its images. Raises ``WordRejected``."""
    check_docx(data)
    result = WordImport(html="")

    def store(image):
        with image.open() as stream:
            content = stream.read()
        try:
            record = image_store(
                data=content, uploaded_by=uploaded_by, article=article, original_name="word-image"
            )
        except ImageRejected as error:
            result.messages.append(
                _("An embedded image was left out: %(reason)s") % {"reason": " ".join(error.messages)}
            )
            return {}
        result.images.append(record)
        return {"src": image_url(record), "alt": image.alt_text or ""}

    try:
        converted = mammoth.convert_to_html(
            io.BytesIO(data), style_map=STYLE_MAP, convert_image=mammoth.images.img_element(store)
        )
    except (KeyError, ValueError, zipfile.BadZipFile, OSError, ExpatError, SAXException) as error:
        for record in result.images:
            record.image.delete(save=False)
            record.delete()
        if isinstance(error, ExpatError | SAXException):
            # Truncated, not XML at all, or an entity expansion bomb (expat refuses to amplify).
            raise WordRejected(
                _(
                    "The text of the Word file (word/document.xml) is damaged or not valid XML; it cannot be read."
                )
            ) from None
        raise WordRejected(_("The Word file could not be read: %(error)s") % {"error": error}) from None
    # Images the handler refused produce <img> without src; sanitising drops data: URIs anyway.
    html = sanitize_html(re.sub(r"<img(?![^>]*\ssrc=)[^>]*>", "", converted.value))
    if want_title:
        result.title, html = extract_title(html)
    result.html = html
    result.messages.extend(translate_message(message) for message in converted.messages)
    return result
