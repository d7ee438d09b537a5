"""PDF → lines, with pdfplumber: every character with its size, font and colour; characters grouped
into printed lines in reading order; printed lines that wrap a paragraph joined again (a line that
reaches the right margin goes on in the next one when that starts at the left margin in the same
type); running page numbers (— 1 —, - 2 -) and headers or footers repeated on every page dropped.

A scan (pages of pictures without a text layer) is refused, and so are encrypted and damaged files
and files far longer than any bulletin.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from .. import lines as L
from ..errors import BulletinImportError
from ..hints import LineHint
from .base import Lines, SourceText

MAX_PAGES = 60
MAX_BYTES = 50 * 1024 * 1024
_PAGE_NUMBER = re.compile(r"^[-—–－―一\s]*(第\s*)?[0-9０-９]{1,3}(\s*页)?[-—–－―一\s]*$")
_DASHED_NUMBER = re.compile(r"^[-—–－―]\s*[0-9０-９]{1,3}\s*[-—–－―]$")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|hei|xbs|xiaobiao|biaosong", re.IGNORECASE)
INDENT = "\u3000\u3000"
EDGE = 0.1  # the top and bottom tenth of a page, where running heads and page numbers stand


@dataclass
class _Line:
    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    red: bool
    page_height: float
    page_width: float

    @property
    def at_edge(self) -> bool:
        return self.top < self.page_height * EDGE or self.bottom > self.page_height * (1 - EDGE)


def _is_red(colour) -> bool:
    if not isinstance(colour, (tuple, list)):
        return False
    values = [value for value in colour if isinstance(value, (int, float))]
    if len(values) == 3:
        red, green, blue = values
        return red >= 0.6 and green <= 0.35 and blue <= 0.35
    if len(values) == 4:
        cyan, magenta, yellow, black = values
        return magenta >= 0.6 and yellow >= 0.5 and cyan <= 0.3 and black <= 0.3
    return False


def _rows(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped into printed lines: those whose middles are within half a character's
    height of each other. Sorted from the top, a character only ever joins one of the last rows."""
    rows: list[list[dict]] = []
    for char in sorted(chars, key=lambda char: char["top"]):
        middle = (char["top"] + char["bottom"]) / 2
        for row in reversed(rows[-4:]):
            anchor = row[0]
            if abs(middle - (anchor["top"] + anchor["bottom"]) / 2) < max(anchor["size"], char["size"]) * 0.5:
                row.append(char)
                break
        else:
            rows.append([char])
    return rows


def _row_text(row: list[dict]) -> str:
    """The characters of a row left to right; a space where the file has one or leaves a gap."""
    text, previous, space = "", None, False
    for char in row:
        if not char["text"].strip():
            space = previous is not None
            continue
        if previous is not None and (
            space or char["x0"] - previous["x1"] > 0.6 * min(char["size"], previous["size"])
        ):
            text += " "
        text += char["text"]
        previous, space = char, False
    return text


def _page_lines(page, number: int) -> list[_Line]:
    chars = [char for char in page.chars if char.get("upright", True)]
    lines = []
    for row in _rows(chars):
        row.sort(key=lambda char: char["x0"])
        visible = [char for char in row if char["text"].strip()]
        if not visible:
            continue
        counted = Counter(round(char["size"] * 2) / 2 for char in visible)
        lines.append(
            _Line(
                page=number,
                text=_row_text(row),
                x0=visible[0]["x0"],
                x1=visible[-1]["x1"],
                top=min(char["top"] for char in visible),
                bottom=max(char["bottom"] for char in visible),
                size=max(counted, key=lambda size: (counted[size], size)),
                bold=all(_BOLD_FONT.search(char.get("fontname") or "") for char in visible),
                red=sum(_is_red(char.get("non_stroking_color")) for char in visible) * 2 > len(visible),
                page_height=float(page.height),
                page_width=float(page.width),
            )
        )
    lines.sort(key=lambda line: (line.top, line.x0))
    return lines


def _drop_running_heads(lines: list[_Line], pages: int) -> list[_Line]:
    """Page numbers, and a head or foot printed at the edge of half the pages or more (two at
    least): a line of an article that happens to fall at the top of two pages of many is kept."""
    key = lambda line: re.sub(r"[0-9０-９]+", "#", line.text.replace(" ", ""))  # noqa: E731
    repeated = Counter(key(line) for line in lines if line.at_edge)
    kept = []
    for line in lines:
        if _DASHED_NUMBER.match(line.text.strip()):
            continue
        if line.at_edge and _PAGE_NUMBER.match(line.text.strip()):
            continue
        if line.at_edge and pages > 1 and repeated[key(line)] >= max(2, (pages + 1) // 2):
            continue
        kept.append(line)
    return kept


def _margins(lines: list[_Line]) -> tuple[float, float]:
    lefts = Counter(round(line.x0) for line in lines)
    rights = Counter(round(line.x1) for line in lines)
    left = min(x for x, count in lefts.items() if count == max(lefts.values()))
    right = max(x for x, count in rights.items() if count == max(rights.values()))
    # Most lines short (a list, a form): the right margin mirrors the left one.
    mirrored = max(line.page_width for line in lines) - left
    if right - left < (mirrored - left) * 0.75:
        right = max(mirrored, max(line.x1 for line in lines))
    return left, right


def _join(first: str, second: str) -> str:
    if (
        first
        and second
        and first[-1].isascii()
        and first[-1].isalnum()
        and second[0].isascii()
        and second[0].isalnum()
    ):
        return first + " " + second
    return first + second


_OPENING = "“‘《「『（(【〔"
_CLOSING = "，。、；：？！”’）》」』】〕,.;:!?)"
_WORD = r"(?:[A-Za-z0-9.%/_\-]+|[^A-Za-z0-9\s])"
# The first unbreakable piece of a line: a word or a character, with the closing punctuation that
# may not start a line and any opening punctuation (which may not end one) glued to what follows.
_FIRST_TOKEN = re.compile(rf"[{_OPENING}]*{_WORD}[{_CLOSING}]*(?:[{_OPENING}]+{_WORD}[{_CLOSING}]*)*")


def _first_token_width(text: str, size: float) -> float:
    """How wide the first word of a line is (a Latin word, or a character with the punctuation that
    may not start a line): had it fit at the end of the line before, it would stand there."""
    token = _FIRST_TOKEN.match(text.strip())
    if token is None:
        return size
    return sum(size * (0.6 if char.isascii() else 1.0) for char in token[0])


def _wraps(*, previous_text: str, gap: float, following: _Line, unit: float) -> bool:
    """Whether a line ran out of room, so that the next goes on with its paragraph: the first piece
    of the next line would not have fit in the room left; or, line breaking being less tidy than
    that (Latin words, forbidden characters), little room is left and no sentence ended there."""
    if gap < _first_token_width(following.text, following.size) + unit * 0.5:
        return True
    # 3.5 characters short is common; up to 5 where a line mixes bold and plain type (a brief's
    # lead sentence), whose widths differ.
    return gap < unit * 5 and not L.ends_sentence(previous_text.rstrip())


def _breaks_paragraph(text: str) -> bool:
    text = text.strip()
    return bool(L.HEADING.match(text) or L.FOOTER.match(text) or L.COPIES.fullmatch(text)) or text.startswith(
        "【"
    )


def _ends_article(text: str) -> bool:
    """A line closed by an attribution ends its article, however far right it reaches."""
    attribution = L.trailing_attribution(text.strip())
    return attribution is not None and not attribution.weak


def _indented(offset: float, unit: float) -> bool:
    """Set in from the left margin as a paragraph's first line is (half a character to four and a half)."""
    return unit * 0.5 <= offset <= unit * 4.5


def _logical_lines(lines: list[_Line]) -> Lines:
    out = Lines()
    if not lines:
        return out
    left, right = _margins(lines)
    middle = (left + right) / 2
    pending: tuple[str, LineHint, _Line] | None = None

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            out.add(pending[0], pending[1])
            pending = None

    for line in lines:
        unit = line.size or 10
        offset = line.x0 - left
        # Centred: set in from the left, its middle on the text's middle, and either well clear of
        # the right margin or as far from it as from the left one (a title nearly as wide as the text).
        centred = (
            offset > unit * 0.5
            and abs((line.x0 + line.x1) / 2 - middle) < unit * 1.5
            and (line.x1 < right - unit or abs(offset - (right - line.x1)) < unit)
        )
        hint = LineHint(bold=line.bold, centred=centred, size=line.size, red=line.red)
        if pending is not None:
            text, previous_hint, previous = pending
            gap = right - previous.x1
            # An indented first line that stops short (what may not start a line moved down with the
            # word before it) looks centred; it is not where the next line, at the left margin,
            # goes on with its sentence.
            indented_not_centred = (
                previous_hint.centred
                and _indented(previous.x0 - left, previous.size)
                and not L.ends_sentence(text.rstrip())
            )
            if (
                _wraps(previous_text=text, gap=gap, following=line, unit=unit)
                and offset < unit * 0.5
                and abs(previous.size - line.size) < 0.5
                and previous.bold == line.bold
                and (not previous_hint.centred or indented_not_centred)
                and not _breaks_paragraph(line.text)
                and not _ends_article(text)
            ):
                if indented_not_centred:
                    text, previous_hint = INDENT + text, replace(previous_hint, centred=False)
                pending = (_join(text, line.text), previous_hint.merged(hint), line)
                continue
            flush()
        text = line.text
        if not centred and _indented(offset, unit):
            text = INDENT + text
        pending = (text, hint, line)
    flush()
    return out


def _refuse(message: str) -> BulletinImportError:
    return BulletinImportError(line=None, message=message)


def read_pdf(*, data: bytes) -> SourceText:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    if not data:
        raise _refuse(_("The file is empty."))
    if not data.lstrip()[:5] == b"%PDF-":
        raise _refuse(_("This file is not a PDF, though its name ends in .pdf."))
    if len(data) > MAX_BYTES:
        raise _refuse(
            _("The PDF is %(size).1f MB; a bulletin is at most %(limit)d MB.")
            % {"size": len(data) / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024}
        )
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = pdf.pages
            if len(pages) > MAX_PAGES:
                raise _refuse(
                    _(
                        "The PDF has %(pages)s pages; a bulletin has at most %(limit)s. Is this the right file?"
                    )
                    % {"pages": len(pages), "limit": MAX_PAGES}
                )
            lines = []
            for number, page in enumerate(pages, start=1):
                lines += _page_lines(page, number)
                page.close()
    except BulletinImportError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise _refuse(
            _("The PDF is protected by a password (encrypted); save it again without the password.")
        ) from None
    except PdfminerException as error:
        if isinstance(error.args[0] if error.args else None, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise _refuse(
                _("The PDF is protected by a password (encrypted); save it again without the password.")
            ) from None
        raise _refuse(_("The PDF is damaged and cannot be read.")) from None
    except (
        PDFSyntaxError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        OSError,
        RecursionError,
    ):
        raise _refuse(_("The PDF is damaged and cannot be read.")) from None
    if not lines:
        raise _refuse(
            _(
                "This PDF is a scan without a text layer: there is no text to read. Import the original "
                "Word file, or run the PDF through text recognition (OCR) first."
            )
        )
    out = _logical_lines(_drop_running_heads(lines, len(pages)))
    return out.source(label="PDF")
