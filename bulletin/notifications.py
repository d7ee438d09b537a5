"""E-mails of the issue workflow. Article mails on publish and recall come from articles.notifications
(one per article, to its author and its units' correspondents)."""

from django.urls import reverse

from articles.notifications import absolute_url, display_name, send_to_each, users_with_role
from contributors.roles import Role

from .models import IssueAction, IssueTransition

TEMPLATES = {IssueAction.SEND_FOR_SIGNOFF: "issue_pending_signoff"}


def notify_issue_transition(transition_id: int) -> int:
    row = IssueTransition.objects.select_related("issue", "actor").filter(pk=transition_id).first()
    if row is None or row.action not in TEMPLATES:
        return 0
    recipients = users_with_role(Role.SIGNER)
    if row.actor_id:
        recipients = recipients.exclude(pk=row.actor_id)
    context = {
        "issue": row.issue,
        "transition": row,
        "actor_name": display_name(row.actor),
        "article_count": row.issue.articles.count(),
        "link": absolute_url(reverse("admin:bulletin_issue_compose", args=[row.issue.pk])),
    }
    return send_to_each(TEMPLATES[row.action], list(recipients.order_by("pk")), context)
