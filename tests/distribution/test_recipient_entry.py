"""An invalid e-mail address is refused when it is typed in, in Chinese, and nothing is saved."""

import pytest
from django.urls import reverse

from distribution.models import Recipient
from tests.factories import RecipientGroupFactory, UserFactory


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_it_refuses_an_invalid_address_on_the_member_page(editor_client):
    group = RecipientGroupFactory(name="市各有关部门")
    response = editor_client.post(
        reverse("admin:distribution_recipient_add"),
        {"group": group.pk, "name": "市人社局办公室", "title": "", "email": "office@hrss", "active": "on"},
    )
    assert response.status_code == 200
    assert (
        "“office@hrss”不是有效的电子邮箱地址，请检查是否有错字（例如 name@example.org）。"
        in response.content.decode()
    )
    assert not Recipient.objects.exists()


def test_it_refuses_an_invalid_address_in_the_group_page(editor_client):
    group = RecipientGroupFactory(name="市各有关部门")
    data = {
        "name": group.name,
        "kind": group.kind,
        "position": 0,
        "active": "on",
        "members-TOTAL_FORMS": "2",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
        "members-0-name": "市人社局办公室",
        "members-0-email": "office@hrss.example.org",
        "members-0-active": "on",
        "members-1-name": "市总组织部",
        "members-1-email": "zzb city-union.example.org",
        "members-1-active": "on",
    }
    response = editor_client.post(reverse("admin:distribution_recipientgroup_change", args=[group.pk]), data)
    assert response.status_code == 200
    assert "“zzb city-union.example.org”不是有效的电子邮箱地址" in response.content.decode()
    assert not Recipient.objects.exists()


def test_it_stores_addresses_trimmed_and_in_lower_case(editor_client):
    group = RecipientGroupFactory(name="市各有关部门")
    response = editor_client.post(
        reverse("admin:distribution_recipient_add"),
        {"group": group.pk, "name": "办公室", "email": "  Office@HRSS.Example.org ", "active": "on"},
    )
    assert response.status_code == 302
    assert Recipient.objects.get().email == "office@hrss.example.org"


def test_a_member_needs_an_account_or_an_address(editor_client):
    group = RecipientGroupFactory(name="市各有关部门")
    response = editor_client.post(
        reverse("admin:distribution_recipient_add"), {"group": group.pk, "name": "无地址", "active": "on"}
    )
    assert response.status_code == 200
    assert "接收人必须有用户账号或电子邮箱。" in response.content.decode()
    assert not Recipient.objects.exists()


def test_a_member_may_be_a_reader_account_without_an_address_of_its_own(editor_client):
    group = RecipientGroupFactory(name="市有关领导")
    user = UserFactory(username="leader", role="reader")
    response = editor_client.post(
        reverse("admin:distribution_recipient_add"), {"group": group.pk, "user": user.pk, "active": "on"}
    )
    assert response.status_code == 302
    assert Recipient.objects.get().user == user
