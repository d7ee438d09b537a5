"""The adoption statistics pages (采用统计): the back-office page with its table and chart, the CSV
and Excel downloads, and the printable notice (通报) as HTML and PDF.

Editors, signers and superusers see every unit; a correspondent sees their own unit's line only.
Anonymous visitors are sent to the login page; readers and anyone else get 403.
"""

import csv
import functools
import io
import math
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from bulletin.models import Publication
from contributors.permissions import can_enter_back_office, unit_scope
from infowork.models import Level
from infowork.selectors.points import points_by_unit, units_without_correspondent, unpaid_years
from infowork.stats import Preset, Statistics, office_today, preset_range, reporting, unit_statistics

from ..forms import StatsRangeForm

CHART_LIMIT = 30
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def stats_access(view):
    """Anonymous → the back office's login; outside the back office (readers) or without any unit → 403."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("login"))
        if not can_enter_back_office(user):
            raise PermissionDenied
        scope = unit_scope(user)
        if scope is not None and not scope:
            raise PermissionDenied
        response = view(request, *args, scope=scope, **kwargs)
        # Figures of units the next person may not see: never kept by a shared cache.
        patch_cache_control(response, private=True, max_age=0)
        return response

    return require_safe(wrapper)


def _statistics(request, scope) -> tuple[StatsRangeForm, Statistics | None]:
    """The statistics the request asks for (``None`` with a form that says why not). Run inside a
    :func:`~infowork.stats.reporting` block by the pages that also count the points, so the two share
    one reporting transaction."""
    form = StatsRangeForm(request.GET)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    stats = unit_statistics(
        date_range=data["range"], scope=scope, rollup=data["rollup"], publication=data["publication"]
    )
    return form, stats


def _query(stats: Statistics, **extra) -> str:
    """The query string that reproduces ``stats`` exactly (explicit dates, so a download made later
    in the month still matches what was on the screen)."""
    params = {"from": stats.date_range.first.isoformat(), "to": stats.date_range.last.isoformat()}
    if stats.rollup:
        params["rollup"] = "1"
    if stats.publication is not None:
        params["publication"] = stats.publication.pk
    params.update(extra)
    return urlencode(params)


def _bad_request(form: StatsRangeForm) -> HttpResponse:
    return HttpResponse(
        "\n".join(form.error_messages_list()) + "\n", status=400, content_type="text/plain; charset=utf-8"
    )


# --- The page ---------------------------------------------------------------------------------------


def _nice_step(largest: int) -> int:
    """A tick step of 1, 2 or 5 × 10ⁿ giving at most five ticks up to ``largest``."""
    if largest <= 5:
        return 1
    magnitude = 10 ** int(math.floor(math.log10(largest / 5)))
    for factor in (1, 2, 5, 10):
        if largest / (factor * magnitude) <= 5:
            return factor * magnitude
    return 10 * magnitude


def published_chart(stats: Statistics, limit: int = CHART_LIMIT) -> dict | None:
    """Geometry of a horizontal bar chart of published articles per line, drawn as SVG by the
    template: the ranked lines with anything published, at most ``limit`` of them."""
    lines = [line for line in stats.ranked if line.published > 0]
    if not lines:
        return None
    shown = lines[:limit]
    label_width, bar_area, value_width = 210, 400, 50
    top, row, bar = 28, 26, 18
    largest = max(line.published for line in shown)
    step = _nice_step(largest)
    scale_max = step * math.ceil(largest / step)
    bars = []
    for index, line in enumerate(shown):
        y = top + index * row
        width = round(bar_area * line.published / scale_max, 1)
        name = line.unit.display_name
        bars.append(
            {
                "name": line.unit.name,
                "label": name if len(name) <= 14 else name[:13] + "…",
                "value": line.published,
                "y": y,
                "text_y": y + bar / 2 + 5,
                "width": max(width, 1),
                "value_x": label_width + max(width, 1) + 6,
            }
        )
    ticks = [
        {"value": value, "x": round(label_width + bar_area * value / scale_max, 1)}
        for value in range(0, scale_max + 1, step)
    ]
    height = top + len(shown) * row + 6
    return {
        "width": label_width + bar_area + value_width,
        "height": height,
        "bar_height": bar,
        "label_x": label_width - 8,
        "axis_x": label_width,
        "axis_bottom": height - 4,
        "bars": bars,
        "ticks": ticks,
        "shown": len(shown),
        "total": len(lines),
        "top": shown[0],
    }


def _preset_links(stats: Statistics | None) -> list[dict]:
    """本月, 上月, 本季度, 本年 as links keeping the other choices; the one matching the range is current."""
    keep = {}
    if stats is not None and stats.rollup:
        keep["rollup"] = "1"
    if stats is not None and stats.publication is not None:
        keep["publication"] = stats.publication.pk
    today = office_today()
    links = []
    for value, label in Preset.choices:
        if value == Preset.CUSTOM:
            continue
        days = preset_range(value, today)
        current = stats is not None and (stats.date_range.first, stats.date_range.last) == (
            days.first,
            days.last,
        )
        links.append({"label": label, "query": urlencode({"preset": value, **keep}), "current": current})
    return links


def _display_form(form: StatsRangeForm, stats: Statistics | None) -> StatsRangeForm:
    """After a valid request, show the range actually counted (a preset's dates filled in). The form
    itself asks for dates; the presets are links."""
    if stats is None:
        return form
    data = {"from": stats.date_range.first.isoformat(), "to": stats.date_range.last.isoformat()}
    if stats.rollup:
        data["rollup"] = "on"
    if stats.publication is not None:
        data["publication"] = stats.publication.pk
    return StatsRangeForm(data)


def short_levels() -> list[tuple[str, str]]:
    """The levels as a table's column heads: 市级, 省级, 全国, 中央 (the full names are long)."""
    short = {
        Level.CITY: pgettext("level, short", "City"),
        Level.PROVINCE: pgettext("level, short", "Province"),
        Level.NATIONAL: pgettext("level, short", "National"),
        Level.CENTRAL: pgettext("level, short", "Central"),
    }
    return [(value, short[value]) for value, _label in Level.choices]


def points_context(stats: Statistics, scope) -> dict:
    """The points table (积分, ranks, what earned them, 稿费) and the units without a correspondent,
    for the page and the notice. A correspondent sees their own units' rows, with their ranks among
    all units. One query: the units the statistics read are reused."""
    loaded = {unit.pk: unit for unit in stats.units}
    rows = points_by_unit(date_from=stats.date_range.first, date_to=stats.date_range.last, units=loaded)
    if scope is not None:
        rows = [row for row in rows if row.unit.pk in scope]
    return {
        "points": rows,
        "unpaid_years": unpaid_years(rows),
        "levels": short_levels(),
        "no_correspondent": units_without_correspondent(scope, units=stats.units),
    }


@stats_access
def stats_page(request, *, scope):
    with reporting():
        form, stats = _statistics(request, scope)
        points = points_context(stats, scope) if stats is not None else {}
    publications = list(Publication.objects.all()[:2])
    context = {
        "title": _("Adoption statistics"),
        "form": _display_form(form, stats),
        "errors": form.error_messages_list() if stats is None else [],
        "stats": stats,
        "chart": published_chart(stats) if stats is not None else None,
        "presets": _preset_links(stats),
        "query": _query(stats) if stats is not None else "",
        "own_line_only": scope is not None,
        "choose_publication": len(publications) > 1,
        **points,
    }
    return render(request, "desk/stats.html", context, status=200 if stats is not None else 400)


# --- Downloads --------------------------------------------------------------------------------------


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """A name as text a spreadsheet will not run: a leading = + - @ would make it a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def table_rows(stats: Statistics) -> tuple[list[str], list[list]]:
    """Header and rows shared by the CSV and Excel files: unit, the counts as integers, published per
    section, then the adoption rate in per cent (empty when nothing was submitted) and the rank."""
    header = [
        pgettext("stats", "Unit"),
        pgettext("stats", "Submitted"),
        pgettext("stats", "Returned"),
        pgettext("stats", "Rejected"),
        pgettext("stats", "Accepted"),
        pgettext("stats", "Published"),
        *[
            spreadsheet_text(_("Published in %(section)s") % {"section": section.name})
            for section in stats.sections
        ],
        _("Adoption rate (%)"),
        pgettext("stats", "Rank"),
    ]
    rows = []
    for line in stats.lines:
        rate = line.adoption_rate
        rows.append(
            [
                spreadsheet_text(line.unit.name),
                line.submitted,
                line.returned,
                line.rejected,
                line.accepted,
                line.published,
                *line.section_cells,
                "" if rate is None else rate,
                "" if line.rank is None else line.rank,
            ]
        )
    return header, rows


def csv_response(header: list, rows: list, filename: str) -> HttpResponse:
    """A table as a CSV download that Excel opens as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    # The byte-order mark makes Excel read the file as UTF-8 (and the Chinese as Chinese).
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def new_sheet(title: str, label: str, header: list):
    """A workbook whose sheet has the range's label on row 1 and the bold header on row 2."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([label])
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    return workbook, sheet


def xlsx_response(workbook, filename: str) -> HttpResponse:
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(stats: Statistics, extension: str) -> str:
    return f"stats_{stats.date_range.slug}.{extension}"


@stats_access
def stats_csv(request, *, scope):
    form, stats = _statistics(request, scope)
    if stats is None:
        return _bad_request(form)
    header, rows = table_rows(stats)
    return csv_response(header, rows, _filename(stats, "csv"))


@stats_access
def stats_xlsx(request, *, scope):
    form, stats = _statistics(request, scope)
    if stats is None:
        return _bad_request(form)
    header, rows = table_rows(stats)
    workbook, sheet = new_sheet(_("Adoption statistics"), stats.date_range.label, header)
    for row in rows:
        sheet.append([None if value == "" else value for value in row])
    rate_column = len(header) - 1
    for (cell,) in sheet.iter_rows(min_row=3, min_col=rate_column, max_col=rate_column):
        if cell.value is not None:
            cell.value = float(cell.value)
            cell.number_format = "0.0"
    sheet.column_dimensions["A"].width = 28
    sheet.freeze_panes = "B3"
    return xlsx_response(workbook, _filename(stats, "xlsx"))


# --- The notice (通报) --------------------------------------------------------------------------------


def notice_context(stats: Statistics, scope=None, points: dict | None = None) -> dict:
    publication = stats.publication or Publication.objects.default()
    totals = stats.totals
    return {
        **(points if points is not None else points_context(stats, scope)),
        "stats": stats,
        "publication": publication,
        "totals": totals,
        "today": office_today(),
    }


@stats_access
def stats_notice(request, *, scope):
    with reporting():
        form, stats = _statistics(request, scope)
        points = points_context(stats, scope) if stats is not None else None
    if stats is None:
        context = {"errors": form.error_messages_list(), "stats": None}
        return render(request, "desk/stats_notice.html", context, status=400)
    context = {
        **notice_context(stats, scope, points),
        "screen": True,
        "page_url": f"{reverse('stats')}?{_query(stats)}",
        "pdf_url": f"{reverse('stats_notice_pdf')}?{_query(stats)}",
    }
    return render(request, "desk/stats_notice.html", context)


def render_notice_pdf(stats: Statistics, scope=None, points: dict | None = None) -> bytes:
    """The notice through the issue exporter's PDF writer: its font check, media-only pictures and
    child process. Raises ``ExportError`` with a Chinese reason."""
    from formats.exporters import pdf

    return pdf.write_pdf(
        render_to_string("desk/stats_notice.html", {**notice_context(stats, scope, points), "screen": False})
    )


@stats_access
def stats_notice_pdf(request, *, scope):
    from formats.exporters.errors import ExportError

    with reporting():
        form, stats = _statistics(request, scope)
        points = points_context(stats, scope) if stats is not None else None
    if stats is None:
        return _bad_request(form)
    try:
        content = render_notice_pdf(stats, scope, points)
    except ExportError as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(stats, "pdf")}"'
    return response
