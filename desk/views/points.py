"""The points table (积分与稿费) as downloads: /stats/points.csv and /stats/points.xlsx, the same range
choices and access as the statistics page (a correspondent gets their own units' rows)."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from infowork.models import Level
from infowork.selectors.points import PointsRow, points_by_unit
from infowork.stats import reporting

from .stats import (
    _bad_request,
    _statistics,
    csv_response,
    new_sheet,
    spreadsheet_text,
    stats_access,
    xlsx_response,
)


def plain_number(value: Decimal) -> int | Decimal:
    """15 for 15.00, 7.5 for 7.50: how a person writes points."""
    return int(value) if value == value.to_integral_value() else value.normalize()


def points_rows(rows: list[PointsRow]) -> tuple[list[str], list[list]]:
    """Header and rows shared by the CSV and Excel files: rank, unit, points, what earned them (per
    level), and the pay in yuan (empty when the year has no yuan per point)."""
    levels = Level.choices
    header = [
        pgettext("stats", "Rank"),
        pgettext("stats", "Unit"),
        _("Points"),
        pgettext("points", "Articles"),
        pgettext("points", "Briefs"),
        *[_("Upward adoptions: %(level)s") % {"level": label} for _value, label in levels],
        *[_("Leader instructions: %(level)s") % {"level": label} for _value, label in levels],
        _("Pay (yuan)"),
    ]
    table = [
        [
            row.rank,
            spreadsheet_text(row.unit.name),
            plain_number(row.points),
            row.articles,
            row.briefs,
            *row.upward_cells,
            *row.instruction_cells,
            "" if row.pay is None else row.pay,
        ]
        for row in rows
    ]
    return header, table


def _rows(request, scope):
    with reporting():
        form, stats = _statistics(request, scope)
        if stats is None:
            return form, None, None
        loaded = {unit.pk: unit for unit in stats.units}
        rows = points_by_unit(date_from=stats.date_range.first, date_to=stats.date_range.last, units=loaded)
    if scope is not None:
        rows = [row for row in rows if row.unit.pk in scope]
    return form, stats, rows


def _filename(stats, extension: str) -> str:
    return f"points_{stats.date_range.slug}.{extension}"


@stats_access
def points_csv(request, *, scope):
    form, stats, rows = _rows(request, scope)
    if stats is None:
        return _bad_request(form)
    header, table = points_rows(rows)
    return csv_response(header, table, _filename(stats, "csv"))


@stats_access
def points_xlsx(request, *, scope):
    form, stats, rows = _rows(request, scope)
    if stats is None:
        return _bad_request(form)
    header, table = points_rows(rows)
    workbook, sheet = new_sheet(_("Points and pay"), stats.date_range.label, header)
    for row in table:
        sheet.append(
            [None if value == "" else float(value) if isinstance(value, Decimal) else value for value in row]
        )
    pay_column = len(header)
    for (cell,) in sheet.iter_rows(min_row=3, min_col=pay_column, max_col=pay_column):
        if cell.value is not None:
            cell.number_format = "0.00"
    sheet.column_dimensions["B"].width = 28
    sheet.freeze_panes = "C3"
    return xlsx_response(workbook, _filename(stats, "xlsx"))
