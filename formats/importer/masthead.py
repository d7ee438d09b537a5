"""The masthead (报头): publication title, 第N期, （总第M期）, the editing unit (…编) and the date."""

from __future__ import annotations

import datetime
import re
import unicodedata

from django.utils.translation import gettext as _

from .errors import BulletinImportError
from .structure import Masthead, Notice

_CJK_DIGITS = {"〇": 0, "○": 0, "Ｏ": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CJK_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL = r"[0-9０-９〇○Ｏ零一二两三四五六七八九十百]+"

DATE = re.compile(rf"({_NUMERAL})\s*年\s*({_NUMERAL})\s*月\s*({_NUMERAL})\s*日")
DOTTED_DATE = re.compile(r"(?<![0-9])([0-9]{4})[.\-/．]([0-9]{1,2})[.\-/．]([0-9]{1,2})(?![0-9])")
TOTAL = re.compile(rf"[（(]?\s*总\s*第\s*({_NUMERAL})\s*期\s*[）)]?")
NUMBER = re.compile(rf"(?:({_NUMERAL})\s*年\s*(?:度\s*)?)?第\s*({_NUMERAL})\s*期")
EDITOR = re.compile(r"^(.+?)\s*(?:编印|主办|编)$")
# Classification marks printed on some mastheads; they are not kept (the warning says so).
MARKS = re.compile(
    r"^[（(【\[]?\s*(内部资料|内部刊物|注意保存|仅供参考|内部交流|请勿外传|增刊|专刊)\s*[）)】\]]?[，,、]?$"
)


def cjk_number(text: str) -> int:
    """``12``, ``１２``, ``十二``, ``二十六``, ``二〇一三`` (digit by digit) → int."""
    text = unicodedata.normalize("NFKC", text)
    if text.isdigit():
        return int(text)
    if "十" not in text and "百" not in text:
        return int("".join(str(_CJK_DIGITS[char]) for char in text))
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CJK_DIGITS[char]
    return total + current


def _date(match: re.Match, *, line: int) -> datetime.date:
    try:
        return datetime.date(cjk_number(match[1]), cjk_number(match[2]), cjk_number(match[3]))
    except (ValueError, KeyError):
        raise BulletinImportError(
            line=line, message=_("%(text)s is not a valid date.") % {"text": match[0]}
        ) from None


def _chunks(text: str) -> list[str]:
    """Whitespace-separated parts, with a lone 编 put back on the name before it (…办公室 编)."""
    chunks: list[str] = []
    for chunk in text.split():
        if chunk in {"编", "编印", "主办"} and chunks:
            chunks[-1] += chunk
        else:
            chunks.append(chunk)
    return chunks


def parse_masthead(*, lines: list[tuple[int, str]], warnings: list[Notice]) -> Masthead | None:
    """Read the masthead from the (line number, stripped text) pairs before the first section.

    Returns None when there is nothing but blank lines. Text that is not part of a masthead raises.
    """
    lines = [(number, text) for number, text in lines if text]
    if not lines:
        return None
    masthead = Masthead(line=lines[0][0])
    title_line: int | None = None
    for number, text in lines:
        rest = text
        for pattern in (DATE, DOTTED_DATE):
            if masthead.date is None and (found := pattern.search(rest)):
                masthead.date = _date(found, line=number)
                rest = rest[: found.start()] + " " + rest[found.end() :]
        if masthead.total_number is None and (found := TOTAL.search(rest)):
            masthead.total_number = cjk_number(found[1])
            rest = rest[: found.start()] + " " + rest[found.end() :]
        if masthead.number is None and (found := NUMBER.search(rest)):
            masthead.number = cjk_number(found[2])
            masthead.year = cjk_number(found[1]) if found[1] else None
            rest = rest[: found.start()] + " " + rest[found.end() :]
        for chunk in _chunks(rest):
            if (found := EDITOR.match(chunk)) and masthead.editor_unit is None:
                masthead.editor_unit = found[1]
            elif MARKS.match(chunk):
                warnings.append(
                    Notice(line=number, message=_("%(text)s in the masthead is not kept.") % {"text": chunk})
                )
            elif masthead.title is None and number == lines[0][0]:
                masthead.title = chunk.strip("《》")
                title_line = number
            elif masthead.title is not None and number == title_line:
                masthead.title += chunk.strip("《》")
            else:
                # Without 第N期 or a date so far, a "title" was more likely stray text itself.
                suspect = title_line if masthead.number is None and masthead.date is None else None
                raise BulletinImportError(
                    line=suspect or number, message=_("Text before the first section heading.")
                )
    if masthead.number is None and masthead.date is None:
        raise BulletinImportError(line=lines[0][0], message=_("Text before the first section heading."))
    return masthead
