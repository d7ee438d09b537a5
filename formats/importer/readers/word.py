"""Word (.docx) → lines: body paragraphs and tables in document order (版记 are often tables), text
boxes in the body, line breaks inside a paragraph as separate lines, and per line the look of its
characters (bold, size, red, centred) as hints. Pictures stay with the line before them.

The file goes through the same checks as a Word upload (``articles.word.check_docx``: size, zip
bombs, damaged archives) before python-docx reads it.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.text.run import Run
from lxml import etree

from articles.word import OLE_MAGIC, WordRejected, check_docx

from ..errors import BulletinImportError
from ..hints import LineHint
from .base import Lines, SourceText

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
}
W = "{" + NS["w"] + "}"
_OUTSIDE = "not(ancestor::w:del) and not(ancestor::w:txbxContent) and not(ancestor::mc:Fallback)"
_RUNS = etree.XPath(f".//w:r[{_OUTSIDE}]", namespaces=NS)
_BOXES = etree.XPath(
    ".//w:txbxContent[not(ancestor::mc:Fallback) and not(ancestor::w:txbxContent)]", namespaces=NS
)
_PICTURES = etree.XPath(f".//a:blip[{_OUTSIDE}]/@r:embed | .//v:imagedata[{_OUTSIDE}]/@r:id", namespaces=NS)
_CENTRED = {WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.DISTRIBUTE}
# What an encrypted Office file (an OLE container) holds instead of the document.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
INDENT = "\u3000\u3000"


def is_encrypted_office_file(data: bytes) -> bool:
    return data.startswith(OLE_MAGIC) and _ENCRYPTED_STREAM in data


def encrypted_error() -> BulletinImportError:
    return BulletinImportError(
        line=None,
        message=_(
            "The Word file is protected by a password (encrypted). Open it in Word or WPS, remove the "
            "password, save it and import the new file."
        ),
    )


def damaged_error() -> BulletinImportError:
    return BulletinImportError(
        line=None,
        message=_("The Word file is damaged and cannot be read: part of it is incomplete or corrupt."),
    )


def _styles(style):
    while style is not None:
        yield style
        style = style.base_style


def _inherited(value, styles, read):
    if value is not None:
        return value
    for style in styles:
        found = read(style)
        if found is not None:
            return found
    return None


def _is_red(color) -> bool:
    try:
        rgb = color.rgb
    except (ValueError, AttributeError):
        return False
    if rgb is None:
        return False
    red, green, blue = rgb[0], rgb[1], rgb[2]
    return red >= 0xB0 and green <= 0x60 and blue <= 0x60


class _Paragraph:
    """One paragraph's runs, read into lines with their look."""

    def __init__(self, paragraph):
        self.paragraph = paragraph
        self.styles = list(_styles(paragraph.style)) if paragraph.style is not None else []

    def centred(self) -> bool:
        alignment = _inherited(
            self.paragraph.alignment, self.styles, lambda style: style.paragraph_format.alignment
        )
        return alignment in _CENTRED

    def indented(self) -> bool:
        ind = self.paragraph._p.pPr.ind if self.paragraph._p.pPr is not None else None
        chars = ind.get(f"{W}firstLineChars") if ind is not None else None
        if chars and chars.isdigit() and int(chars) > 0:
            return True
        first = _inherited(
            self.paragraph.paragraph_format.first_line_indent,
            self.styles,
            lambda style: style.paragraph_format.first_line_indent,
        )
        return bool(first and first > 0)

    def run_look(self, run: Run) -> tuple[bool, float | None, bool]:
        styles = (list(_styles(run.style)) if run.style is not None else []) + self.styles
        bold = _inherited(run.bold, styles, lambda style: style.font.bold)
        size = _inherited(run.font.size, styles, lambda style: style.font.size)
        red = _is_red(run.font.color) if run.font.color.type is not None else False
        if not red:
            red = any(_is_red(style.font.color) for style in styles if style.font.color.type is not None)
        return bool(bold), (size.pt if size is not None else None), red

    def read(self, out: Lines) -> None:
        centred = self.centred()
        lines: list[list[tuple[str, tuple]]] = [[]]
        for element in _RUNS(self.paragraph._p):
            run = Run(element, self.paragraph)
            text = run.text
            if not text:
                continue
            look = self.run_look(run) if text.strip() else None
            for index, part in enumerate(text.replace("\r", "\n").split("\n")):
                if index:
                    lines.append([])
                if part:
                    lines[-1].append((part, look))
        indent = not centred and self.indented()
        for index, pieces in enumerate(lines):
            text = "".join(part for part, _look in pieces)
            looks = [(len(part.strip()), look) for part, look in pieces if look is not None and part.strip()]
            if index == 0 and indent and text and not text[0].isspace():
                text = INDENT + text
            out.add(text, _hint(looks, centred=centred) if looks else None)


def _hint(looks, *, centred: bool) -> LineHint:
    total = sum(length for length, _look in looks)
    sizes = [look[1] for _length, look in looks if look[1]]
    return LineHint(
        bold=all(look[0] for _length, look in looks),
        centred=centred,
        size=max(sizes) if sizes else None,
        red=sum(length for length, look in looks if look[2]) * 2 > total,
    )


class _Reader:
    def __init__(self, document):
        self.document = document
        self.out = Lines()

    def block(self, element, parent) -> None:
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        if element.tag == f"{W}p":
            paragraph = Paragraph(element, parent)
            for box in _BOXES(element):
                for child in box.iterchildren():
                    self.block(child, parent)
            _Paragraph(paragraph).read(self.out)
            self.pictures(paragraph)
        elif element.tag == f"{W}tbl":
            table = Table(element, parent)
            for row in table.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    for child in cell._tc.iterchildren():
                        self.block(child, cell)
                self.out.blank()
        elif element.tag == f"{W}sdt":
            content = element.find(f"{W}sdtContent")
            for child in content.iterchildren() if content is not None else ():
                self.block(child, parent)

    def pictures(self, paragraph) -> None:
        for rid in _PICTURES(paragraph._p):
            part = paragraph.part.related_parts.get(rid)
            if part is not None:
                self.out.picture(part.blob)

    def read(self) -> Lines:
        body = self.document.element.body
        for child in body.iterchildren():
            self.block(child, self.document._body)
        return self.out


def read_docx(*, data: bytes, label: str = "Word .docx") -> SourceText:
    if is_encrypted_office_file(data):
        raise encrypted_error()
    try:
        check_docx(data)
    except WordRejected as error:
        raise BulletinImportError(line=None, message=" ".join(error.messages)) from None
    try:
        document = Document(io.BytesIO(data))
        lines = _Reader(document).read()
    except (
        PackageNotFoundError,
        KeyError,
        ValueError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        etree.XMLSyntaxError,
    ):
        raise damaged_error() from None
    return lines.source(label=label)
