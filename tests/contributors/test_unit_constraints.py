import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from contributors.models import Unit
from tests.factories import UnitFactory


def test_it_rejects_a_duplicate_unit_name_with_a_chinese_message(db):
    UnitFactory(name="张家港市总工会")
    duplicate = Unit(name="张家港市总工会", kind=Unit.Kind.FEDERATION)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert error.value.message_dict["name"] == ["已有同名单位。"]


def test_it_enforces_unique_names_in_the_database(db):
    UnitFactory(name="太仓市总工会")
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(name="太仓市总工会")
    assert Unit.objects.filter(name="太仓市总工会").count() == 1


def test_it_refuses_an_empty_name(db):
    with pytest.raises(ValidationError) as error:
        Unit(name="   ").full_clean()
    assert "name" in error.value.message_dict


def test_it_refuses_a_unit_under_its_own_descendant(db):
    county = UnitFactory(name="太仓市总工会")
    town = UnitFactory(name="太仓城厢镇总工会", parent=county, kind=Unit.Kind.TOWN)
    county.parent = town
    with pytest.raises(ValidationError) as error:
        county.full_clean()
    assert error.value.message_dict["parent"] == ["单位不能隶属于自身或自己的下级单位。"]
    county.refresh_from_db()
    assert county.parent is None


def test_it_lists_ancestors_nearest_first(db):
    county = UnitFactory(name="张家港市总工会")
    town = UnitFactory(name="杨舍镇总工会", parent=county)
    company = UnitFactory(name="某公司工会", parent=town)
    assert company.ancestors() == [town, county]
