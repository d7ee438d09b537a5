"""A personal reading link follows its person's access, checked each time it is opened: it stops
working once the account is deactivated or the person is no longer in the issue's recipient groups,
with a page that says so and nothing about the issue."""

import pytest
from django.urls import reverse

from distribution.models import Delivery, DeliveryAction, Recipient
from distribution.services import DistributionError, delivery_keep, delivery_revoke
from tests.factories import RecipientFactory, RecipientGroupFactory, UserFactory

from .conftest import delivery_mails, distribute, link_in, path_of

ARTICLE = "内部情况通报"
NOT_ENTITLED = "阅读链接对您已不再有效"


@pytest.fixture
def member(db):
    return UserFactory(username="zhaolei", email="zhaolei@city.example.org", first_name="赵磊")


@pytest.fixture
def delivered(internal_issue, publish, leaders, member):
    """A delivery to an account (membership without an address of its own) and to a plain address."""
    RecipientFactory(group=leaders, user=member, email="", name="赵磊")
    distribute(internal_issue, leaders)
    publish(internal_issue)
    paths = {m.to[0]: path_of(link_in(m)) for m in delivery_mails()}
    return paths


def assert_refused(response, issue):
    assert response.status_code == 403
    content = response.content.decode()
    assert NOT_ENTITLED in content
    assert "请与编辑部联系" in content
    assert ARTICLE not in content
    assert issue.label not in content
    assert response["Cache-Control"].count("no-store") == 1


def test_a_member_still_in_the_group_reads_the_issue(client, delivered):
    assert ARTICLE in client.get(delivered["zhaolei@city.example.org"]).content.decode()
    assert ARTICLE in client.get(delivered["wangjp@city.example.org"]).content.decode()


def test_a_deactivated_account_opens_nothing(client, delivered, member, internal_issue):
    member.is_active = False
    member.save(update_fields=["is_active"])
    response = client.get(delivered["zhaolei@city.example.org"])
    assert_refused(response, internal_issue)
    assert Delivery.objects.get(user=member).read_count == 0


def test_a_person_removed_from_the_group_opens_nothing(client, delivered, member, internal_issue):
    Recipient.objects.filter(user=member).delete()
    assert_refused(client.get(delivered["zhaolei@city.example.org"]), internal_issue)
    Recipient.objects.filter(email="wangjp@city.example.org").delete()
    assert_refused(client.get(delivered["wangjp@city.example.org"]), internal_issue)
    # The others on the list are not affected.
    other = Delivery.objects.get(email="lixy@city.example.org")
    from distribution.tokens import reading_path

    assert client.get(reading_path(other)).status_code == 200


def test_a_membership_made_inactive_opens_nothing(client, delivered, internal_issue):
    Recipient.objects.filter(email="wangjp@city.example.org").update(active=False)
    assert_refused(client.get(delivered["wangjp@city.example.org"]), internal_issue)


def test_being_in_another_group_of_the_issue_is_enough(client, delivered, member, internal_issue):
    copies = RecipientGroupFactory(name="市总各部门", kind="copy")
    RecipientFactory(group=copies, user=member, email="")
    distribute(internal_issue, copies, kind="copy")
    Recipient.objects.filter(user=member, group__name="市四套班子有关领导").delete()
    assert client.get(delivered["zhaolei@city.example.org"]).status_code == 200


def test_being_in_a_group_not_on_the_issue_is_not_enough(client, delivered, member, internal_issue):
    RecipientFactory(group=RecipientGroupFactory(name="其他名单"), user=member, email="")
    Recipient.objects.filter(user=member, group__name="市四套班子有关领导").delete()
    assert_refused(client.get(delivered["zhaolei@city.example.org"]), internal_issue)


def test_a_deleted_account_leaves_a_dead_link(client, delivered, member, internal_issue):
    member.delete()  # the delivery stays, with the address, for the receipts
    assert_refused(client.get(delivered["zhaolei@city.example.org"]), internal_issue)


def test_coming_back_into_the_group_makes_the_link_work_again(client, delivered, member, leaders):
    Recipient.objects.filter(user=member).delete()
    assert client.get(delivered["zhaolei@city.example.org"]).status_code == 403
    RecipientFactory(group=leaders, user=member, email="")
    assert client.get(delivered["zhaolei@city.example.org"]).status_code == 200


def test_opening_a_link_costs_a_fixed_number_of_queries(client, delivered, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert client.get(delivered["wangjp@city.example.org"]).status_code == 200


def test_a_link_the_office_kept_still_opens_for_a_former_recipient(
    client, delivered, member, editor, internal_issue
):
    delivery = Delivery.objects.get(user=member)
    assert delivery_keep(deliveries=[delivery], actor=editor) == 1
    member.is_active = False
    member.save(update_fields=["is_active"])
    Recipient.objects.filter(user=member).delete()
    assert ARTICLE in client.get(delivered["zhaolei@city.example.org"]).content.decode()
    event = delivery.events.get(action=DeliveryAction.KEPT)
    assert event.actor == editor
    # Withdrawing the link still ends it.
    delivery_revoke(deliveries=[delivery], actor=editor)
    assert client.get(delivered["zhaolei@city.example.org"]).status_code == 410


def test_only_the_editorial_office_keeps_links(delivered, member, reader):
    with pytest.raises(DistributionError):
        delivery_keep(deliveries=[Delivery.objects.get(user=member)], actor=reader)
    assert Delivery.objects.get(user=member).link_kept_at is None


def test_the_admin_keeps_links_after_a_confirmation(client, delivered, member, editor):
    client.force_login(editor)
    delivery = Delivery.objects.get(user=member)
    url = reverse("admin:distribution_delivery_changelist")
    data = {"action": "keep_links", "_selected_action": [delivery.pk]}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "保留阅读链接" in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.link_kept_at is None
    client.post(url, {**data, "confirmed": "yes"})
    delivery.refresh_from_db()
    assert delivery.link_kept_at is not None
