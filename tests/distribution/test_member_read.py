"""A logged-in reader opening /issues/<year>/<number>/ counts as a read of their delivery, also when
the page comes from the page cache; anonymous visitors and people without a delivery record nothing."""

import pytest
from django.urls import reverse

from distribution.models import Delivery
from tests.factories import RecipientFactory

from .conftest import distribute


@pytest.fixture
def issue_page(internal_issue, publish, leaders, reader):
    RecipientFactory(group=leaders, user=reader, email="", name="林晓岚")
    distribute(internal_issue, leaders)
    publish(internal_issue)
    return reverse("issue_detail", kwargs={"year": internal_issue.year, "number": internal_issue.number})


def test_a_logged_in_recipient_opening_the_issue_is_a_read(client, issue_page, reader):
    client.force_login(reader)
    assert client.get(issue_page).status_code == 200
    assert client.get(issue_page).status_code == 200  # the second one from the page cache
    delivery = Delivery.objects.get(user=reader)
    assert delivery.first_read_at is not None
    assert delivery.read_count == 2


def test_a_recipient_known_by_address_only_is_matched_by_their_account_address(
    client, issue_page, django_user_model
):
    wang = django_user_model.objects.create_user("wangjp", email="WangJP@city.example.org")
    client.force_login(wang)
    client.get(issue_page)
    assert Delivery.objects.get(email="wangjp@city.example.org").read_count == 1


def test_anonymous_visitors_and_non_recipients_record_nothing(client, issue_page, editor):
    client.get(issue_page)
    client.force_login(editor)
    client.get(issue_page)
    assert sum(Delivery.objects.values_list("read_count", flat=True)) == 0


def test_a_link_preview_of_the_issue_page_is_not_a_read(client, issue_page, reader):
    client.force_login(reader)
    client.get(issue_page, HTTP_SEC_PURPOSE="prefetch;prerender")
    assert Delivery.objects.get(user=reader).read_count == 0
