"""Failed sends are recorded with their error and attempts, retried later, and never undo a publish."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from bulletin.models import Issue
from distribution.models import Delivery, DeliveryAction, DeliveryStatus
from distribution.tasks import deliveries_due
from tests.factories import RecipientFactory

from .conftest import delivery_mails, distribute

BOUNCING = {"default": {"BACKEND": "tests.distribution.mailers.BouncingBackend"}}
DOWN = {"default": {"BACKEND": "tests.distribution.mailers.DownBackend"}}
WORKING = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture
def bounced(signed_issue, publish, leaders, settings):
    RecipientFactory(group=leaders, name="退信人", email="bounce@city.example.org")
    distribute(signed_issue, leaders)
    settings.MAILERS = BOUNCING
    publish(signed_issue)
    return Delivery.objects.get(email="bounce@city.example.org")


def test_one_refused_address_fails_alone_and_the_issue_stays_published(bounced, signed_issue):
    assert signed_issue.status == Issue.Status.PUBLISHED
    assert sorted(m.to[0] for m in delivery_mails()) == ["lixy@city.example.org", "wangjp@city.example.org"]
    assert bounced.status == DeliveryStatus.FAILED
    assert bounced.attempts == 1
    assert "SMTPRecipientsRefused" in bounced.error and "mailbox unavailable" in bounced.error
    assert bounced.next_attempt_at > timezone.now()
    assert list(bounced.events.values_list("action", flat=True)) == [
        DeliveryAction.FAILED,
        DeliveryAction.QUEUED,
    ]


def test_a_failed_delivery_is_retried_when_its_time_comes(
    bounced, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert deliveries_due() == []
    later = bounced.next_attempt_at + datetime.timedelta(seconds=1)
    settings.MAILERS = WORKING
    with django_capture_on_commit_callbacks(execute=True):
        assert deliveries_due(now=later) == [bounced.pk]
    bounced.refresh_from_db()
    assert bounced.status == DeliveryStatus.SENT
    assert bounced.attempts == 2
    assert bounced.error == ""
    assert [m.to for m in delivery_mails()][-1] == ["bounce@city.example.org"]


def test_retries_stop_after_the_last_attempt(bounced, settings, django_capture_on_commit_callbacks):
    settings.DELIVERY_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        deliveries_due(now=bounced.next_attempt_at + datetime.timedelta(seconds=1))
    bounced.refresh_from_db()
    assert bounced.status == DeliveryStatus.FAILED
    assert bounced.attempts == 2
    assert bounced.next_attempt_at is None
    with django_capture_on_commit_callbacks(execute=True):
        assert deliveries_due(now=timezone.now() + datetime.timedelta(days=30)) == []


def test_the_retry_command_queues_what_is_due(bounced, settings, django_capture_on_commit_callbacks):
    Delivery.objects.filter(pk=bounced.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    settings.MAILERS = WORKING
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("retry_deliveries", stdout=out)
    assert "1" in out.getvalue()
    bounced.refresh_from_db()
    assert bounced.status == DeliveryStatus.SENT


def test_a_mail_server_that_is_down_fails_the_batch_but_not_the_publish(
    signed_issue, publish, leaders, settings
):
    distribute(signed_issue, leaders)
    settings.MAILERS = DOWN
    publish(signed_issue)
    assert signed_issue.status == Issue.Status.PUBLISHED
    rows = Delivery.objects.filter(issue=signed_issue)
    assert {row.status for row in rows} == {DeliveryStatus.FAILED}
    assert all("Connection refused" in row.error for row in rows)


def test_a_send_cut_off_midway_is_picked_up_again(
    signed_issue, publish, leaders, settings, django_capture_on_commit_callbacks
):
    distribute(signed_issue, leaders)
    settings.MAILERS = DOWN
    publish(signed_issue)
    stuck = Delivery.objects.filter(issue=signed_issue).first()
    Delivery.objects.filter(pk=stuck.pk).update(
        status=DeliveryStatus.SENDING,
        last_attempt_at=timezone.now() - datetime.timedelta(hours=1),
        next_attempt_at=None,
    )
    settings.MAILERS = WORKING
    with django_capture_on_commit_callbacks(execute=True):
        assert stuck.pk in deliveries_due()
    stuck.refresh_from_db()
    assert stuck.status == DeliveryStatus.SENT
