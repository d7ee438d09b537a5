"""Signals of the issue workflow. Except ``issue_created``, they are sent after the transaction
committed (never inside it).

- ``issue_created(sender=Issue, issue, actor)``: sent by ``issue_create`` *inside* its transaction,
  so whatever a receiver writes (e.g. the default distribution lines) is saved with the issue or not
  at all.
- ``issue_published(sender=Issue, issue, actor)``: the issue and all its articles are published.
  ``actor`` is None when ``publish_scheduled`` published it. The distribution app delivers here.
- ``issue_recalled(sender=Issue, issue, actor, reason)``: a published issue went back to drafting.

Receivers run in the request or command that made the change; queue slow work with ``django.tasks``.
"""

from django.dispatch import Signal

issue_created = Signal()
issue_published = Signal()
issue_recalled = Signal()
# ``issue_opened(sender=Issue, request, year, number)``: somebody asked for an issue page, before the
# page cache answers (the distribution app records logged-in recipients' reads). Receivers must be
# cheap and must never raise.
issue_opened = Signal()
