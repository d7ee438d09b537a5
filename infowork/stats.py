"""Adoption statistics (采用统计): per contributing unit and date range, who submitted, who was
returned, rejected, accepted (采用) and published (刊用), the ranking and the silent units (零报送).

Read-only selectors. The counting happens in the database: one grouped query over the statistics
events (``contributors.activity``, the transition log and the published articles folded to one row
per counted event and unit when an article changes), whatever the number of units, plus one for
the units and one for the sections.

What each figure counts (the page repeats this under the table):

- **submitted** (报送): articles with at least one ``submit`` in the range, each counted once however
  often it was resubmitted after a return. An editor reopening a rejected article is not a submission.
- **returned** (退回修改), **rejected** (不予采用), **accepted** (采用): articles with at least one
  ``return`` / ``reject`` / ``accept`` in the range, once each.
- **published** (刊用): articles published now (a recalled issue's articles no longer count), on the
  day of their publication (``published_at``). Archive articles — imported by ``import_bulletin``,
  never submitted through the system — count on their issue's date, and also count as submitted and
  accepted on that date: they were sent in and adopted before the system existed, and leaving them
  out would show their units as silent. They are told apart by an empty ``submitted_at`` (every
  ``submit`` sets it, the importer never does).
- **adoption rate** (采用率): accepted ÷ submitted, in per cent with one decimal; ``None`` (shown as
  “—”) when nothing was submitted. Each event counts in the range it happened in, so a rate above
  100 % is possible: the office adopted articles sent in before the range.
- An article attributed to several units counts for each of them; in the roll-up it counts once for
  a line even when several of its units sit under that line.
- **ranking**: by published, then accepted, both descending; equal figures share a rank (1, 2, 2, 4).
  Lines with no activity at all are not ranked.
- **silent** (零报送): active lines with nothing submitted in the range, except the federation's own
  departments (kind ``department``, 市总部室), which are the office's colleagues, not reporting units.

- Articles attributed to no unit (综合来稿) are in no line. Inactive units get a line only when they
  did something in the range.

Dates are the office's calendar days (the default time zone, Asia/Shanghai); a range includes its
first and last day.
"""

import datetime
import threading
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bulletin.models import Section
from contributors.models import Activity, Unit

MAX_YEARS = 10
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2999, 12, 31)

FIGURES = ("submitted", "returned", "rejected", "accepted", "published")


class Preset(models.TextChoices):
    MONTH = "month", gettext_lazy("This month")
    LAST_MONTH = "last_month", gettext_lazy("Last month")
    QUARTER = "quarter", gettext_lazy("This quarter")
    YEAR = "year", gettext_lazy("This year")
    CUSTOM = "custom", gettext_lazy("Custom range")


# --- Date ranges -----------------------------------------------------------------------------------


def office_today() -> datetime.date:
    """Today in the office's time zone (Asia/Shanghai), whatever zone is active for the request."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later; 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 3, 1)


@dataclass(frozen=True)
class DateRange:
    """Calendar days ``first`` to ``last``, both included."""

    first: datetime.date
    last: datetime.date
    preset: str = Preset.CUSTOM

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """``[start, end)`` as aware datetimes: 00:00 of the first day to 00:00 after the last day."""
        zone = timezone.get_default_timezone()
        start = datetime.datetime.combine(self.first, datetime.time.min, tzinfo=zone)
        end = datetime.datetime.combine(
            self.last + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
        )
        return start, end

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def label(self) -> str:
        """``2026年1月1日至2026年1月31日`` (translated)."""
        return _("%(first)s to %(last)s") % {"first": day_label(self.first), "last": day_label(self.last)}

    @property
    def slug(self) -> str:
        """For file names: ``2026-01-01_2026-01-31``."""
        return f"{self.first.isoformat()}_{self.last.isoformat()}"


def day_label(day: datetime.date) -> str:
    return _("%(month)s/%(day)s/%(year)s") % {"year": day.year, "month": day.month, "day": day.day}


def check_range(first: datetime.date, last: datetime.date) -> None:
    """Raise ``ValidationError`` with a sentence a person can act on unless the range is usable."""
    if not (EARLIEST <= first <= LATEST and EARLIEST <= last <= LATEST):
        raise ValidationError(
            _("Dates must lie between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
            code="out_of_bounds",
        )
    if first > last:
        raise ValidationError(
            _("The first day (%(first)s) is after the last day (%(last)s); swap them and try again.")
            % {"first": first.isoformat(), "last": last.isoformat()},
            code="reversed",
        )
    if last >= add_years(first, MAX_YEARS):
        raise ValidationError(
            _("A range may cover at most %(years)s years; %(first)s to %(last)s is longer.")
            % {"years": MAX_YEARS, "first": first.isoformat(), "last": last.isoformat()},
            code="too_long",
        )


def preset_range(preset: str, today: datetime.date | None = None) -> DateRange:
    """The range a preset names, relative to ``today`` (default: the office's today)."""
    today = today or office_today()
    if preset == Preset.MONTH:
        first = today.replace(day=1)
        return DateRange(first, _month_end(first), preset)
    if preset == Preset.LAST_MONTH:
        last = today.replace(day=1) - datetime.timedelta(days=1)
        return DateRange(last.replace(day=1), last, preset)
    if preset == Preset.QUARTER:
        first = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        return DateRange(first, _month_end(first.replace(month=first.month + 2)), preset)
    if preset == Preset.YEAR:
        return DateRange(datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31), preset)
    raise ValueError(f"not a preset range: {preset!r}")


def _month_end(first: datetime.date) -> datetime.date:
    following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


# --- Results ---------------------------------------------------------------------------------------


@dataclass
class Line:
    """One line of the table: a unit, and with the roll-up every unit below it."""

    unit: Unit | None  # None for the totals line
    covers: frozenset[int] = frozenset()
    submitted: int = 0
    returned: int = 0
    rejected: int = 0
    accepted: int = 0
    published: int = 0
    by_section: dict[int, int] = field(default_factory=dict)
    section_cells: list[int] = field(default_factory=list)
    rank: int | None = None

    @property
    def adoption_rate(self) -> Decimal | None:
        """Accepted ÷ submitted in per cent, one decimal; None when nothing was submitted."""
        if not self.submitted:
            return None
        return (Decimal(100 * self.accepted) / Decimal(self.submitted)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def has_activity(self) -> bool:
        return any(getattr(self, name) for name in FIGURES)

    def figures(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in FIGURES}


@dataclass
class Statistics:
    date_range: DateRange
    rollup: bool
    publication: object | None
    lines: list[Line]  # in ranking order
    sections: list[Section]  # the columns of “published by section”
    silent: list[Unit]  # 零报送, in the units' own order
    # Every unit read, each with ``has_correspondent`` (an active correspondent), in the units' order:
    # the points table and the units without a correspondent reuse them instead of reading them again.
    units: list[Unit] = field(default_factory=list)

    @property
    def ranked(self) -> list[Line]:
        return [line for line in self.lines if line.rank is not None]

    @property
    def totals(self) -> Line:
        """The sum of the lines (an article shared by two units is in both lines, so in the sum twice)."""
        total = Line(unit=None)
        for line in self.lines:
            for name in FIGURES:
                setattr(total, name, getattr(total, name) + getattr(line, name))
            for section_id, count in line.by_section.items():
                total.by_section[section_id] = total.by_section.get(section_id, 0) + count
        total.section_cells = [total.by_section.get(section.pk, 0) for section in self.sections]
        return total


# --- The selector ----------------------------------------------------------------------------------


def scope_roots(unit_ids: Iterable[int], parents: dict[int, int | None]) -> set[int]:
    """The units of ``unit_ids`` none of whose ancestors is also among them."""
    chosen = set(unit_ids)
    roots = set()
    for pk in chosen:
        seen, parent = {pk}, parents.get(pk)
        while parent is not None and parent not in chosen and parent not in seen:
            seen.add(parent)
            parent = parents.get(parent)
        if parent is None or parent in seen:
            roots.add(pk)
    return roots


def _subtree(pk: int, children: dict[int, list[int]]) -> frozenset[int]:
    found, frontier = {pk}, [pk]
    while frontier:
        for child in children.get(frontier.pop(), ()):
            if child not in found:
                found.add(child)
                frontier.append(child)
    return frozenset(found)


def _lines(units: list[Unit], scope: set[int] | None, rollup: bool) -> list[Line]:
    """The lines to count. Every unit (or, rolled up, every top unit) when the scope is unrestricted;
    for a restricted scope (a correspondent's) only its topmost units. Rolled up, a line covers its
    unit and every unit below it within the scope."""
    known = {unit.pk for unit in units}
    chosen = known if scope is None else set(scope) & known
    parents = {unit.pk: unit.parent_id for unit in units}
    children: dict[int, list[int]] = defaultdict(list)
    for unit in units:
        if unit.parent_id is not None:
            children[unit.parent_id].append(unit.pk)
    roots = scope_roots(chosen, parents)
    shown = chosen if scope is None and not rollup else roots
    return [
        Line(unit=unit, covers=(_subtree(unit.pk, children) & chosen) if rollup else frozenset({unit.pk}))
        for unit in units
        if unit.pk in shown
    ]


# --- The grouped query -----------------------------------------------------------------------------
#
# Over the statistics events (``contributors.activity``): one row per counted event of an article for
# each of its units, so a range is counted by one grouped scan, whatever the number of units. An
# article with several events of a kind in the range has exactly one row there whose previous event of
# that kind (``since``) lies before the range: counting those rows counts each article once.


def _count(
    by_line: dict[int, Line], *, lines: list[Line], restricted: bool, rollup: bool, date_range, publication
) -> None:
    first, last = date_range.first, date_range.last
    rows = Activity.objects.filter(day__gte=first, day__lte=last).filter(
        models.Q(since__isnull=True) | models.Q(since__lt=first)
    )
    if publication is not None:
        # The transition figures belong to no publication; the published and archive ones do.
        rows = rows.filter(models.Q(publication__isnull=True) | models.Q(publication=publication))
    if not restricted:
        # Every unit its own line; rolled up, every top unit, through one row per article and event.
        key = "root_id" if rollup else "unit_id"
        if rollup:
            rows = rows.filter(root_first=True)
        counted = rows.values(key, "kind", "section_id").annotate(count=models.Count("pk"))
    else:
        # A correspondent's few lines: their units' rows, an article once per line.
        rows = rows.filter(unit_id__in=_covered(lines))
        key = "line"
        line_of = models.Case(
            *(
                models.When(unit_id__in=sorted(line.covers), then=models.Value(line.unit.pk))
                for line in lines
            ),
            output_field=models.IntegerField(),
        )
        counted = (
            rows.annotate(line=line_of)
            .values(key, "kind", "section_id")
            .annotate(count=models.Count("article_id", distinct=True))
        )
    for row in counted.order_by():
        line = by_line.get(row[key])
        if line is None:
            continue
        kind, count = row["kind"], row["count"]
        setattr(line, kind, getattr(line, kind) + count)
        if kind == Activity.Kind.PUBLISHED:
            section_id = row["section_id"]
            line.by_section[section_id] = line.by_section.get(section_id, 0) + count


def _covered(lines: list[Line]) -> list[int]:
    return sorted(set().union(*(line.covers for line in lines)))


_reporting = threading.local()


@contextmanager
def reporting():
    """On PostgreSQL, for this transaction only: no JIT (compiling these plans costs more than running
    them) and room to hash a year's articles in memory. On SQLite nothing: a transaction there would
    take the write lock. Re-entrant: inside another ``reporting()`` block it does nothing, so a page
    that counts several things (the statistics and the points) sets this up once."""
    if connection.vendor != "postgresql" or getattr(_reporting, "active", False):
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('jit', 'off', true), set_config('work_mem', '32MB', true)")
        _reporting.active = True
        try:
            yield
        finally:
            _reporting.active = False


_reporting_transaction = reporting


def unit_statistics(
    *,
    date_range: DateRange,
    scope: Iterable[int] | None = None,
    rollup: bool = False,
    publication=None,
) -> Statistics:
    """Figures per unit for ``date_range`` (see the module docstring for what each counts).

    ``scope``: the unit ids the viewer may see, as :func:`contributors.permissions.unit_scope` gives them;
    ``None`` is every unit, one line each. A restricted scope (a correspondent's: their unit and the
    units below it) gets only its topmost unit's line. ``rollup``: each line also covers the units
    below its unit, and with an unrestricted scope only the top units of the tree get lines.
    ``publication``: only that publication's issues (the transition figures belong to no publication,
    so this limits “published” and the archive articles only).
    """
    check_range(date_range.first, date_range.last)
    from .models import Correspondent

    covered = Correspondent.objects.filter(active=True, staff__unit_id=models.OuterRef("pk"))
    units = list(
        Unit.objects.only("pk", "name", "short_name", "kind", "parent_id", "active", "position")
        .annotate(has_correspondent=models.Exists(covered))
        .order_by("position", "name", "pk")
    )
    scope = None if scope is None else set(scope)
    lines = _lines(units, scope, rollup)
    by_line = {line.unit.pk: line for line in lines}
    if lines:
        with _reporting_transaction():
            _count(
                by_line,
                lines=lines,
                restricted=scope is not None,
                rollup=rollup,
                date_range=date_range,
                publication=publication,
            )
    sections = _section_columns(lines)
    for line in lines:
        line.section_cells = [line.by_section.get(section.pk, 0) for section in sections]
    # Inactive units only appear when they did something in the range.
    lines = [line for line in lines if line.unit.active or line.has_activity]
    lines = _ranked(lines)
    silent = [
        line.unit
        for line in sorted(lines, key=lambda line: (line.unit.position, line.unit.name))
        if line.unit.active and line.submitted == 0 and line.unit.kind != Unit.Kind.DEPARTMENT
    ]
    return Statistics(
        date_range=date_range,
        rollup=rollup,
        publication=publication,
        lines=lines,
        sections=sections,
        silent=silent,
        units=units,
    )


def _section_columns(lines: list[Line]) -> list[Section]:
    used = set().union(*(line.by_section for line in lines)) if lines else set()
    return [
        section
        for section in Section.objects.order_by("position", "pk")
        if section.active or section.pk in used
    ]


def _ranked(lines: list[Line]) -> list[Line]:
    """Order by published, accepted (descending), then the units' own order; competition ranks."""
    ordered = sorted(
        lines,
        key=lambda line: (
            not line.has_activity,
            -line.published,
            -line.accepted,
            line.unit.position,
            line.unit.name,
        ),
    )
    previous, rank = None, 0
    for index, line in enumerate(ordered, start=1):
        if not line.has_activity:
            line.rank = None
            continue
        if (line.published, line.accepted) != previous:
            rank, previous = index, (line.published, line.accepted)
        line.rank = rank
    return ordered
