"""Background work of distribution, through the ``django.tasks`` API: sending the e-mails of a
published issue in batches, and retrying failed ones."""

import datetime
import logging
from functools import partial

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from bulletin.models import Issue

from .models import Delivery, DeliveryStatus
from .sending import batch_size, max_attempts

logger = logging.getLogger(__name__)


@task
def send_deliveries(delivery_ids: list[int]) -> int:
    """Send one batch of queued deliveries; returns how many went out. Failures are recorded on the
    deliveries and retried later (see ``retry_deliveries``)."""
    from .mail import send_deliveries as send

    count = send(delivery_ids)
    if retry_deliveries.get_backend().supports_defer:
        due = (
            Delivery.objects.filter(
                pk__in=delivery_ids, status=DeliveryStatus.FAILED, next_attempt_at__isnull=False
            )
            .order_by("next_attempt_at")
            .values_list("next_attempt_at", flat=True)
            .first()
        )
        if due is not None:
            retry_deliveries.using(run_after=due).enqueue()
    return count


@task
def retry_deliveries() -> int:
    """Queue again every failed delivery whose next attempt has come; returns how many."""
    return len(deliveries_due())


def enqueue_after_commit(delivery_ids: list[int]) -> None:
    """Queue the sending in batches once the transaction has committed."""
    size = batch_size()
    for start in range(0, len(delivery_ids), size):
        transaction.on_commit(partial(send_deliveries.enqueue, delivery_ids[start : start + size]))


def deliveries_due(*, now: datetime.datetime | None = None) -> list[int]:
    """Queue again the failed deliveries whose next attempt has come, and sends that were cut off
    (``sending`` for over 15 minutes: the worker died). Returns the ids queued; for
    ``manage.py retry_deliveries`` (run it from cron with the immediate task backend)."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .due_for_retry(
                now, max_attempts=max_attempts(), stale_before=now - datetime.timedelta(minutes=15)
            )
            .filter(issue__status=Issue.Status.PUBLISHED)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        Delivery.objects.filter(pk__in=ids).update(status=DeliveryStatus.QUEUED, next_attempt_at=None)
        enqueue_after_commit(ids)
    return ids
