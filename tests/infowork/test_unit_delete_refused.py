"""Deleting a unit with points (or commissions) is refused in the admin, with the reasons, through the
delete page (GET shows the refusal, POST deletes nothing) and the bulk delete action; a unit without
any is deleted as before."""

import datetime

import pytest
from django.urls import reverse

from contributors.models import Unit
from contributors.signals import delete_blockers
from infowork.models import Commission, CommissionUnit
from tests.factories import UnitFactory, UserFactory
from tests.infowork.points_helpers import adopted, instructed, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def scored(unit_a):
    article = published([unit_a], "2025-03-03")
    adopted(article, "province", "2025-03-10")
    instructed(article, "city", "2025-03-11")
    return unit_a


def delete_url(unit):
    return reverse("admin:contributors_unit_delete", args=[unit.pk])


REASONS = [
    "本刊已刊用其稿件1篇，已计积分。",
    "有上级采用记录1条，已计积分。",
    "有领导批示记录1条，已计积分。",
]


def test_the_hook_gives_the_reasons_per_unit(scored, unit_b):
    commission = Commission.objects.create(
        title="约稿", brief="请报送", deadline=datetime.date(2026, 12, 31), created_by=UserFactory()
    )
    CommissionUnit.objects.create(commission=commission, unit=unit_b)
    reasons = delete_blockers([scored, unit_b, UnitFactory(name="空白工会")])
    assert reasons == {scored.pk: REASONS, unit_b.pk: ["有1项约稿涉及该单位。"]}


def test_the_delete_page_shows_why_and_deletes_nothing(admin_client, scored):
    response = admin_client.get(delete_url(scored))
    assert response.status_code == 200
    page = response.content.decode()
    assert "以下单位不能删除：下列记录仍依赖这些单位。" in page
    for reason in REASONS:
        assert reason in page
    assert "取消勾选“启用”" in page
    assert 'name="post"' not in page  # no confirm button
    response = admin_client.post(delete_url(scored), {"post": "yes"})
    assert response.status_code == 200
    assert "以下单位不能删除" in response.content.decode()
    assert Unit.objects.filter(pk=scored.pk).exists()


def test_the_bulk_delete_action_refuses_too(admin_client, scored, unit_b):
    changelist = reverse("admin:contributors_unit_changelist")
    data = {"action": "delete_selected", "_selected_action": [scored.pk, unit_b.pk]}
    page = admin_client.post(changelist, data).content.decode()
    assert "以下单位不能删除" in page and REASONS[1] in page
    admin_client.post(changelist, {**data, "post": "yes"})
    assert Unit.objects.filter(pk__in=[scored.pk, unit_b.pk]).count() == 2


def test_a_unit_without_points_is_deleted_as_before(admin_client, unit_b):
    page = admin_client.get(delete_url(unit_b)).content.decode()
    assert "以下单位不能删除" not in page and 'name="post"' in page
    assert admin_client.post(delete_url(unit_b), {"post": "yes"}).status_code == 302
    assert not Unit.objects.filter(pk=unit_b.pk).exists()
