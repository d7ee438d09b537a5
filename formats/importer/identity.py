"""Which issue a file is: year, number, date and running number, from three places in this order —
the command's options, the masthead, the file name. A disagreement is a warning; whatever none of
them gives is reported in one error that names the option supplying each item. Pure: no database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .errors import BulletinImportError
from .structure import FileNameNumbers, Masthead, Notice


@dataclass(frozen=True)
class IssueIdentity:
    line: int
    year: int
    number: int
    date: datetime.date
    total_number: int | None


def _shown(value) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


class _Resolver:
    def __init__(self, *, line: int, warnings: list[Notice]):
        self.line = line
        self.warnings = warnings

    def warn(self, message: str) -> None:
        self.warnings.append(Notice(line=self.line, message=message))

    def pick(self, *, option, masthead, file_name, name: str, what: str):
        """``option`` over ``masthead`` over ``file_name``; the first that is not None."""
        if option is not None:
            for found, message in (
                (masthead, _("%(option)s %(value)s replaces %(found)s from the masthead.")),
                (file_name, _("%(option)s %(value)s replaces %(found)s from the file name.")),
            ):
                if found is not None and found != option:
                    self.warn(message % {"option": name, "value": _shown(option), "found": _shown(found)})
                    break
            return option
        if masthead is not None and file_name is not None and masthead != file_name:
            self.warn(
                _("The file name gives the %(what)s %(file)s, the masthead %(masthead)s: the masthead wins.")
                % {"what": what, "file": _shown(file_name), "masthead": _shown(masthead)}
            )
        return masthead if masthead is not None else file_name


def missing_message(items: list[str]) -> str:
    return _("Neither the masthead nor the file name gives these: %(items)s.") % {
        "items": _("; ").join(items)
    }


def resolve_identity(
    *,
    masthead: Masthead | None,
    file_name: FileNameNumbers,
    year: int | None = None,
    number: int | None = None,
    date: datetime.date | None = None,
    warnings: list[Notice],
) -> IssueIdentity:
    """The issue's identity, or one ``BulletinImportError`` listing every item nothing supplies."""
    line = masthead.line if masthead else 1
    resolver = _Resolver(line=line, warnings=warnings)
    masthead = masthead or Masthead(line=line)
    number = resolver.pick(
        option=number,
        masthead=masthead.number,
        file_name=file_name.number,
        name="--number",
        what=_("issue number"),
    )
    date = resolver.pick(
        option=date, masthead=masthead.date, file_name=file_name.date, name="--date", what=_("date")
    )
    missing = []
    if number is None:
        missing.append(_("the issue number (第N期), given with --number"))
    if date is None:
        missing.append(_("the date, given with --date (as 2012-02-28)"))
    if missing:
        raise BulletinImportError(line=line, message=missing_message(missing))
    # The year the masthead states (2014年第3期) comes before the file name's; the year of a date
    # only after a file name that gives year and number (2015-52): an issue dated early in January
    # may still be the last of the year before. Only the year before: a file name years away from
    # the printed date (a file in the wrong year's folder) does not move the issue there.
    if (
        masthead.year is None
        and year is None
        and file_name.year is not None
        and file_name.number is not None
        and file_name.year in (date.year, date.year - 1)
    ):
        if date.year != file_name.year:
            resolver.warn(
                _(
                    "The file name gives the year %(file)s, the date is in %(date)s: the issue is filed under %(file)s."
                )
                % {"file": file_name.year, "date": date.year}
            )
        resolved_year = file_name.year
    else:
        resolved_year = resolver.pick(
            option=year,
            masthead=masthead.year or (masthead.date.year if masthead.date else None),
            file_name=file_name.year,
            name="--year",
            what=_("year"),
        )
    return IssueIdentity(
        line=line,
        year=resolved_year or date.year,
        number=number,
        date=date,
        total_number=masthead.total_number,
    )
