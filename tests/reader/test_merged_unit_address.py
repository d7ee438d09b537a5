"""A merged unit's reader address (/units/<old id>/) leads to the unit it was merged into."""

from contributors.services import unit_merge
from tests.factories import UnitFactory


def test_the_old_address_redirects_to_todays_unit(client, editor):
    source, target = UnitFactory(name="沧浪区总工会"), UnitFactory(name="姑苏区总工会")
    old = source.pk
    unit_merge(actor=editor, source=source, target=target)
    response = client.get(f"/units/{old}/")
    assert response.status_code == 301
    assert response["Location"] == f"/units/{target.pk}/"
    assert client.get(response["Location"]).status_code == 200


def test_an_address_that_never_was_is_still_not_found(client, db):
    assert client.get("/units/987654/").status_code == 404
