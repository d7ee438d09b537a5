"""One reader per file format; each turns a file into the same ``SourceText``: lines of text, a
hint per line (bold, centred, size, red) where the format has them, and the pictures. The rules
that make a bulletin of those lines are the parser's, the same for every format."""

from __future__ import annotations

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


def read_source(*, data: bytes, name: str) -> SourceText:
    """Read a bulletin file's bytes by its name's extension (anything unknown is read as text)."""
    suffix = Path(name).suffix.lower()
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
