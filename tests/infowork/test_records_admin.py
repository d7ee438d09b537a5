"""Upward adoptions and instructions in the admin: listed, filtered by level and year, opened with
the feedback, never added, changed or deleted there (that is the desk's, through the services)."""

import datetime

import pytest
from django.urls import reverse

from infowork.models import Instruction, UpwardAdoption
from tests.factories import UserFactory

from .records_helpers import adoption, feedback, instruction, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def test_adoptions_are_filtered_by_level_and_year(admin_client, editor, unit_a):
    article = published(unit_a, day=datetime.date(2025, 3, 1))
    adoption(article, editor, level="city", outlet="市委《每日要情》", day=datetime.date(2025, 4, 1))
    adoption(article, editor, level="central", outlet="国办《昨日要情》", day=datetime.date(2026, 4, 1))
    url = reverse("admin:infowork_upwardadoption_changelist")
    html = admin_client.get(url).content.decode()
    assert "市委《每日要情》" in html and "国办《昨日要情》" in html
    html = admin_client.get(url, {"level": "central"}).content.decode()
    assert "市委《每日要情》" not in html and "国办《昨日要情》" in html
    html = admin_client.get(url, {"year": "2025"}).content.decode()
    assert "市委《每日要情》" in html and "国办《昨日要情》" not in html


def test_an_instruction_opens_read_only_with_its_feedback(admin_client, editor, correspondent_a, unit_a):
    given = instruction(published(unit_a), editor, leader="王建平副市长", text="请总结推广。")
    feedback(given, correspondent_a, text="已在全市推广。")
    html = admin_client.get(reverse("admin:infowork_instruction_change", args=[given.pk])).content.decode()
    assert "王建平副市长" in html and "已在全市推广。" in html
    assert 'name="text"' not in html and 'name="leader"' not in html
    html = admin_client.get(
        reverse("admin:infowork_instruction_changelist"), {"level": "city"}
    ).content.decode()
    assert "王建平副市长" in html


def test_nothing_is_added_changed_or_deleted_in_the_admin(admin_client, editor, unit_a):
    given = instruction(published(unit_a), editor)
    adopted = adoption(published(unit_a), editor)
    assert admin_client.get(reverse("admin:infowork_instruction_add")).status_code == 403
    assert admin_client.get(reverse("admin:infowork_upwardadoption_add")).status_code == 403
    assert (
        admin_client.post(
            reverse("admin:infowork_instruction_delete", args=[given.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    response = admin_client.post(
        reverse("admin:infowork_upwardadoption_change", args=[adopted.pk]),
        {"outlet": "改过的", "level": "city"},
    )
    assert response.status_code == 403
    assert Instruction.objects.filter(pk=given.pk).exists()
    assert UpwardAdoption.objects.get(pk=adopted.pk).outlet == "省总工会《工会信息》"
