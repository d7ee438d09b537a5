"""Bytes to text: UTF-8 first, then GB18030 (what old Windows files use); UTF-16 when the file starts
with its byte-order mark (Notepad's "Unicode"); refuse binary and empty files."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .errors import BulletinImportError

# Encodings tried in order, with the name reported to the person importing.
ENCODINGS = (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030"))

# Control characters (Unicode category Cc) a text file has no business containing: all but tab, line
# feed, vertical tab, form feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _refuse_binary(*, data: bytes) -> None:
    nul = data.find(b"\x00")
    if nul >= 0:
        raise BulletinImportError(
            line=_line_of(data, nul), message=_("This is a binary file, not a plain-text bulletin.")
        )


def _refuse_control_characters(*, text: str) -> None:
    found = _CONTROL.search(text)
    if found:
        raise BulletinImportError(
            line=text.count("\n", 0, found.start()) + 1,
            message=_("This is a binary file, not a plain-text bulletin."),
        )


def decode_bulletin(*, data: bytes) -> DecodedText:
    """Decode a bulletin file, saying which encoding was used; raise for empty or binary files."""
    if not data.strip() or data in {codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n"}:
        raise BulletinImportError(line=1, message=_("The file is empty."))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise BulletinImportError(
                line=_line_of(data, error.start),
                message=_("The file is neither UTF-8 nor GB18030 text; save it as UTF-8 and try again."),
            ) from None
        _refuse_control_characters(text=text)
        return DecodedText(text=text, encoding="UTF-16")
    _refuse_binary(data=data)
    first_failure: UnicodeDecodeError | None = None
    for codec, label in ENCODINGS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as error:
            first_failure = first_failure or error
            continue
        _refuse_control_characters(text=text)
        if not text.strip():
            raise BulletinImportError(line=1, message=_("The file is empty."))
        return DecodedText(text=text, encoding=label)
    assert first_failure is not None
    raise BulletinImportError(
        line=_line_of(data, first_failure.start),
        message=_("The file is neither UTF-8 nor GB18030 text; save it as UTF-8 and try again."),
    )
