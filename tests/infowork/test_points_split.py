"""infowork.selectors.points_by_unit under split rules, on awkward data: a piece of three units one of
which is inactive, shares rounded half up to two places, a unit whose only points are shares, rules
split for some events and levels only; and a check against a plain recount (each piece, each unit,
its share worked out in Python) on mixed data over a range across two years."""

import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest

from articles.models import Article
from bulletin.models import Section
from contributors.models import Activity
from infowork.models import Instruction, ScoringRule, UpwardAdoption
from infowork.selectors import points_by_unit
from tests.factories import UnitFactory
from tests.infowork.points_helpers import adopted, day, instructed, published, rate, set_rule

pytestmark = pytest.mark.django_db

YEAR = {"date_from": day("2025-01-01"), "date_to": day("2025-12-31")}
CENT = Decimal("0.01")


def by_name(rows):
    return {row.unit.name: row for row in rows}


def split_everything():
    ScoringRule.objects.update(split=True)


def test_a_piece_of_three_units_one_inactive_gives_each_a_third(unit_a, unit_b):
    closed = UnitFactory(name="丙县总工会", active=False)
    split_everything()
    article = published([unit_a, unit_b, closed], "2025-05-05")  # 5 ÷ 3
    adopted(article, "central", "2025-05-20")  # 30 ÷ 3
    instructed(article, "province", "2025-05-21")  # 15 ÷ 3
    rows = by_name(points_by_unit(**YEAR))
    assert {name: row.points for name, row in rows.items()} == {
        "甲市总工会": Decimal("1.67") + 10 + 5,
        "乙区总工会": Decimal("1.67") + 10 + 5,
        "丙县总工会": Decimal("1.67") + 10 + 5,
    }
    assert rows["丙县总工会"].unit.active is False
    assert (rows["丙县总工会"].articles, rows["丙县总工会"].upward_total) == (1, 1)
    assert rows["丙县总工会"].instructions["province"] == 1


def test_shares_are_rounded_half_up_to_two_places_per_piece(unit_a, unit_b):
    set_rule("brief", points="2.25", split=True)  # 2.25 ÷ 2 = 1.125: 1.13 (not 1.12)
    set_rule("upward", "city", points="0.35", split=True)  # 0.35 ÷ 2 = 0.175: 0.18
    set_rule("instruction", "national", points="10", split=True)  # 10 ÷ 3 = 3.333…: 3.33
    third = UnitFactory(name="丙县总工会")
    brief = published([unit_a, unit_b], "2025-03-03", section="工作简讯")
    published([unit_a, unit_b], "2025-03-04", section="工作简讯")
    adopted(brief, "city", "2025-03-10")
    adopted(brief, "city", "2025-03-11")
    adopted(brief, "city", "2025-03-12")
    trio = published([unit_a, unit_b, third], "2024-06-01")  # outside the range: only its instruction
    instructed(trio, "national", "2025-04-01")
    rows = by_name(points_by_unit(**YEAR))
    # Each piece's share is rounded before adding up: 3 × 0.18 = 0.54, not 3 × 0.175 = 0.525 → 0.53.
    assert rows["甲市总工会"].points == 2 * Decimal("1.13") + 3 * Decimal("0.18") + Decimal("3.33")
    assert rows["乙区总工会"].points == Decimal("6.13")
    assert rows["丙县总工会"].points == Decimal("3.33")
    assert rows["甲市总工会"].briefs == 2 and rows["甲市总工会"].upward["city"] == 3


def test_a_unit_with_only_split_points_is_ranked_and_paid(unit_a, unit_b):
    rate(2025, "3")
    set_rule("article", split=True)
    lonely = UnitFactory(name="丙县总工会", position=9)
    published([unit_a], "2025-02-02", section="工作简讯")  # briefs are not split: unit_a's 3
    for on in ("2025-02-03", "2025-02-04", "2025-02-05"):
        published([unit_b, lonely], on)  # 2.50 each, three times
    published([unit_a, unit_b, lonely], "2025-02-06")  # 1.67 each
    rows = points_by_unit(**YEAR)
    assert [(row.unit.name, row.points, row.rank) for row in rows] == [
        ("乙区总工会", Decimal("9.17"), 1),
        ("丙县总工会", Decimal("9.17"), 1),
        ("甲市总工会", Decimal("4.67"), 3),
    ]
    lonely_row = rows[1]
    assert (lonely_row.articles, lonely_row.briefs) == (4, 0)
    assert lonely_row.by_year == {2025: Decimal("9.17")}
    assert lonely_row.pay == Decimal("27.51")


def test_only_the_split_rules_levels_and_events_are_split(unit_a, unit_b):
    set_rule("brief", split=True)
    set_rule("upward", "province", split=True)
    set_rule("instruction", "city", split=True)
    article = published([unit_a, unit_b], "2025-07-07")  # article rule not split: 5 each
    published([unit_a, unit_b], "2025-07-08", section="工作简讯")  # 3 ÷ 2 = 1.50
    adopted(article, "province", "2025-07-09")  # 15 ÷ 2 = 7.50
    adopted(article, "national", "2025-07-10")  # not split: 20 each
    instructed(article, "city", "2025-07-11")  # 10 ÷ 2 = 5
    instructed(article, "central", "2025-07-12")  # not split: 30 each
    rows = by_name(points_by_unit(**YEAR))
    expected = 5 + Decimal("1.50") + Decimal("7.50") + 20 + 5 + 30
    assert rows["甲市总工会"].points == expected
    assert rows["乙区总工会"].points == expected
    assert rows["甲市总工会"].upward == {"city": 0, "province": 1, "national": 1, "central": 0}
    assert rows["甲市总工会"].instructions == {"city": 1, "province": 0, "national": 0, "central": 1}


def test_a_split_rule_with_pieces_of_one_unit_gives_the_full_points(unit_a):
    split_everything()
    article = published([unit_a], "2025-08-01")
    adopted(article, "national", "2025-08-02")
    instructed(article, "city", "2025-08-03")
    (row,) = points_by_unit(**YEAR)
    assert row.points == 5 + 20 + 10


# A plain recount, piece by piece, to hold the selector to.


def _share(rule: ScoringRule | None, units: int) -> Decimal:
    if rule is None:
        return Decimal(0)
    if rule.split and units > 1:
        return (rule.points / units).quantize(CENT, rounding=ROUND_HALF_UP)
    return rule.points


def recount(date_from, date_to):
    """{unit id: (points, by_year, articles, briefs, upward, instructions)} worked out per piece."""
    rules = {(rule.event, rule.level): rule for rule in ScoringRule.objects.all()}
    briefs = set(Section.objects.filter(layout=Section.Layout.BRIEFS).values_list("pk", flat=True))
    units_of = {article.pk: [unit.pk for unit in article.units.all()] for article in Article.objects.all()}
    points = defaultdict(Decimal)
    by_year = defaultdict(lambda: defaultdict(Decimal))
    counts = defaultdict(lambda: defaultdict(int))
    for row in Activity.objects.filter(kind="published", day__gte=date_from, day__lte=date_to):
        event = "brief" if row.section_id in briefs else "article"
        share = _share(rules.get((event, "")), len(units_of[row.article_id]))
        points[row.unit_id] += share
        by_year[row.unit_id][row.day.year] += share
        counts[row.unit_id][event] += 1
    for model, event, field in (
        (UpwardAdoption, "upward", "adopted_on"),
        (Instruction, "instruction", "instructed_on"),
    ):
        for record in model.objects.filter(**{f"{field}__gte": date_from, f"{field}__lte": date_to}):
            units = units_of[record.article_id]
            share = _share(rules.get((event, record.level)), len(units))
            for unit_id in units:
                points[unit_id] += share
                by_year[unit_id][getattr(record, field).year] += share
                counts[unit_id][event, record.level] += 1
    return {
        unit_id: (
            total,
            {year: value for year, value in by_year[unit_id].items() if value},
            dict(counts[unit_id]),
        )
        for unit_id, total in points.items()
        if total > 0
    }


def _mixed_data():
    rng = random.Random(2025)
    units = [UnitFactory(name=f"第{n}号测试工会", position=n, active=n != 3) for n in range(6)]
    days = ["2024-12-30", "2024-12-31", "2025-01-01", "2025-01-02", "2025-01-15", "2025-02-01"]
    articles = []
    for _ in range(24):
        own = rng.sample(units, rng.choice([0, 1, 1, 2, 3, 4]))
        section = rng.choice(["工作动态", "工作简讯"])
        articles.append(published(own, rng.choice(days), section=section))
    for _ in range(30):
        record = rng.choice([adopted, instructed])
        record(
            rng.choice(articles), rng.choice(["city", "province", "national", "central"]), rng.choice(days)
        )
    set_rule("article", points="5.05")
    set_rule("brief", points="2.25")
    set_rule("upward", "province", points="0.35")
    set_rule("instruction", "national", points="10.01")


@pytest.mark.parametrize(
    "splits",
    [
        {},
        {"article": "", "brief": "", "upward": "*", "instruction": "*"},
        {"brief": "", "upward": "province", "instruction": "national"},
        {"article": "", "upward": "city", "instruction": "*"},
    ],
    ids=["none", "all", "some", "others"],
)
def test_the_points_match_a_piece_by_piece_recount(splits):
    _mixed_data()
    for event, level in splits.items():
        rules = ScoringRule.objects.filter(event=event)
        if level != "*":
            rules = rules.filter(level=level)
        rules.update(split=True)
    rate(2024, "2")
    date_from, date_to = day("2024-12-31"), day("2025-01-31")
    rows = points_by_unit(date_from=date_from, date_to=date_to)
    expected = recount(date_from, date_to)
    assert expected  # the data earns points
    got = {
        row.unit.pk: (
            row.points,
            {year: value for year, value in row.by_year.items() if value},
            {
                **({"article": row.articles} if row.articles else {}),
                **({"brief": row.briefs} if row.briefs else {}),
                **{("upward", level): n for level, n in row.upward.items() if n},
                **{("instruction", level): n for level, n in row.instructions.items() if n},
            },
        )
        for row in rows
    }
    assert got == expected
    assert [row.points for row in rows] == sorted((row.points for row in rows), reverse=True)
    assert all(row.pay is None and row.unpaid_years == [2025] for row in rows if 2025 in row.by_year)
