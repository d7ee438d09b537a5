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

Counted in the database: one grouped query over the three sources, whatever the number of units,
plus one each for the rules, the pay rates and the units.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models.functions import ExtractYear

from articles.models import Article
from bulletin.models import Section
from contributors.models import Activity, Unit

from ..models import Correspondent, Instruction, Level, PayRate, ScoringRule, UpwardAdoption

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
    """The number of units of the article ``article_ref`` points at."""
    through = Article.units.through
    return models.Subquery(
        through.objects.filter(article_id=models.OuterRef(article_ref))
        .order_by()
        .values("article_id")
        .annotate(count=models.Count("pk"))
        .values("count"),
        output_field=models.IntegerField(),
    )


def _grouped(first: datetime.date, last: datetime.date, split: set[str]):
    """One row per unit, year, event, level and (for split rules) number of units, with a count."""
    one = models.Value(1, output_field=models.IntegerField())
    no_level = models.Value("", output_field=models.CharField())
    brief = models.Case(
        models.When(section__layout=Section.Layout.BRIEFS, then=models.Value(Event.BRIEF.value)),
        default=models.Value(Event.ARTICLE.value),
        output_field=models.CharField(),
    )
    bulletin = (
        Activity.objects.filter(kind=Activity.Kind.PUBLISHED, day__gte=first, day__lte=last)
        .annotate(
            u=models.F("unit_id"),
            y=ExtractYear("day"),
            e=brief,
            lv=no_level,
            n=_unit_count("article_id") if split & {Event.ARTICLE, Event.BRIEF} else one,
        )
        .values("u", "y", "e", "lv", "n")
        .annotate(c=models.Count("pk"))
        .order_by()
    )
    sources = [bulletin]
    for model, event, day in (
        (UpwardAdoption, Event.UPWARD, "adopted_on"),
        (Instruction, Event.INSTRUCTION, "instructed_on"),
    ):
        sources.append(
            model.objects.filter(**{f"{day}__gte": first, f"{day}__lte": last}, article__units__isnull=False)
            .annotate(
                u=models.F("article__units"),
                y=ExtractYear(day),
                e=models.Value(event.value, output_field=models.CharField()),
                lv=models.F("level"),
                n=_unit_count("article_id") if event in split else one,
            )
            .values("u", "y", "e", "lv", "n")
            .annotate(c=models.Count("pk"))
            .order_by()
        )
    return sources[0].union(*sources[1:], all=True)


def _share(rule: ScoringRule | None, units: int) -> Decimal:
    if rule is None:
        return Decimal(0)
    if rule.split and units > 1:
        return (rule.points / units).quantize(CENT, rounding=ROUND_HALF_UP)
    return rule.points


def points_by_unit(*, date_from: datetime.date, date_to: datetime.date, units=None) -> list[PointsRow]:
    """The units with points from ``date_from`` to ``date_to`` (both included), in rank order:
    most points first, equal points sharing a rank (1, 2, 2, 4), then the units' own order.

    ``units``: the units already loaded, by primary key (saves a query); units not in it are read.
    """
    rules = {(rule.event, rule.level): rule for rule in ScoringRule.objects.all()}
    split = {event for (event, _level), rule in rules.items() if rule.split}
    by_unit: dict[int, PointsRow] = {}
    counts: dict[int, dict] = defaultdict(dict)
    for row in _grouped(date_from, date_to, split):
        unit_id, year, event, level, units_of_piece, count = (
            row["u"],
            row["y"],
            row["e"],
            row["lv"] or "",
            row["n"] or 1,
            row["c"],
        )
        points = _share(rules.get((event, level)), units_of_piece) * count
        counts[unit_id][(year, event, level, units_of_piece)] = points, count
    known = dict(units or {})
    missing = [pk for pk in counts if pk not in known]
    if missing:
        known.update(Unit.objects.in_bulk(missing))
    rates = dict(PayRate.objects.values_list("year", "yuan_per_point"))
    for unit_id, groups in counts.items():
        unit = known.get(unit_id)
        if unit is None:
            continue
        line = by_unit[unit_id] = PointsRow(unit=unit)
        for (year, event, level, _n), (points, count) in groups.items():
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


def units_without_correspondent(scope=None) -> list[Unit]:
    """Active units with no active correspondent, in the units' own order; the federation's own
    departments (the office's colleagues, not reporting units) are not listed. ``scope``: the unit
    ids the viewer may see (``None``: all)."""
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
