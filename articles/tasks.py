"""Background work of the article workflow, through the ``django.tasks`` API."""

from django.tasks import task


@task
def send_article_notification(transition_id: int) -> int:
    """Mail the people concerned by one logged step; returns how many messages went out."""
    from .notifications import notify_article_transition

    return notify_article_transition(transition_id)
