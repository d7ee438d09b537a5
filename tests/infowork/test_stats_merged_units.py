"""The statistics count former names under today's unit: after a merge, and after importing bulletins
that print an old name, the table and the 零报送 list have one line for the unit, with the old
name's articles in it."""

import datetime

import pytest

from articles.models import Article
from contributors.models import UnitFormerName
from contributors.services import unit_merge
from infowork.stats import DateRange, unit_statistics
from tests.factories import UnitFactory
from tests.formats.bulletins import run_import, sample_path
from tests.workflow_helpers import article_in

S = Article.Status


def lines_named(stats, *names):
    return [line for line in stats.lines if line.unit.name in names]


@pytest.fixture
def units(db):
    return (
        UnitFactory(name="平江区总工会"),
        UnitFactory(name="姑苏区总工会"),
        UnitFactory(name="沧浪区总工会"),
    )


def test_after_a_merge_one_line_counts_the_old_units_articles(editor, units):
    pingjiang, gusu, canglang = units
    for _ in range(2):
        article_in(S.PUBLISHED, pingjiang)
    today = datetime.date.today()
    year = DateRange(datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31))
    before = unit_statistics(date_range=year)
    assert {
        line.unit.name: line.published for line in lines_named(before, "平江区总工会", "姑苏区总工会")
    } == {
        "平江区总工会": 2,
        "姑苏区总工会": 0,
    }
    assert "姑苏区总工会" in [unit.name for unit in before.silent]

    unit_merge(actor=editor, source=pingjiang, target=gusu)

    for rollup in (False, True):
        stats = unit_statistics(date_range=year, rollup=rollup)
        (line,) = lines_named(stats, "平江区总工会", "姑苏区总工会")
        assert line.unit == gusu
        assert (line.published, line.submitted, line.accepted) == (2, 2, 2)
        # The 零报送 list: the merged unit sent in (its old name's articles), the other did not.
        assert [unit.name for unit in stats.silent] == ["沧浪区总工会"]


def test_imported_old_names_count_under_todays_unit(db):
    wujiang = UnitFactory(name="吴江区总工会")
    gusu = UnitFactory(name="姑苏区总工会")
    UnitFormerName.objects.create(unit=wujiang, name="吴江市总工会")
    UnitFormerName.objects.create(unit=gusu, name="平江区总工会")
    run_import(sample_path(), "--number", "2", "--date", "2012-02-28")
    stats = unit_statistics(date_range=DateRange(datetime.date(2012, 2, 1), datetime.date(2012, 2, 29)))
    names = [line.unit.name for line in stats.lines]
    assert "吴江市总工会" not in names and "平江区总工会" not in names
    assert [(line.published, line.submitted) for line in lines_named(stats, "吴江区总工会")] == [(1, 1)]
    assert [(line.published, line.submitted) for line in lines_named(stats, "姑苏区总工会")] == [(1, 1)]
    silent = [unit.name for unit in stats.silent]
    assert "吴江区总工会" not in silent and "姑苏区总工会" not in silent
