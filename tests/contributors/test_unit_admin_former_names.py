"""The unit's admin page edits its former names inline, with the same rules as the desk."""

import pytest
from django.urls import reverse

from contributors.models import UnitFormerName
from tests.factories import UnitFactory, UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def change(admin_client, unit, former_name, *, until_year=""):
    return admin_client.post(
        reverse("admin:contributors_unit_change", args=[unit.pk]),
        {
            "name": unit.name,
            "kind": unit.kind,
            "position": 0,
            "active": "on",
            "former_names-TOTAL_FORMS": 1,
            "former_names-INITIAL_FORMS": 0,
            "former_names-0-name": former_name,
            "former_names-0-until_year": until_year,
            "former_names-0-note": "",
            "staff-TOTAL_FORMS": 0,
            "staff-INITIAL_FORMS": 0,
        },
    )


def test_a_former_name_is_added_inline(admin_client):
    unit = UnitFactory(name="吴江区总工会")
    assert change(admin_client, unit, "吴江市总工会", until_year="2012").status_code == 302
    assert list(unit.former_names.values_list("name", "until_year")) == [("吴江市总工会", 2012)]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "姑苏区总工会",
            "“姑苏区总工会”是另一个单位的现用名称。如果是同一个单位，请把那个单位合并到本单位。",
        ),
        ("平江区总工会", "“平江区总工会”已是姑苏区总工会的曾用名。"),
        ("吴江区总工会", "“吴江区总工会”是本单位的现用名称，不是曾用名。"),
    ],
)
def test_bad_former_names_are_form_errors(admin_client, name, message):
    unit = UnitFactory(name="吴江区总工会")
    gusu = UnitFactory(name="姑苏区总工会")
    UnitFormerName.objects.create(unit=gusu, name="平江区总工会")
    response = change(admin_client, unit, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not unit.former_names.exists()


def test_the_history_of_unit_changes_is_read_only_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:contributors_unitevent_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:contributors_unitevent_add")).status_code == 403
