"""Signals of the issue workflow, sent after the transaction committed (never inside it).

- ``issue_published(sender=Issue, issue, actor)``: the issue and all its articles are published.
  ``actor`` is None when ``publish_scheduled`` published it. The distribution app delivers here.
- ``issue_recalled(sender=Issue, issue, actor, reason)``: a published issue went back to drafting.

Receivers run in the request or command that made the change; queue slow work with ``django.tasks``.
"""

from django.dispatch import Signal

issue_published = Signal()
issue_recalled = Signal()
