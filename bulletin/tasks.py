"""Background work of the issue workflow, through the ``django.tasks`` API."""

from django.tasks import task


@task
def send_issue_notification(transition_id: int) -> int:
    """Mail the people concerned by one logged issue step; returns how many messages went out."""
    from .notifications import notify_issue_transition

    return notify_issue_transition(transition_id)
