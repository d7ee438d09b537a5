"""Background work of distribution, through the ``django.tasks`` API: sending the e-mails of a
published issue in batches, and retrying failed ones."""

import logging

from django.tasks import task

logger = logging.getLogger(__name__)


@task
def send_deliveries(delivery_ids: list[int]) -> int:
    """Send one batch of queued deliveries; returns how many went out. Failures are recorded on the
    deliveries and retried later (see ``retry_deliveries``)."""
    from .mail import send_deliveries as send
    from .models import Delivery, DeliveryStatus

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
    from .services import deliveries_due

    return len(deliveries_due())
