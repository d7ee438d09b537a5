"""One reader per file format; each turns a file into the same ``SourceText``: lines of text, a
hint per line (bold, centred, size, red) where the format has them, and the pictures. The rules
that make a bulletin of those lines are the parser's, the same for every format."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..decoding import decode_bulletin
from .base import Picture, SourceText
from .office import read_office
from .pdf import read_pdf
from .word import OLE_MAGIC, encrypted_error, is_encrypted_office_file, read_docx

SUFFIXES = (".txt", ".docx", ".doc", ".wps", ".pdf")


def read_text(*, data: bytes) -> SourceText:
    decoded = decode_bulletin(data=data)
    return SourceText(
        lines=decoded.text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), label=decoded.encoding
    )


def _is_docx(data: bytes) -> bool:
    """A Word .docx (a zip holding word/document.xml), whatever the file is named."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def suffix_of(*, data: bytes, name: str) -> str:
    """The format to read: the name's extension, unless the bytes plainly are another bulletin
    format (a Word file saved as .pdf or .txt, a PDF saved as .txt or .docx)."""
    suffix = Path(name).suffix.lower()
    if data.lstrip()[:5] == b"%PDF-":
        return ".pdf"
    if suffix in (".pdf", ".txt", "") and _is_docx(data):
        return ".docx"
    if suffix in (".pdf", ".txt", "") and data.startswith(OLE_MAGIC):
        return ".doc"
    return suffix


def read_source(*, data: bytes, name: str) -> SourceText:
    """Read a bulletin file's bytes by its format: the name's extension, or what the bytes plainly
    are where the name says otherwise (anything unknown is read as text)."""
    suffix = suffix_of(data=data, name=name)
    if suffix == ".docx":
        if data.startswith(OLE_MAGIC) and not is_encrypted_office_file(data):
            # An old .doc renamed .docx: LibreOffice reads it.
            return read_office(data=data, suffix=".doc")
        return read_docx(data=data)
    if suffix in (".doc", ".wps"):
        if is_encrypted_office_file(data):
            raise encrypted_error()
        if data.startswith(b"PK\x03\x04"):
            return read_docx(data=data)  # a .docx saved under an old name
        return read_office(data=data, suffix=suffix)
    if suffix == ".pdf":
        return read_pdf(data=data)
    return read_text(data=data)


__all__ = ["SUFFIXES", "Picture", "SourceText", "read_source"]
