"""The masthead (报头): publication title, 第N期, （总第M期）, the editing unit (…编) and the date, with
the classification marks (内部资料、注意保存) printed above it.

The layouts real bulletins use: the title spaced out (工 会 工 作 简 报), the year in the number line
(2014年第3期（总第87期）), ``…编`` or ``…编印`` (or 主办：…), the date after spaces, a tab or on the next
line, in Arabic (2012年2月28日, 2012.2.28) or Chinese numerals (二〇一〇年六月八日).
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from django.utils.translation import gettext as _

from .errors import BulletinImportError
from .structure import Masthead, Notice

_CJK_DIGITS = {"〇": 0, "○": 0, "Ｏ": 0, "O": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_CJK_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
NUMERAL = r"[0-9０-９〇○ＯO零一二两三四五六七八九十百]+"

DATE = re.compile(rf"({NUMERAL})\s*年\s*({NUMERAL})\s*月\s*({NUMERAL})\s*日")
DOTTED_DATE = re.compile(r"(?<![0-9])([0-9]{4})\s*[.\-/．]\s*([0-9]{1,2})\s*[.\-/．]\s*([0-9]{1,2})(?![0-9])")
# The day of the week some mastheads print after the date: （星期二）, 周五.
WEEKDAY = re.compile(r"^\s*[（(]?\s*(?:星期|礼拜|周)[一二三四五六日天]\s*[）)]?")
TOTAL = re.compile(rf"[（(]?\s*总\s*第\s*({NUMERAL})\s*期\s*[）)]?")
NUMBER = re.compile(rf"(?:({NUMERAL})\s*年\s*(?:度\s*)?)?第\s*({NUMERAL})\s*期")
# 第…期 with something in it that is no number (第-3期, 第 期): an error, not stray text.
ANY_NUMBER = re.compile(r"(?:总\s*)?第\s*([^\s期第]{0,8}?)\s*期")
EDITOR = re.compile(r"^(.+?)\s*(?:编印|主办|编)$")
# 主办：… / 编印单位：… written before the name.
EDITOR_FIRST = re.compile(r"^(?:主办|编印|编)(?:单位)?\s*[：:]\s*(.+)$")
# Marks printed on some mastheads. Those that restrict who may read the issue make it internal.
INTERNAL_MARKS = ("内部资料", "内部刊物", "注意保存", "内部交流", "请勿外传", "仅供参考")
OTHER_MARKS = ("增刊", "专刊")
MARKS = re.compile(rf"^[（(【\[]?\s*({'|'.join(INTERNAL_MARKS + OTHER_MARKS)})\s*[）)】\]]?[，,、]?$")
# A mark in brackets glued to the title: 工会工作简报（增刊）
_GLUED_MARK = re.compile(rf"(.+?)[（(【]({'|'.join(INTERNAL_MARKS + OTHER_MARKS)})[）)】]$")
# A chunk of nothing but punctuation left over once the number and the date are taken out: （ ）
_PUNCTUATION_ONLY = re.compile(r"^[（）()【】\[\]《》〈〉·•|｜,，、.。:：;；\-—_]+$")

YEAR_MIN, YEAR_MAX = 1949, 2100
# Issue.number is a PositiveSmallIntegerField.
NUMBER_MAX = 32767


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


def make_date(year: str, month: str, day: str) -> datetime.date | None:
    """The date these numerals name, or None when there is no such day (二月三十日)."""
    try:
        return datetime.date(cjk_number(year), cjk_number(month), cjk_number(day))
    except (ValueError, KeyError):
        return None


def _date(match: re.Match, *, line: int) -> datetime.date:
    day = make_date(match[1], match[2], match[3])
    if day is None:
        raise BulletinImportError(line=line, message=_("%(text)s is not a valid date.") % {"text": match[0]})
    return day


def mark_words(text: str) -> list[str] | None:
    """The marks a whole line consists of (``内部资料　注意保存``, ``（内部资料）``), or None when the line
    holds anything else."""
    parts = [part for part in re.split(r"[\s、，,·•/|｜]+", text.strip("（()）【】[] \u3000")) if part]
    if parts and all(part in INTERNAL_MARKS + OTHER_MARKS for part in parts):
        return parts
    return None


def same_title(first: str, second: str) -> bool:
    """Whether two publication titles are the same once spaces and 《》 are ignored (工 会 工 作 简 报)."""

    def bare(title: str) -> str:
        return re.sub(r"[\s《》]", "", unicodedata.normalize("NFKC", title))

    return bare(first) == bare(second)


def _chunks(text: str) -> list[str]:
    """Whitespace-separated parts, with a lone 编 put back on the name before it (…办公室 编) and a
    name put back after 主办： (主办： 江南市总工会)."""
    chunks: list[str] = []
    for chunk in text.split():
        joins = chunk in {"编", "编印", "主办"} or (
            chunks and chunks[-1].endswith(("：", ":")) and EDITOR_FIRST.match(chunks[-1] + chunk)
        )
        if chunks and joins:
            chunks[-1] += chunk
        elif not _PUNCTUATION_ONLY.match(chunk):
            chunks.append(chunk)
    return chunks


def _number(found: re.Match, *, line: int) -> tuple[int, int | None]:
    """The issue number and the year of a 第N期 match, refused when they make no sense."""
    number = cjk_number(found[2])
    if not 1 <= number <= NUMBER_MAX:
        raise BulletinImportError(
            line=line,
            message=_("%(text)s is not a valid issue number: numbers start at 1.") % {"text": found[0]},
        )
    year = cjk_number(found[1]) if found[1] else None
    if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
        raise BulletinImportError(
            line=line,
            message=_("%(text)s names the year %(year)s, which cannot be right.")
            % {"text": found[0], "year": year},
        )
    return number, year


class _Reader:
    def __init__(self, *, first_line: int, warnings: list[Notice]):
        self.masthead = Masthead(line=first_line)
        self.warnings = warnings
        self.title_line: int | None = None
        self.seen_content = False

    def take_date(self, rest: str, *, number: int) -> str:
        for pattern in (DATE, DOTTED_DATE):
            if self.masthead.date is None and (found := pattern.search(rest)):
                self.masthead.date = _date(found, line=number)
                after = WEEKDAY.sub(" ", rest[found.end() :], count=1)
                rest = rest[: found.start()] + " " + after
        return rest

    def take_numbers(self, rest: str, *, number: int) -> str:
        masthead = self.masthead
        if masthead.total_number is None and (found := TOTAL.search(rest)):
            masthead.total_number = cjk_number(found[1])
            if masthead.total_number < 1:
                raise BulletinImportError(
                    line=number,
                    message=_("%(text)s is not a valid issue number: numbers start at 1.")
                    % {"text": found[0].strip("（()）")},
                )
            rest = rest[: found.start()] + " " + rest[found.end() :]
        if masthead.number is None and (found := NUMBER.search(rest)):
            masthead.number, masthead.year = _number(found, line=number)
            rest = rest[: found.start()] + " " + rest[found.end() :]
        found = ANY_NUMBER.search(rest)
        if found and not re.fullmatch(NUMERAL, found[1]):
            raise BulletinImportError(
                line=number,
                message=_("%(text)s is not a valid issue number: numbers start at 1.") % {"text": found[0]},
            )
        return rest

    def take_chunk(self, chunk: str, *, number: int) -> None:
        masthead = self.masthead
        editor = EDITOR.match(chunk) or EDITOR_FIRST.match(chunk)
        if editor and masthead.editor_unit is None:
            masthead.editor_unit = editor[1].strip()
        elif MARKS.match(chunk):
            self.mark(MARKS.match(chunk)[1], number=number)
        elif (glued := _GLUED_MARK.match(chunk)) and masthead.title is None and not self.seen_content:
            self.take_chunk(glued[1], number=number)
            self.mark(glued[2], number=number)
        elif masthead.title is None and not self.seen_content:
            masthead.title = chunk.strip("《》")
            self.title_line = number
        elif masthead.title is not None and number == self.title_line:
            masthead.title += chunk.strip("《》")
        else:
            # Without 第N期 or a date so far, a "title" was more likely stray text itself.
            suspect = self.title_line if masthead.number is None and masthead.date is None else None
            raise BulletinImportError(
                line=suspect or number, message=_("Text before the first section heading.")
            )

    def mark(self, word: str, *, number: int) -> None:
        if word in INTERNAL_MARKS:
            if word not in self.masthead.marks:
                self.masthead.marks.append(word)
        else:
            self.warnings.append(
                Notice(line=number, message=_("%(text)s in the masthead is not kept.") % {"text": word})
            )

    def read(self, *, number: int, text: str) -> None:
        marks = mark_words(text)
        if marks is not None:
            for word in marks:
                self.mark(word, number=number)
            return
        rest = self.take_numbers(self.take_date(text, number=number), number=number)
        for chunk in _chunks(rest):
            self.take_chunk(chunk, number=number)
        # The title is on the first line that is not a mark (a mark line may stand above it).
        self.seen_content = True


def parse_masthead(*, lines: list[tuple[int, str]], warnings: list[Notice]) -> Masthead | None:
    """Read the masthead from the (line number, stripped text) pairs before the first section.

    Returns None when there is nothing but blank lines. Text that is not part of a masthead raises.
    """
    lines = [(number, text) for number, text in lines if text]
    if not lines:
        return None
    reader = _Reader(first_line=lines[0][0], warnings=warnings)
    for number, text in lines:
        reader.read(number=number, text=text)
    masthead = reader.masthead
    masthead.printed = [text for _number, text in lines]
    if masthead.number is None and masthead.date is None and masthead.editor_unit is None and masthead.title:
        # A "title" alone is more likely stray text than a masthead. Marks alone, or a title with
        # its editing unit, are a masthead: the number and date then come from the file name or
        # the options.
        raise BulletinImportError(line=lines[0][0], message=_("Text before the first section heading."))
    return masthead
