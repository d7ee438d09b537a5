"""The article workflow. Every change of an article's status, placement or text goes through here.

Each function takes ``actor=`` and checks it itself, so the admin, views and commands share one path:
guard (scope → role → state → input), then inside ``transaction.atomic()`` lock the row with
``select_for_update``, change it, ``save(update_fields=…)``, write the log row, and queue the
notification with ``transaction.on_commit``.

Out of the actor's unit scope is :class:`~django.http.Http404` (ids do not leak); anything else that
may not happen is a :class:`WorkflowError` whose message a person can read.
"""

from .errors import EditConflict, WorkflowError
from .rules import (
    BUTTON_ACTIONS,
    NOTIFIED_ACTIONS,
    OFFICE,
    TEXT_FIELDS,
    TRANSITIONS,
    WRITERS,
    Transition,
    article_unit_ids,
    available_transitions,
    can_edit,
    edit_problem,
    state_problem,
)
from .text import (
    article_comment,
    article_create,
    article_restore_revision,
    article_update,
    edit_conflict,
    snapshot,
)
from .transitions import (
    ACTION_SERVICES,
    article_accept,
    article_place,
    article_publish,
    article_reject,
    article_remove,
    article_reopen,
    article_return,
    article_submit,
    article_unpublish,
    article_withdraw,
    latest_return_note,
)

__all__ = [
    "ACTION_SERVICES",
    "BUTTON_ACTIONS",
    "NOTIFIED_ACTIONS",
    "OFFICE",
    "TEXT_FIELDS",
    "TRANSITIONS",
    "WRITERS",
    "EditConflict",
    "Transition",
    "WorkflowError",
    "article_accept",
    "article_comment",
    "article_create",
    "article_place",
    "article_publish",
    "article_reject",
    "article_remove",
    "article_reopen",
    "article_restore_revision",
    "article_return",
    "article_submit",
    "article_unit_ids",
    "article_unpublish",
    "article_update",
    "article_withdraw",
    "available_transitions",
    "can_edit",
    "edit_conflict",
    "edit_problem",
    "latest_return_note",
    "snapshot",
    "state_problem",
]
