"""Background work of static publishing, through the ``django.tasks`` API."""

import datetime
import logging

from django.tasks import task
from django.utils import timezone

logger = logging.getLogger("reader.publishing")

RETRY_AFTER = datetime.timedelta(minutes=1)
MAX_DEFERRED_RETRIES = 10


@task
def publish_static_pages(names: list[str]) -> dict:
    """Render and write (or remove) the public pages behind the version names ``names``; an empty list
    retries only the pages that failed before. Returns the counts written, removed, unchanged and
    failed. When pages failed and the backend can run a task later, it queues itself to retry."""
    from . import enabled, sync_names

    if not enabled():
        return {"written": 0, "removed": 0, "unchanged": 0, "failed": 0}
    outcome = sync_names(names)
    if outcome.failed:
        _retry_later()
    return outcome.as_dict()


def _retry_later() -> None:
    from . import load_failures

    attempts = max((entry.get("attempts", 0) for entry in load_failures().values()), default=0)
    backend = publish_static_pages.get_backend()
    if not getattr(backend, "supports_defer", False) or attempts > MAX_DEFERRED_RETRIES:
        return  # the next run of any change, check_static_pages --fix or rebuild_static_pages retries
    try:
        publish_static_pages.using(run_after=timezone.now() + RETRY_AFTER).enqueue(names=[])
    except Exception:
        logger.exception("Static pages: could not queue a retry")
