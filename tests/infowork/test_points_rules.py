"""infowork.selectors.points_by_unit: what earns points under each default rule, several units in full
or split, briefs, the range's edges on office days, ranks with ties, and the pay per year."""

import datetime
from decimal import Decimal

import pytest

from infowork.models import ScoringRule
from infowork.selectors import points_by_unit
from infowork.selectors.points import unpaid_years
from tests.factories import UnitFactory
from tests.infowork.points_helpers import adopted, day, instructed, published, rate, set_rule

pytestmark = pytest.mark.django_db

YEAR = {"date_from": day("2025-01-01"), "date_to": day("2025-12-31")}


def by_name(rows):
    return {row.unit.name: row for row in rows}


def test_the_default_rules_are_the_offices():
    rules = {(rule.event, rule.level): rule.points for rule in ScoringRule.objects.all()}
    assert rules == {
        ("article", ""): 5,
        ("brief", ""): 3,
        ("upward", "city"): 10,
        ("upward", "province"): 15,
        ("upward", "national"): 20,
        ("upward", "central"): 30,
        ("instruction", "city"): 10,
        ("instruction", "province"): 15,
        ("instruction", "national"): 20,
        ("instruction", "central"): 30,
    }
    assert not any(rule.split for rule in ScoringRule.objects.all())


def test_an_article_in_our_bulletin_earns_five_and_a_brief_three(unit_a, unit_b):
    published([unit_a], "2025-03-02")
    published([unit_b], "2025-03-02", section="工作简讯")
    rows = by_name(points_by_unit(**YEAR))
    assert rows["甲市总工会"].points == 5
    assert (rows["甲市总工会"].articles, rows["甲市总工会"].briefs) == (1, 0)
    assert rows["乙区总工会"].points == 3
    assert (rows["乙区总工会"].articles, rows["乙区总工会"].briefs) == (0, 1)
    assert isinstance(rows["甲市总工会"].unit, type(unit_a))


@pytest.mark.parametrize(
    ("level", "points"), [("city", 10), ("province", 15), ("national", 20), ("central", 30)]
)
def test_an_upward_adoption_earns_its_levels_points(unit_a, level, points):
    article = published([unit_a], "2024-12-01")  # published in an earlier year: only the adoption counts
    adopted(article, level, "2025-06-01")
    (row,) = points_by_unit(**YEAR)
    assert row.points == points
    assert row.upward[level] == 1 and row.upward_total == 1
    assert row.articles == 0


@pytest.mark.parametrize(
    ("level", "points"), [("city", 10), ("province", 15), ("national", 20), ("central", 30)]
)
def test_a_leader_instruction_earns_its_levels_points(unit_a, level, points):
    article = published([unit_a], "2024-12-01")
    instructed(article, level, "2025-06-01")
    (row,) = points_by_unit(**YEAR)
    assert row.points == points
    assert row.instructions[level] == 1 and row.instruction_total == 1


def test_the_points_add_up_over_everything_a_unit_earned(unit_a):
    article = published([unit_a], "2025-02-01")
    published([unit_a], "2025-02-03", section="工作简讯")
    adopted(article, "province", "2025-02-10")
    adopted(article, "central", "2025-03-10")
    instructed(article, "city", "2025-02-11")
    (row,) = points_by_unit(**YEAR)
    assert row.points == 5 + 3 + 15 + 30 + 10
    assert row.upward == {"city": 0, "province": 1, "national": 0, "central": 1}


def test_a_piece_of_several_units_gives_each_the_full_points(unit_a, unit_b):
    third = UnitFactory(name="丙县总工会")
    article = published([unit_a, unit_b, third], "2025-05-05")
    adopted(article, "national", "2025-05-20")
    rows = by_name(points_by_unit(**YEAR))
    assert {name: row.points for name, row in rows.items()} == {
        "甲市总工会": 25,
        "乙区总工会": 25,
        "丙县总工会": 25,
    }


def test_a_split_rule_divides_the_points_between_the_units_to_two_places(unit_a, unit_b):
    third = UnitFactory(name="丙县总工会")
    set_rule("article", split=True)
    set_rule("upward", "national", split=True)
    article = published([unit_a, unit_b, third], "2025-05-05")
    adopted(article, "national", "2025-05-20")  # 20 ÷ 3
    published([unit_a, unit_b], "2025-05-06")  # 5 ÷ 2
    published([unit_a], "2025-05-07")  # alone: the full 5
    instructed(article, "city", "2025-05-21")  # instructions are not split: 10 each
    rows = by_name(points_by_unit(**YEAR))
    assert rows["甲市总工会"].points == Decimal("1.67") + Decimal("6.67") + Decimal("2.50") + 5 + 10
    assert rows["乙区总工会"].points == Decimal("1.67") + Decimal("6.67") + Decimal("2.50") + 10
    assert rows["丙县总工会"].points == Decimal("1.67") + Decimal("6.67") + 10
    assert rows["甲市总工会"].articles == 3


def test_a_brief_follows_the_brief_rule_not_the_article_rule(unit_a):
    set_rule("brief", points="4.5")
    set_rule("article", points="0")
    published([unit_a], "2025-05-05", section="工作简讯")
    published([unit_a], "2025-05-06")
    (row,) = points_by_unit(**YEAR)
    assert row.points == Decimal("4.5")
    assert (row.articles, row.briefs) == (1, 1)


def test_the_range_includes_its_first_and_last_office_day(unit_a, unit_b):
    # 00:10 and 23:50 in Beijing are the previous and the same day in UTC: counted on the office day.
    published([unit_a], "2025-03-01", hour=0, minute=10)
    published([unit_a], "2025-03-31", hour=23, minute=50)
    published([unit_b], "2025-02-28", hour=23, minute=50)
    published([unit_b], "2025-04-01", hour=0, minute=10)
    march = {"date_from": day("2025-03-01"), "date_to": day("2025-03-31")}
    article = published([unit_b], "2024-01-01")
    adopted(article, "city", "2025-03-01")
    instructed(article, "city", "2025-03-31")
    adopted(article, "central", "2025-02-28")
    instructed(article, "central", "2025-04-01")
    rows = by_name(points_by_unit(**march))
    assert rows["甲市总工会"].points == 10
    assert rows["乙区总工会"].points == 20


def test_ranks_share_ties_and_skip(unit_a, unit_b):
    third, fourth = UnitFactory(name="丙县总工会", position=3), UnitFactory(name="丁镇总工会", position=4)
    for _ in range(3):
        published([unit_b], "2025-04-04")
    published([unit_a], "2025-04-04")
    published([third], "2025-04-04")
    published([fourth], "2025-04-04", section="工作简讯")
    rows = points_by_unit(**YEAR)
    assert [(row.unit.name, row.points, row.rank) for row in rows] == [
        ("乙区总工会", 15, 1),
        ("甲市总工会", 5, 2),
        ("丙县总工会", 5, 2),
        ("丁镇总工会", 3, 4),
    ]


def test_units_without_points_and_pieces_without_units_are_left_out(unit_a, unit_b):
    article = published([], "2025-04-04")
    adopted(article, "central", "2025-04-05")
    set_rule("brief", points="0")
    published([unit_b], "2025-04-04", section="工作简讯")  # earns 0 points
    assert points_by_unit(**YEAR) == []


def test_pay_is_points_times_the_years_rate(unit_a):
    rate(2025, "20")
    published([unit_a], "2025-04-04")
    published([unit_a], "2025-04-05", section="工作简讯")
    (row,) = points_by_unit(**YEAR)
    assert row.pay == Decimal("160.00")
    assert row.unpaid_years == []


def test_a_range_across_years_pays_each_part_at_its_years_rate(unit_a):
    rate(2024, "10")
    rate(2025, "12.5")
    published([unit_a], "2024-12-31", hour=23, minute=30)
    published([unit_a], "2025-01-01", hour=0, minute=30)
    (row,) = points_by_unit(date_from=day("2024-12-01"), date_to=day("2025-01-31"))
    assert row.points == 10
    assert row.by_year == {2024: 5, 2025: 5}
    assert row.pay == Decimal("112.50")


def test_no_rate_for_a_year_means_no_pay_and_the_year_is_named(unit_a, unit_b):
    rate(2025, "10")
    published([unit_a], "2024-12-30")
    published([unit_a], "2025-01-02")
    published([unit_b], "2025-01-02")
    rows = by_name(points_by_unit(date_from=day("2024-12-01"), date_to=datetime.date(2025, 1, 31)))
    assert rows["甲市总工会"].pay is None
    assert rows["甲市总工会"].unpaid_years == [2024]
    assert rows["乙区总工会"].pay == Decimal("50.00")
    assert unpaid_years(list(rows.values())) == [2024]


def test_the_counting_is_a_fixed_number_of_queries(unit_a, django_assert_max_num_queries):
    units = [UnitFactory(name=f"第{n}测试工会") for n in range(30)]
    for unit in units:
        article = published([unit, unit_a], "2025-04-04")
        adopted(article, "city", "2025-04-05")
        instructed(article, "province", "2025-04-06")
    set_rule("upward", "city", split=True)
    # The union and the units; on PostgreSQL also the reporting transaction's set-up (no JIT) and,
    # inside the test's transaction, its savepoint and release.
    with django_assert_max_num_queries(5):
        rows = points_by_unit(**YEAR)
    assert len(rows) == 31
    assert rows[0].unit == unit_a and rows[0].points == 30 * (5 + 5 + 15)
