"""Points (积分) per unit over a date range, and the pay (稿费) they earn.

What earns points (the rules are ``ScoringRule`` rows, editable on the desk):

- an article published in our bulletin in the range, on the day of its publication (the statistics
  events' ``published`` rows, ``contributors.activity``: archive articles on their issue's date): the
  *brief* rule when its section's layout is ``briefs``, the *article* rule otherwise;
- an upward adoption (上级采用) adopted in the range: the *upward* rule of its level;
- a leader instruction (领导批示) given in the range: the *instruction* rule of its level.

A piece of several units gives each of them the rule's full points, unless the rule is set to split:
then each unit gets the points divided by the number of the piece's units (two decimal places,
rounded half up). Pieces attributed to no unit earn nothing.

Pay: each year's points times that year's yuan per point (``PayRate``); a range across years uses
each year's rate for its part. A unit with points in a year that has no rate gets no pay figure
(``None``), and the year is named in ``unpaid_years``.

Counted in the database: one query, a union of the three sources grouped per unit with the rules
and the pay rates, whatever the number of units (plus one for the units not already loaded).
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models.functions import Cast

from articles.models import Article
from bulletin.models import Section
from contributors.models import Activity, Unit

from ..models import Correspondent, Instruction, Level, PayRate, ScoringRule, UpwardAdoption
from ..stats import reporting

__all__ = ["PointsRow", "points_by_unit", "unpaid_years", "units_without_correspondent"]

CENT = Decimal("0.01")
Event = ScoringRule.Event
LEVELS = [value for value, _label in Level.choices]


@dataclass
class PointsRow:
    """One unit's points over the range, what earned them, its rank and its pay."""

    unit: Unit
    points: Decimal = Decimal(0)
    rank: int = 0
    articles: int = 0  # full articles published in our bulletin
    briefs: int = 0  # briefs published in our bulletin
    upward: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    instructions: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    by_year: dict[int, Decimal] = field(default_factory=dict)
    pay: Decimal | None = None
    unpaid_years: list[int] = field(default_factory=list)

    @property
    def upward_cells(self) -> list[int]:
        return [self.upward[level] for level in LEVELS]

    @property
    def instruction_cells(self) -> list[int]:
        return [self.instructions[level] for level in LEVELS]

    @property
    def upward_total(self) -> int:
        return sum(self.upward.values())

    @property
    def instruction_total(self) -> int:
        return sum(self.instructions.values())


def _unit_count(article_ref: str) -> models.Subquery:
    """The number of units of the article ``article_ref`` points at (a plain COUNT over the link
    table's index, no grouping)."""
    through = Article.units.through
    return models.Subquery(
        through.objects.filter(article_id=models.OuterRef(article_ref))
        .order_by()
        .annotate(count=models.Func(models.F("pk"), function="COUNT"))
        .values("count"),
        output_field=models.IntegerField(),
    )


def _split(**rule) -> models.Exists:
    return models.Exists(ScoringRule.objects.filter(split=True, **rule))


INT, TEXT = models.IntegerField(), models.CharField()
POINTS = models.DecimalField(max_digits=8, decimal_places=2)
# The event names of the rows that are not counts: a pay rate, a section (its layout).
PAY, SECTION, BULLETIN = "pay", "section", "bulletin"
COLUMNS = ("u", "y", "e", "lv", "s", "n", "p", "c")


def _null(output_field):
    """A typed NULL (PostgreSQL will not match an untyped one across the union's branches)."""
    return Cast(models.Value(None), output_field=output_field)


def _value(value, output_field):
    return models.Value(value, output_field=output_field)


def _years(first: datetime.date, last: datetime.date):
    """The calendar years of the range, each with its part of the range."""
    for year in range(first.year, last.year + 1):
        yield year, max(first, datetime.date(year, 1, 1)), min(last, datetime.date(year, 12, 31))


def _counted(queryset, *, year: int, event: str, unit, level, section, units_of_piece):
    return (
        queryset.annotate(
            u=unit,
            y=_value(year, INT),
            e=_value(event, TEXT),
            lv=level,
            s=section,
            n=units_of_piece,
            p=_null(POINTS),
        )
        .values(*COLUMNS[:-1])
        .annotate(c=models.Count("pk"))
        .order_by()
    )


def _fixed(queryset, **columns):
    return queryset.annotate(**columns).values(*COLUMNS).order_by()


def _grouped(first: datetime.date, last: datetime.date):
    """One query, a union of:

    - the counted pieces, per calendar year of the range: one row per unit, section (bulletin) or
      level (adoptions, instructions) and, under a rule that splits, number of the piece's units
      (else 1), with the count ``c``. The pieces under a splitting rule are a branch of their own,
      skipped by the database unless such a rule exists;
    - the rules (``n`` 1 when the rule splits, ``p`` its points), the pay rates (``y``, ``p``) and the
      sections (``s``, their layout in ``lv``): the few rows the counting needs, without queries of
      their own.
    """
    one = _value(1, INT)
    briefs = Section.objects.filter(layout=Section.Layout.BRIEFS).values("pk")
    is_brief = models.Q(section_id__in=briefs)
    # The rule's flag first: with no splitting rule, the database stops there for every row.
    bulletin_split = models.Q(_split(event=Event.BRIEF), is_brief) | models.Q(
        _split(event=Event.ARTICLE), ~is_brief
    )
    sources = []
    for year, start, end in _years(first, last):
        published = Activity.objects.filter(kind=Activity.Kind.PUBLISHED, day__gte=start, day__lte=end)
        bulletin = {"year": year, "event": BULLETIN, "unit": models.F("unit_id"), "level": _value("", TEXT)}
        sources.append(
            _counted(
                published.exclude(bulletin_split),
                section=models.F("section_id"),
                units_of_piece=one,
                **bulletin,
            )
        )
        sources.append(
            _counted(
                published.filter(_split(event__in=[Event.ARTICLE, Event.BRIEF])).filter(bulletin_split),
                section=models.F("section_id"),
                units_of_piece=_unit_count("article_id"),
                **bulletin,
            )
        )
        for model, event, day in (
            (UpwardAdoption, Event.UPWARD, "adopted_on"),
            (Instruction, Event.INSTRUCTION, "instructed_on"),
        ):
            pieces = model.objects.filter(**{f"{day}__gte": start, f"{day}__lte": end})
            pieces = pieces.filter(article__units__isnull=False)
            splits = _split(event=event, level=models.OuterRef("level"))
            record = {
                "year": year,
                "event": event.value,
                "unit": models.F("article__units"),
                "level": models.F("level"),
                "section": _null(INT),
            }
            sources.append(_counted(pieces.exclude(splits), units_of_piece=one, **record))
            sources.append(
                _counted(
                    pieces.filter(_split(event=event)).filter(splits),
                    units_of_piece=_unit_count("article_id"),
                    **record,
                )
            )
    zero = _value(0, INT)
    sources.append(
        _fixed(
            ScoringRule.objects,
            u=_null(INT),
            y=_null(INT),
            e=models.F("event"),
            lv=models.F("level"),
            s=_null(INT),
            n=models.Case(models.When(split=True, then=one), default=zero, output_field=INT),
            p=models.F("points"),
            c=zero,
        )
    )
    sources.append(
        _fixed(
            PayRate.objects,
            u=_null(INT),
            y=models.F("year"),
            e=_value(PAY, TEXT),
            lv=_value("", TEXT),
            s=_null(INT),
            n=zero,
            p=models.F("yuan_per_point"),
            c=zero,
        )
    )
    sources.append(
        _fixed(
            Section.objects,
            u=_null(INT),
            y=_null(INT),
            e=_value(SECTION, TEXT),
            lv=models.F("layout"),
            s=models.F("pk"),
            n=zero,
            p=_null(POINTS),
            c=zero,
        )
    )
    return sources[0].union(*sources[1:], all=True)


def _event(event: str, section: int | None, layouts: dict[int, str]) -> str:
    """The rule a counted row falls under: in our bulletin, a brief in a section laid out as briefs
    and an article anywhere else."""
    if event != BULLETIN:
        return event
    return Event.BRIEF if layouts.get(section) == Section.Layout.BRIEFS else Event.ARTICLE


def _share(rule: tuple[Decimal, bool] | None, units: int) -> Decimal:
    if rule is None:
        return Decimal(0)
    points, split = rule
    if split and units > 1:
        return (points / units).quantize(CENT, rounding=ROUND_HALF_UP)
    return points


def points_by_unit(*, date_from: datetime.date, date_to: datetime.date, units=None) -> list[PointsRow]:
    """The units with points from ``date_from`` to ``date_to`` (both included), in rank order:
    most points first, equal points sharing a rank (1, 2, 2, 4), then the units' own order.

    One query (the counts, the rules, the pay rates and the sections in one union), and one more for
    the units unless ``units`` (the units already loaded, by primary key) holds them all. On
    PostgreSQL it runs in a :func:`infowork.stats.reporting` transaction (no JIT): its own, or the
    caller's.
    """
    rules: dict[tuple[str, str], tuple[Decimal, bool]] = {}
    rates: dict[int, Decimal] = {}
    layouts: dict[int, str] = {}
    counted = []
    with reporting():
        rows = list(_grouped(date_from, date_to))
    for row in rows:
        event, level = row["e"], row["lv"] or ""
        if row["u"] is not None:
            counted.append((row["u"], row["y"], event, level, row["s"], row["n"] or 1, row["c"]))
        elif event == PAY:
            rates[int(row["y"])] = Decimal(row["p"])
        elif event == SECTION:
            layouts[row["s"]] = level
        else:
            rules[event, level] = Decimal(row["p"]), bool(row["n"])
    counted = [
        (unit_id, int(year), _event(event, section, layouts), level, units_of_piece, count)
        for unit_id, year, event, level, section, units_of_piece, count in counted
    ]
    known = dict(units or {})
    missing = {unit_id for unit_id, *_rest in counted if unit_id not in known}
    if missing:
        known.update(Unit.objects.in_bulk(sorted(missing)))
    by_unit: dict[int, PointsRow] = {}
    for unit_id, year, event, level, units_of_piece, count in counted:
        unit = known.get(unit_id)
        if unit is None:
            continue
        line = by_unit.get(unit_id)
        if line is None:
            line = by_unit[unit_id] = PointsRow(unit=unit)
        points = _share(rules.get((event, level)), units_of_piece) * count
        line.points += points
        line.by_year[year] = line.by_year.get(year, Decimal(0)) + points
        if event == Event.ARTICLE:
            line.articles += count
        elif event == Event.BRIEF:
            line.briefs += count
        elif event == Event.UPWARD:
            line.upward[level] = line.upward.get(level, 0) + count
        else:
            line.instructions[level] = line.instructions.get(level, 0) + count
    for line in by_unit.values():
        _pay(line, rates)
    rows = [line for line in by_unit.values() if line.points > 0]
    return _ranked(rows)


def _pay(line: PointsRow, rates: dict[int, Decimal]) -> None:
    line.unpaid_years = sorted(year for year, points in line.by_year.items() if points and year not in rates)
    if line.unpaid_years:
        line.pay = None
        return
    line.pay = sum(
        (points * rates[year] for year, points in line.by_year.items() if points), Decimal(0)
    ).quantize(CENT, rounding=ROUND_HALF_UP)


def _ranked(rows: list[PointsRow]) -> list[PointsRow]:
    rows.sort(key=lambda line: (-line.points, line.unit.position, line.unit.name))
    previous, rank = None, 0
    for index, line in enumerate(rows, start=1):
        if line.points != previous:
            rank, previous = index, line.points
        line.rank = rank
    return rows


def unpaid_years(rows: list[PointsRow]) -> list[int]:
    """The years some points fall in that have no yuan per point set."""
    return sorted(set().union(*(line.unpaid_years for line in rows))) if rows else []


def units_without_correspondent(scope=None, *, units=None) -> list[Unit]:
    """Active units with no active correspondent, in the units' own order; the federation's own
    departments (the office's colleagues, not reporting units) are not listed. ``scope``: the unit
    ids the viewer may see (``None``: all). ``units``: every unit, already read with
    ``has_correspondent`` (as ``infowork.stats.unit_statistics`` gives them): no query then."""
    if units is not None:
        return [
            unit
            for unit in units
            if unit.active
            and unit.kind != Unit.Kind.DEPARTMENT
            and not unit.has_correspondent
            and (scope is None or unit.pk in scope)
        ]
    covered = Correspondent.objects.filter(active=True, staff__unit_id=models.OuterRef("pk"))
    units = (
        Unit.objects.filter(active=True)
        .exclude(kind=Unit.Kind.DEPARTMENT)
        .exclude(models.Exists(covered))
        .only("pk", "name", "short_name", "kind", "position", "parent_id", "active")
        .order_by("position", "name", "pk")
    )
    if scope is not None:
        units = units.filter(pk__in=sorted(scope))
    return list(units)
