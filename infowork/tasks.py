"""Background work of information work, through the ``django.tasks`` API."""

from django.tasks import task


@task
def send_commission_mail(kind: str, commission_id: int, user_ids: list[int]) -> int:
    """Mail a commission (``kind`` "created"), a reminder of it ("reminder") or its end ("closed",
    "cancelled") to the given people; returns how many messages went out."""
    from .notifications import notify_commission

    return notify_commission(kind, commission_id, user_ids)


@task
def mark_overdue_commissions() -> int:
    """The daily run: open commissions past their deadline become overdue; returns how many."""
    from .services import commissions_mark_overdue

    return len(commissions_mark_overdue())
