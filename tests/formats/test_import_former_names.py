"""An archive import links a unit's former name (曾用名) to today's unit, keeps the byline as printed,
and marks the units it has to create for an editor to check."""

import pytest

from articles.models import Article
from contributors.models import Unit, UnitFormerName
from tests.factories import UnitFactory
from tests.formats.bulletins import run_import, sample_path


@pytest.fixture
def renamed(db):
    wujiang = UnitFactory(name="吴江区总工会")
    gusu = UnitFactory(name="姑苏区总工会")
    UnitFormerName.objects.create(unit=wujiang, name="吴江市总工会", until_year=2012)
    UnitFormerName.objects.create(unit=gusu, name="平江区总工会", until_year=2012)
    return wujiang, gusu


def imported():
    return run_import(sample_path(), "--number", "2", "--date", "2012-02-28")


def test_a_former_name_leads_to_todays_unit_and_the_byline_stays_as_printed(renamed):
    wujiang, gusu = renamed
    _out, err = imported()
    article = Article.objects.get(byline="吴江市总工会")
    assert list(article.units.all()) == [wujiang]
    assert article.attribution == "（吴江市总工会）"
    article = Article.objects.get(byline="平江区总工会")
    assert list(article.units.all()) == [gusu]
    assert not Unit.objects.filter(name__in=["吴江市总工会", "平江区总工会"]).exists()
    assert "“吴江市总工会”是吴江区总工会的曾用名，其稿件计入吴江区总工会。" in err
    assert "“平江区总工会”是姑苏区总工会的曾用名，其稿件计入姑苏区总工会。" in err


def test_units_the_import_creates_are_marked_for_review(renamed):
    known = UnitFactory(name="张家港市总工会")
    imported()
    created = Unit.objects.filter(needs_review=True)
    assert created.exists()
    assert "太仓市总工会" in set(created.values_list("name", flat=True))
    assert not Unit.objects.filter(
        pk__in=[known.pk, *(unit.pk for unit in renamed)], needs_review=True
    ).exists()


def test_without_former_names_the_old_names_become_new_units_to_check(db):
    UnitFactory(name="吴江区总工会")
    imported()
    unit = Unit.objects.get(name="吴江市总工会")
    assert unit.needs_review is True
