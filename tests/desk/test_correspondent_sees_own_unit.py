"""A unit's correspondent, walking every information-work page open to them, meets only their own
unit's commissions, adoptions, instructions and points rows, and nobody's phone number; the other
unit's records answer 404."""

import pytest
from django.urls import reverse

from infowork.models import Correspondent
from infowork.services import instruction_record, upward_adoption_record
from tests.infowork.commission_helpers import commission_for
from tests.infowork.points_helpers import published
from tests.infowork.records_helpers import days_ago

pytestmark = pytest.mark.django_db
PHONES = ("13900000001", "13900000002")


@pytest.fixture
def records(cast, unit_a, unit_b):
    Correspondent.objects.create(staff=cast.correspondent_a.staff, phone=PHONES[0])
    Correspondent.objects.create(staff=cast.correspondent_b.staff, phone=PHONES[1])
    made = {}
    for key, unit, name in (("a", unit_a, "甲"), ("b", unit_b, "乙")):
        article = published([unit], days_ago(20).isoformat())
        article.title = f"{name}单位稿件"
        article.save(update_fields=["title"])
        made[key] = {
            "commission": commission_for(cast.editor, [unit], title=f"{name}单位约稿"),
            "adoption": upward_adoption_record(
                actor=cast.editor, article=article, level="city", outlet=f"{name}刊物", date=days_ago(2)
            ),
            "instruction": instruction_record(
                actor=cast.editor,
                article=article,
                leader=f"{name}领导",
                level="city",
                date=days_ago(2),
                text="好",
            ),
        }
    return made


def test_only_the_own_units_rows_and_no_phone_number(client, cast, records):
    client.force_login(cast.correspondent_a)
    year = days_ago(20).year
    pages = [
        reverse("desk:my_articles"),
        reverse("desk:commission_list"),
        reverse("desk:commission_detail", args=[records["a"]["commission"].pk]),
        reverse("desk:unit_instructions"),
        reverse("desk:instruction_feedback", args=[records["a"]["instruction"].pk]),
        f"/stats/?from={year}-01-01&to={year}-12-31",
        f"/stats/notice/?from={year}-01-01&to={year}-12-31",
        f"/stats/points.csv?from={year}-01-01&to={year}-12-31",
    ]
    seen = ""
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        text = response.content.decode("utf-8-sig")
        assert not any(phone in text for phone in PHONES), page
        assert "乙单位" not in text and "乙领导" not in text and "乙刊物" not in text, page
        seen += text
    assert "甲单位约稿" in seen and "甲领导" in seen and "甲刊物" in seen and "甲市总工会" in seen


def test_the_other_units_records_are_404(client, cast, records):
    client.force_login(cast.correspondent_a)
    assert (
        client.get(reverse("desk:commission_detail", args=[records["b"]["commission"].pk])).status_code == 404
    )
    feedback = reverse("desk:instruction_feedback", args=[records["b"]["instruction"].pk])
    assert client.get(feedback).status_code == 404
    assert client.post(feedback, {"text": "做了", "done_on": days_ago(0).isoformat()}).status_code == 404
    assert not records["b"]["instruction"].feedback.exists()
