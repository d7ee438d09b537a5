"""The one table of what may happen to an article, and the checks every service makes: the actor's
unit scope (404 outside it), role and the article's state."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contributors.permissions import check_in_scope_or_404
from contributors.roles import Role, has_role

from ..models import Article, ArticleAction
from .errors import WorkflowError

S = Article.Status
A = ArticleAction
WRITERS = frozenset({Role.CORRESPONDENT, Role.EDITOR, Role.SIGNER})
OFFICE = frozenset({Role.EDITOR, Role.SIGNER})
TEXT_FIELDS = ("title", "body", "byline")


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset
    target: str | None  # None: the status stays (placement)
    roles: frozenset
    note_required: bool = False
    # The admin asks for confirmation (and offers a note field) before doing it.
    confirm: bool = False
    note_label: str = ""

    @property
    def label(self):
        return ArticleAction(self.action).label


# The one table of what may happen to an article: action → from which statuses, to which, by whom.
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(A.SUBMIT, frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, WRITERS),
        Transition(A.WITHDRAW, frozenset({S.SUBMITTED}), S.DRAFT, WRITERS),
        Transition(
            A.RETURN,
            frozenset({S.SUBMITTED, S.ACCEPTED}),
            S.RETURNED,
            OFFICE,
            note_required=True,
            confirm=True,
            note_label=gettext_lazy("What needs to change"),
        ),
        Transition(
            A.REJECT,
            frozenset({S.SUBMITTED}),
            S.REJECTED,
            OFFICE,
            note_required=True,
            confirm=True,
            note_label=gettext_lazy("Reason"),
        ),
        Transition(
            A.ACCEPT,
            frozenset({S.SUBMITTED}),
            S.ACCEPTED,
            OFFICE,
            confirm=True,
            note_label=gettext_lazy("Note (optional)"),
        ),
        Transition(
            A.REOPEN,
            frozenset({S.REJECTED}),
            S.SUBMITTED,
            OFFICE,
            confirm=True,
            note_label=gettext_lazy("Note (optional)"),
        ),
        Transition(A.PLACE, frozenset({S.ACCEPTED}), None, OFFICE),
        Transition(A.REMOVE, frozenset({S.ACCEPTED}), None, OFFICE),
    ]
}
# The transitions a person starts from an article's page (placement happens on the issue page).
BUTTON_ACTIONS = [A.SUBMIT, A.WITHDRAW, A.ACCEPT, A.RETURN, A.REJECT, A.REOPEN, A.REMOVE]

NOTIFIED_ACTIONS = {A.SUBMIT, A.RETURN, A.REJECT, A.ACCEPT, A.PUBLISH, A.RECALL}


# --- Guards -----------------------------------------------------------------------------------------


def article_unit_ids(article: Article) -> set[int]:
    return {unit.pk for unit in article.units.all()}


def _check_scope(article: Article, actor) -> None:
    check_in_scope_or_404(actor, article_unit_ids(article))


def _check_role(actor, transition: Transition) -> None:
    if not has_role(actor, *transition.roles):
        raise WorkflowError(_("You may not “%(action)s” articles.") % {"action": transition.label.lower()})


def _issue_locked_message(issue) -> str:
    return _("The article is in %(issue)s, which is “%(status)s”; take the issue back to drafting first.") % {
        "issue": issue.label,
        "status": issue.get_status_display(),
    }


def state_problem(article: Article, transition: Transition) -> str | None:
    """Why the article's current state rules the transition out, or None."""
    if article.status not in transition.sources:
        return _("“%(action)s” is not possible for an article that is “%(status)s”.") % {
            "action": transition.label,
            "status": article.get_status_display(),
        }
    if transition.action == A.REMOVE and article.issue_id is None:
        return _("The article is not in an issue.")
    if (
        transition.action in (A.REMOVE, A.RETURN, A.PLACE)
        and article.issue_id is not None
        and article.issue.status != article.issue.Status.DRAFTING
    ):
        return _issue_locked_message(article.issue)
    return None


def available_transitions(article: Article, user) -> list[Transition]:
    """The buttons to show: transitions the user's role and the article's state allow.
    (Scope is the caller's business: the admin only ever shows articles in scope.)"""
    return [
        TRANSITIONS[action]
        for action in BUTTON_ACTIONS
        if has_role(user, *TRANSITIONS[action].roles) and state_problem(article, TRANSITIONS[action]) is None
    ]


def can_edit(article: Article, user) -> bool:
    return edit_problem(article, user) is None


def edit_problem(article: Article, user) -> str | None:
    """Why the user may not change the article's text now, or None. Correspondents edit only drafts
    and returned articles; the editorial office edits anything not yet published or locked in an
    issue that has gone to sign-off."""
    if article.status == S.PUBLISHED:
        return _("A published article cannot be edited; recall the issue first.")
    if has_role(user, *OFFICE):
        if article.issue_id is not None and article.issue.status != article.issue.Status.DRAFTING:
            return _issue_locked_message(article.issue)
        return None
    if has_role(user, Role.CORRESPONDENT):
        if article.status in (S.DRAFT, S.RETURNED):
            return None
        return _("Only drafts and returned articles can be edited; this one is “%(status)s”.") % {
            "status": article.get_status_display()
        }
    return _("You may not edit articles.")
