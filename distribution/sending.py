"""Sending a published issue's e-mails, the part that runs in the task queue: claiming queued
deliveries, recording what happened, and queueing again those whose next attempt has come.

``distribution.services`` creates the deliveries and queues them through ``distribution.tasks``,
whose tasks send them with ``distribution.mail``; both of those use what is here, and nothing here
imports them, so the chain points one way: services → tasks → mail → sending.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from bulletin.models import Issue

from .models import Delivery, DeliveryAction, DeliveryEvent, DeliveryStatus


def batch_size() -> int:
    return max(1, getattr(settings, "DELIVERY_BATCH_SIZE", 50))


def max_attempts() -> int:
    return max(1, getattr(settings, "DELIVERY_MAX_ATTEMPTS", 5))


def retry_delay(attempts: int) -> datetime.timedelta:
    """Wait before the next attempt: 2, 8, 32, 128 minutes…, at most a day."""
    return min(datetime.timedelta(minutes=2 * 4 ** max(attempts - 1, 0)), datetime.timedelta(days=1))


def deliveries_claim(delivery_ids: list[int]) -> list[Delivery]:
    """Take the queued deliveries among ``delivery_ids`` for sending: marked
    ``sending`` in one short transaction, so two workers never send the same one. Deliveries of an
    issue that is no longer published stay queued for when it is published again."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=delivery_ids, status=DeliveryStatus.QUEUED)
            .filter(issue__status=Issue.Status.PUBLISHED)
            .exclude(email="")
            .select_related("user")
            .order_by("pk")
        )
        Delivery.objects.filter(pk__in=[d.pk for d in rows]).update(
            status=DeliveryStatus.SENDING,
            attempts=F("attempts") + 1,
            last_attempt_at=now,
            next_attempt_at=None,
        )
        for delivery in rows:
            delivery.status = DeliveryStatus.SENDING
            delivery.attempts += 1
            delivery.last_attempt_at = now
            delivery.next_attempt_at = None
    return rows


def deliveries_record(sent: list[Delivery], failed: list[tuple[Delivery, str]]) -> None:
    """Store the outcome of one sending round, with a log row per attempt."""
    now = timezone.now()
    limit = max_attempts()
    with transaction.atomic():
        for delivery in sent:
            delivery.status, delivery.sent_at, delivery.error = DeliveryStatus.SENT, now, ""
        for delivery, error in failed:
            delivery.status, delivery.error = DeliveryStatus.FAILED, error[:2000]
            delivery.next_attempt_at = (
                now + retry_delay(delivery.attempts) if delivery.attempts < limit else None
            )
        Delivery.objects.filter(pk__in=[d.pk for d in sent]).update(
            status=DeliveryStatus.SENT, sent_at=now, error="", next_attempt_at=None
        )
        for delivery, _error in failed:  # few, each with its own error
            Delivery.objects.filter(pk=delivery.pk).update(
                status=delivery.status, error=delivery.error, next_attempt_at=delivery.next_attempt_at
            )
        DeliveryEvent.objects.bulk_create(
            [DeliveryEvent(delivery=d, action=DeliveryAction.SENT, created=now) for d in sent]
            + [
                DeliveryEvent(delivery=d, action=DeliveryAction.FAILED, note=e[:2000], created=now)
                for d, e in failed
            ]
        )
