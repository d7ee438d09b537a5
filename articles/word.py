"""Word (.docx) import: mammoth turns the document into clean HTML; every embedded image goes
through the validated image path (no data: URIs survive); the result is sanitised.

The file is checked before mammoth sees it: old binary .doc, executables and other non-zip files,
corrupt archives and zip bombs are refused with a Chinese message naming the problem.
"""

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.parsers.expat import ExpatError
from xml.sax import SAXException

import mammoth
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from .images import MAX_BYTES as IMAGE_MAX_BYTES
from .images import ImageRejected, image_store, image_url
from .sanitize import sanitize_html
from .text import body_too_long

MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 5000
MAX_RATIO = 100  # uncompressed / compressed, per entry
# The XML mammoth parses (the document, styles, numbering, notes, comments, relationships): mammoth
# needs 1.2–2.2 s and 30–40 MB of memory per MB (measured: 1 MB 1.2 s, 3 MB 6.7 s and 125 MB). Word
# and WPS write, by our estimate (not measured on real office files), some 5–20 bytes of XML per
# Chinese character, so a 50,000-character article (the body limit in articles.text) takes about
# 1 MB of document.xml: one part may hold 2 MB and all the XML together 4 MB. Pictures are bounded
# by the image limit.
MAX_XML_PART_BYTES = 2 * 1024 * 1024
MAX_XML_TOTAL_BYTES = 4 * 1024 * 1024
MAX_MEDIA_PART_BYTES = IMAGE_MAX_BYTES
SMALL_PART_BYTES = 64 * 1024  # smaller parts count as XML whatever they hold
# How an embedded picture starts (PNG, JPEG, GIF, BMP, TIFF, WebP/RIFF, EMF, WMF): told by content,
# not by name, so that no large part escapes the XML limits whatever name the package's
# relationships give it.
IMAGE_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"BM",
    b"II*\x00",
    b"MM\x00*",
    b"RIFF",
    b"\x01\x00\x00\x00",
    b"\xd7\xcd\xc6\x9a",
)

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


def _file_too_large(size: int) -> WordRejected:
    return WordRejected(
        _("The Word file is %(size).1f MB; at most %(limit)d MB are allowed.")
        % {"size": size / 1024 / 1024, "limit": MAX_DOCX_BYTES // 1024 // 1024}
    )


def read_docx_upload(upload) -> bytes:
    """An uploaded .docx, refused by its size before it is read into memory."""
    if getattr(upload, "size", 0) and upload.size > MAX_DOCX_BYTES:
        raise _file_too_large(upload.size)
    upload.seek(0)
    data = upload.read(MAX_DOCX_BYTES + 1)
    if len(data) > MAX_DOCX_BYTES:
        raise _file_too_large(len(data))
    return data


def check_docx(data: bytes) -> None:
    """Refuse anything that is not a sound, reasonably sized .docx archive."""
    if not data:
        raise WordRejected(_("The file is empty."))
    if len(data) > MAX_DOCX_BYTES:
        raise _file_too_large(len(data))
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
        if entry.file_size > 1024 * 1024 and ratio > MAX_RATIO:
            raise WordRejected(
                _(
                    "The Word file expands to far more data than it holds (a possible zip bomb); it was refused."
                )
            )
        if total > MAX_UNCOMPRESSED_BYTES:
            raise WordRejected(
                _("The Word file unpacks to more than %(limit)d MB; at most %(limit)d MB are allowed.")
                % {"limit": MAX_UNCOMPRESSED_BYTES // 1024 // 1024}
            )
    names = {entry.filename for entry in entries}
    if "word/document.xml" not in names:
        raise WordRejected(_("This file is a zip archive but not a Word document (.docx)."))
    _check_part_sizes(archive, entries)
    try:
        bad = archive.testzip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        bad = "?"
    if bad is not None:
        raise WordRejected(_("The Word file is damaged and cannot be opened."))


def _too_large(*, size: int, limit: int) -> WordRejected:
    return WordRejected(
        _(
            "The text of the Word file unpacks to %(size).1f MB; at most %(limit)d MB are allowed for "
            "one article. Split the document, or remove pasted formatting by saving it again."
        )
        % {"size": size / 1024 / 1024, "limit": limit // 1024 // 1024}
    )


def _is_picture(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    try:
        with archive.open(entry) as stream:
            head = stream.read(8)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, NotImplementedError):
        raise WordRejected(_("The Word file is damaged and cannot be opened.")) from None
    return head.startswith(IMAGE_MAGIC)


def _check_part_sizes(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """Bound each part by its uncompressed size, as the archive declares it, before anything is
    unpacked: the XML mammoth parses, one by one and together, and pictures by the image limit. A
    part whose real size differs from the declared one fails the CRC test that follows."""
    xml_total = 0
    for entry in entries:
        if entry.is_dir():
            continue
        if entry.file_size > SMALL_PART_BYTES and _is_picture(archive, entry):
            if entry.file_size > MAX_MEDIA_PART_BYTES:
                raise WordRejected(
                    _("A picture in the Word file is %(size).1f MB; at most %(limit)d MB are allowed.")
                    % {
                        "size": entry.file_size / 1024 / 1024,
                        "limit": MAX_MEDIA_PART_BYTES // 1024 // 1024,
                    }
                )
            continue
        if entry.file_size > MAX_XML_PART_BYTES:
            raise _too_large(size=entry.file_size, limit=MAX_XML_PART_BYTES)
        xml_total += entry.file_size
        if xml_total > MAX_XML_TOTAL_BYTES:
            raise _too_large(size=xml_total, limit=MAX_XML_TOTAL_BYTES)


# mammoth's warnings are English; each known one becomes a Chinese sentence, and an unknown one a
# general sentence without the library's text.
_MAMMOTH_PATTERNS = [
    (
        re.compile(r"Unrecognised paragraph style: (.*?) \(Style ID: .*\)"),
        lambda m: _("Paragraph style “%(style)s” was kept as plain paragraphs.") % {"style": m.group(1)},
    ),
    (
        re.compile(r"Unrecognised run style: (.*?) \(Style ID: .*\)"),
        lambda m: _("Character style “%(style)s” was kept as plain text.") % {"style": m.group(1)},
    ),
    (
        re.compile(r"Unrecognised table style: (.*?) \(Style ID: .*\)"),
        lambda m: _("Table style “%(style)s” was kept as a plain table.") % {"style": m.group(1)},
    ),
    (
        re.compile(r"style with ID (.*?) was referenced but not defined"),
        lambda m: (
            _("The document uses a style “%(style)s” that it does not define; it was ignored.")
            % {"style": m.group(1)}
        ),
    ),
    (
        re.compile(r"Image of type (.*?) is unlikely"),
        lambda m: _("An image of type %(type)s may not display in browsers.") % {"type": m.group(1)},
    ),
    (
        re.compile(r"image file|imagedata|external file", re.IGNORECASE),
        lambda m: _("An image that the document refers to could not be found in it and was left out."),
    ),
    (
        re.compile(r"w:sym element"),
        lambda m: _("A symbol from a special font could not be converted and was left out."),
    ),
    (
        re.compile(r"cell merging"),
        lambda m: _("A table has an unusual structure; check its merged cells."),
    ),
]


def translate_message(message) -> str:
    text = getattr(message, "message", str(message))
    for pattern, render in _MAMMOTH_PATTERNS:
        match = pattern.search(text)
        if match:
            return render(match)
    return _("Part of the Word formatting could not be converted and was left out.")


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


def missing_part(error: KeyError) -> str:
    """zipfile's "There is no item named '…' in the archive", in Chinese with the part's name."""
    match = re.search(r"named '(.*?)'", str(error))
    if match:
        return _(
            "The Word file is incomplete: it refers to a part named “%(name)s” that it does not "
            "contain. Open it in Word or WPS, save it again and upload the new file."
        ) % {"name": match.group(1)}
    return _(
        "The Word file is incomplete: it refers to a part that it does not contain. Open it in "
        "Word or WPS, save it again and upload the new file."
    )


def discard(images) -> None:
    """Delete stored pictures, their files first, for an import that is not kept."""
    for record in images:
        record.image.delete(save=False)
        if record.display:
            record.display.delete(save=False)
        record.delete()


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
    except KeyError as error:
        discard(result.images)
        raise WordRejected(missing_part(error)) from None
    except (ExpatError, SAXException):
        # Truncated, not XML at all, or an entity expansion bomb (expat refuses to amplify).
        discard(result.images)
        raise WordRejected(
            _("The text of the Word file (word/document.xml) is damaged or not valid XML; it cannot be read.")
        ) from None
    except (ValueError, zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError):
        discard(result.images)
        raise WordRejected(
            _("The Word file is damaged and cannot be read: part of it is incomplete or corrupt.")
        ) from None
    # Images the handler refused produce <img> without src; sanitising drops data: URIs anyway.
    html = re.sub(r"<img(?![^>]*\ssrc=)[^>]*>", "", converted.value)
    problem = body_too_long(html)
    if not problem:
        html = sanitize_html(html)
        problem = body_too_long(html)
    if problem:
        discard(result.images)
        raise WordRejected(problem)
    if want_title:
        result.title, html = extract_title(html)
    result.html = html
    result.messages.extend(translate_message(message) for message in converted.messages)
    return result
