"""What a file name says about its issue, for bulletins whose masthead lacks it: ``2012-02.txt``,
``2012年第2期.docx``, ``简报2012-2.pdf``, ``2012_02``, ``第2期`` (the number alone), ``2012-02-28``
(a date). When the name gives the number alone (第2期.docx, 03.txt), the nearest folder named as a
year gives the year: ``2012/第2期.docx``, ``2012年/03.txt``, ``2012年度简报/第2期.pdf``. Pure: no
database, no file access."""

from __future__ import annotations

import re
import unicodedata

from .masthead import NUMBER_MAX, NUMERAL, YEAR_MAX, YEAR_MIN, cjk_number, make_date
from .structure import FileNameNumbers

_YEAR = r"(?:19|20)[0-9]{2}"
# 2012-02-28, 2012.2.28, 2012年2月28日, 20120228
_DATE = re.compile(
    rf"(?<![0-9])({_YEAR})\s*[-_./年]\s*([0-9]{{1,2}})\s*[-_./月]\s*([0-9]{{1,2}})(?![0-9])"
    rf"|(?<![0-9])({_YEAR})([0-9]{{2}})([0-9]{{2}})(?![0-9])"
)
# 2012年第2期, 2012年度第二期, 2012第2期, 第2期 — but not 总第87期
_NUMBERED = re.compile(rf"(?:({_YEAR})\s*(?:年\s*(?:度\s*)?)?[-_.\s]*)?(?<!总)第\s*({NUMERAL})\s*期")
# 2012-02, 2012_2, 2012.02, 2012 02, 2012年2期
_YEAR_NUMBER = re.compile(rf"(?<![0-9])({_YEAR})\s*[-_.\s年]\s*([0-9]{{1,3}})(?![0-9])")


# A folder named as a year: the year alone (2012) or followed by 年 (2012年, 2012年度, 简报2012年),
# with no other digits — a folder such as pytest-2015 or 2012-02 is not one.
_YEAR_FOLDER = re.compile(rf"^\s*({_YEAR})\s*$|^[^0-9]*?({_YEAR})\s*年[^0-9]*$")
# A file name that is the issue number alone: 03.txt (第3期.txt is read by _NUMBERED).
_NUMBER_ONLY = re.compile(r"^\s*([0-9]{1,3})\s*$")


def _folder_year(name: str) -> int | None:
    """The year of the nearest folder above ``name`` that is named as a year, or None."""
    for folder in reversed(re.split(r"[\\/]+", name)[:-1]):
        if found := _YEAR_FOLDER.match(unicodedata.normalize("NFKC", folder)):
            return _year(found[1] or found[2])
    return None


def _number(text: str) -> int | None:
    try:
        number = cjk_number(text)
    except (KeyError, ValueError):
        return None
    return number if 1 <= number <= NUMBER_MAX else None


def _year(text: str | None) -> int | None:
    year = int(text) if text else None
    return year if year is not None and YEAR_MIN <= year <= YEAR_MAX else None


def numbers_from_file_name(name: str | None) -> FileNameNumbers:
    """Year, number and date found in the last part of ``name`` (a file name or a path); what is not
    there is None. A year counts only beside a number or in a date: alone (简报2012, bulletin-1995)
    it may be anything."""
    if not name:
        return FileNameNumbers()
    stem = unicodedata.normalize("NFKC", re.split(r"[\\/]+", name)[-1])
    stem = re.sub(r"\.[A-Za-z][A-Za-z0-9]{0,4}$", "", stem)
    year = number = date = None
    if found := _DATE.search(stem):
        parts = found.groups()[:3] if found[1] else found.groups()[3:]
        date = make_date(*parts)
        if date is not None and _year(parts[0]):
            year = date.year
            stem = stem[: found.start()] + " " + stem[found.end() :]
        else:
            date = None
    found = _NUMBERED.search(stem) or (_YEAR_NUMBER.search(stem) if date is None else None)
    if found:
        number = _number(found[2])
        if number is not None:
            year = year or _year(found[1])
    elif date is None and (alone := _NUMBER_ONLY.match(stem)):
        # 03.txt: a number, but only inside a folder that gives the year (else it may be anything).
        folder_year = _folder_year(name)
        number = _number(alone[1]) if folder_year else None
        year = folder_year if number else None
    if number is not None and year is None:
        year = _folder_year(name)
    return FileNameNumbers(year=year, number=number, date=date)
