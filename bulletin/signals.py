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

# ``issue_visibility_changing(sender=Issue, issue, removing)``: sent by ``issue_publish`` and
# ``issue_recall`` before they change anything (``removing`` is True for a recall). A receiver that
# finds the change cannot be carried through everywhere it must (the reader's published files are
# not writable) raises ``WorkflowError`` with the reason, which stops the step. Sent with ``send``,
# never ``send_robust``, so that the error reaches the person.
issue_visibility_changing = Signal()
# ``issue_step_warnings(sender=Issue, issue)``: asked by the back office after an issue step; each
# receiver returns a list of translated warnings the office should see (pages that could not be
# rendered, a pages directory running full). Receivers must not raise.
issue_step_warnings = Signal()
