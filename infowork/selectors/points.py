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
and the pay rates, whatever the number of units (plus one for the units not already loaded). Under a
splitting rule the number of a piece's units is counted once per piece, by a window over the piece's
rows in the same query, not looked up row by row (that made a year of 200,000 articles with every
rule split three times as slow as with none; see bench/points.py).
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models.functions import Cast

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


def _split(**rule) -> models.Exists:
    return models.Exists(ScoringRule.objects.filter(split=True, **rule))


def _some_not_split(*rules: dict) -> models.Q:
    """True unless every one of these rules splits: a condition on the rules alone, which the
    database checks once for the whole branch (PostgreSQL's one-time filter), not row by row."""
    return models.Q(*(~_split(**rule) for rule in rules), _connector=models.Q.OR)


def _units_of_piece(piece: str) -> models.Window:
    """The number of units of each counted piece: its rows among the branch's own rows (one per unit
    of the piece, see ``_grouped``), counted by a window over the piece, instead of a count of the
    article's units looked up for every row."""
    return models.Window(models.Count("pk"), partition_by=[models.F(piece)])


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


def _columns(queryset, *, year: int, event: str, unit, level, section, units_of_piece):
    return queryset.annotate(
        u=unit,
        y=_value(year, INT),
        e=_value(event, TEXT),
        lv=level,
        s=section,
        n=units_of_piece,
        p=_null(POINTS),
    )


def _counted(queryset, **columns):
    """Grouped in the database: one row per unit, year, event, level, section and ``n``, counted."""
    return _columns(queryset, **columns).values(*COLUMNS[:-1]).annotate(c=models.Count("pk")).order_by()


def _pieces(queryset, **columns):
    """Not grouped: one row per unit of each piece, ``n`` a window over the piece (see ``_Branch``)."""
    return _columns(queryset, **columns).values(*COLUMNS[:-1]).order_by()


def _fixed(queryset, **columns):
    return queryset.annotate(**columns).values(*COLUMNS).order_by()


@dataclass
class _Branch:
    """One branch of the union as SQL. ``shared``: the rows of the pieces themselves (``n`` a window
    over them), grouped and counted around them (a window cannot sit under the same query's GROUP BY,
    and the ORM does not group over a subquery)."""

    queryset: models.QuerySet
    shared: bool = False

    def compile(self):
        compiler = self.queryset.query.get_compiler(using=self.queryset.db)
        sql, params = compiler.as_sql()
        names = [alias for _expression, _sql, alias in compiler.select[: compiler.col_count]]
        expected = COLUMNS[:-1] if self.shared else COLUMNS
        if tuple(names) != expected:  # the union matches its branches' columns by position
            raise RuntimeError(f"points: a branch selects {names}, not {expected}")
        if self.shared:
            quote = compiler.connection.ops.quote_name
            columns = ", ".join(quote(name) for name in COLUMNS[:-1])
            sql = (
                f"SELECT {columns}, COUNT(*) AS {quote('c')} FROM ({sql}) {quote('pieces')} "  # noqa: S608 (names, no input)
                f"GROUP BY {columns}"
            )
        return compiler, sql, tuple(params)


def _grouped(first: datetime.date, last: datetime.date) -> list[_Branch]:
    """The branches of one query, a union of:

    - the counted pieces, per calendar year of the range: one row per unit, section (bulletin) or
      level (adoptions, instructions) and, under a rule that splits, number of the piece's units
      (else 1), with the count ``c``. The pieces under a splitting rule are a branch of their own,
      the others another; the database skips a branch (once, not row by row) when no rule or every
      rule of its events splits. In the splitting branch the number of a piece's units is a window
      over the piece's rows in it: in our bulletin, an article's ``published`` rows (one per unit of
      the article, all on the day of its publication, so all in the range or none); for an adoption
      or an instruction, its rows joined to its article's units;
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
    branches = []
    for year, start, end in _years(first, last):
        published = Activity.objects.filter(kind=Activity.Kind.PUBLISHED, day__gte=start, day__lte=end)
        bulletin = {"year": year, "event": BULLETIN, "unit": models.F("unit_id"), "level": _value("", TEXT)}
        full = published.filter(_some_not_split({"event": Event.ARTICLE}, {"event": Event.BRIEF}))
        branches.append(
            _Branch(
                _counted(
                    full.exclude(bulletin_split),
                    section=models.F("section_id"),
                    units_of_piece=one,
                    **bulletin,
                )
            )
        )
        shared = published.filter(_split(event__in=[Event.ARTICLE, Event.BRIEF])).filter(bulletin_split)
        branches.append(
            _Branch(
                _pieces(
                    shared,
                    section=models.F("section_id"),
                    units_of_piece=_units_of_piece("article_id"),
                    **bulletin,
                ),
                shared=True,
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
            full = pieces.filter(_some_not_split(*({"event": event, "level": level} for level in LEVELS)))
            branches.append(_Branch(_counted(full.exclude(splits), units_of_piece=one, **record)))
            shared = pieces.filter(_split(event=event)).filter(splits)
            branches.append(
                _Branch(
                    _pieces(shared, units_of_piece=_units_of_piece("pk"), **record),
                    shared=True,
                )
            )
    zero = _value(0, INT)
    branches.append(
        _Branch(
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
    )
    branches.append(
        _Branch(
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
    )
    branches.append(
        _Branch(
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
    )
    return branches


def _rows(branches: list[_Branch]) -> list[dict]:
    """Runs the union of the branches as one query; its rows as dicts of :data:`COLUMNS`, read with
    the first branch's converters (SQLite gives its numbers as floats)."""
    compiled = []
    for branch in branches:
        try:
            compiled.append(branch.compile())
        except EmptyResultSet:  # a branch that can hold no row (as the ORM's own union skips it)
            continue
    compiler = compiled[0][0]
    sql = " UNION ALL ".join(sql for _compiler, sql, _params in compiled)
    params = [param for _compiler, _sql, params in compiled for param in params]
    with compiler.connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
    if converters:
        rows = compiler.apply_converters(rows, converters)
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows]


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
        rows = _rows(_grouped(date_from, date_to))
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
