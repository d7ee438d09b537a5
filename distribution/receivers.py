"""Where distribution hooks into the issue workflow (connected in ``DistributionConfig.ready``).

``bulletin.signals.issue_published`` is sent after the publish committed; the deliveries are created
here and their e-mails queued through the task API, so a slow or broken mail server never holds up
or undoes a publish."""

import logging

from .receipts import record_member_read
from .services import issue_deliver, issue_lines_apply_defaults

logger = logging.getLogger(__name__)


def deliver_published_issue(sender, issue, actor=None, **kwargs):
    try:
        issue_deliver(issue=issue, actor=actor)
    except Exception:  # the issue is published either way; the office re-sends from the admin
        logger.exception("Could not queue the deliveries of issue %s", issue.pk)


def apply_default_lines(sender, issue, actor=None, **kwargs):
    """A new issue starts with its publication's default 报送/印发/抄送 groups (inside the creating
    transaction: the issue and its lines appear together or not at all)."""
    issue_lines_apply_defaults(issue=issue, actor=actor)


def record_issue_opened(sender, request, year, number, **kwargs):
    """A logged-in recipient opened the issue page: their read receipt."""
    record_member_read(request, year=year, number=number)
