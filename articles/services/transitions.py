"""Status transitions and placement: guard → atomic with the row locked → save → log → notify after
commit."""

from functools import partial

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from contributors import activity

from ..models import Article, ArticleTransition
from .errors import WorkflowError
from .rules import (
    NOTIFIED_ACTIONS,
    TRANSITIONS,
    A,
    S,
    _check_role,
    _check_scope,
    state_problem,
)

# --- Log and notification ------------------------------------------------------------------------------


def _issue_model():
    """The issue model, through the article's relation: the bulletin app depends on this one, so it
    is never imported here (DESIGN.md, Architecture)."""
    return Article._meta.get_field("issue").related_model


def _log(article, *, action, from_status, actor, note="", issue=None) -> ArticleTransition:
    return ArticleTransition.objects.create(
        article=article,
        action=action,
        from_status=from_status,
        to_status=article.status,
        actor=actor if getattr(actor, "pk", None) else None,
        issue=issue,
        note=note,
    )


def _notify_after_commit(transition: ArticleTransition) -> None:
    if transition.action not in NOTIFIED_ACTIONS:
        return
    from ..tasks import send_article_notification

    transaction.on_commit(partial(send_article_notification.enqueue, transition.pk))


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update(of=("self",)).select_related("issue").get(pk=article.pk)


def _refresh(article: Article, locked: Article, fields) -> None:
    for field in fields:
        setattr(article, field, getattr(locked, field))


STATE_FIELDS = [
    "status",
    "issue_id",
    "section_id",
    "position",
    "submitted_at",
    "accepted_at",
    "published_at",
    "updated",
    "version",
]


def _clean_note(note) -> str:
    return (note or "").strip()


def _note_message(action) -> str:
    if action == A.REJECT:
        return _("Please give the reason for rejecting the article.")
    return _("Please write a note saying what needs to change.")


# --- Status transitions ------------------------------------------------------------------------------


def _transition(article: Article, *, actor, action: str, note: str = "") -> Article:
    transition = TRANSITIONS[action]
    _check_scope(article, actor)
    _check_role(actor, transition)
    note = _clean_note(note)
    if transition.note_required and not note:
        raise WorkflowError(_note_message(action))
    with transaction.atomic(), activity.deferred():
        issue = None
        if article.issue_id is not None:
            # Lock order everywhere: the issue first, then its articles.
            issue = _issue_model().objects.select_for_update().filter(pk=article.issue_id).first()
        locked = _locked(article)
        problem = state_problem(locked, transition)
        if problem:
            raise WorkflowError(problem)
        from_status = locked.status
        now = timezone.now()
        locked.status = transition.target
        fields = ["status", "updated"]
        if transition.target == S.SUBMITTED:
            locked.submitted_at = now
            fields.append("submitted_at")
        if transition.target == S.ACCEPTED:
            locked.accepted_at = now
            fields.append("accepted_at")
        if from_status == S.ACCEPTED and locked.issue_id is not None:
            # Bounced back from composition: it leaves the (still drafting) issue.
            old_issue_id, old_section_id = locked.issue_id, locked.section_id
            locked.issue, locked.section, locked.position = None, None, 0
            fields += ["issue", "section", "position"]
            locked.save(update_fields=fields)
            _renumber(old_issue_id, old_section_id)
        else:
            locked.save(update_fields=fields)
        row = _log(locked, action=action, from_status=from_status, actor=actor, note=note, issue=issue)
        _notify_after_commit(row)
    _refresh(article, locked, STATE_FIELDS)
    return article


def article_submit(*, article: Article, actor, note: str = "") -> Article:
    """Send a draft or returned article to the editorial office (通讯员 or the office itself)."""
    return _transition(article, actor=actor, action=A.SUBMIT, note=note)


def article_withdraw(*, article: Article, actor, note: str = "") -> Article:
    """Take a submitted article back to draft before the office has decided."""
    return _transition(article, actor=actor, action=A.WITHDRAW, note=note)


def article_return(*, article: Article, actor, note: str) -> Article:
    """退回修改: back to the correspondent, with a note saying what to change."""
    return _transition(article, actor=actor, action=A.RETURN, note=note)


def article_reject(*, article: Article, actor, note: str) -> Article:
    """不予采用, with the reason."""
    return _transition(article, actor=actor, action=A.REJECT, note=note)


def article_accept(*, article: Article, actor, note: str = "") -> Article:
    """采用: the article may now be placed in an issue."""
    return _transition(article, actor=actor, action=A.ACCEPT, note=note)


def article_reopen(*, article: Article, actor, note: str = "") -> Article:
    """Reconsider a rejected article: back to submitted."""
    return _transition(article, actor=actor, action=A.REOPEN, note=note)


ACTION_SERVICES = {
    A.SUBMIT: article_submit,
    A.WITHDRAW: article_withdraw,
    A.RETURN: article_return,
    A.REJECT: article_reject,
    A.ACCEPT: article_accept,
    A.REOPEN: article_reopen,
}


# --- Placement -----------------------------------------------------------------------------------------


def _renumber(issue_id, section_id) -> None:
    """Positions 1…n in reading order within one section of an issue."""
    if issue_id is None:
        return
    articles = list(
        Article.objects.filter(issue_id=issue_id, section_id=section_id).order_by("position", "pk")
    )
    changed = []
    for index, article in enumerate(articles, start=1):
        if article.position != index:
            article.position = index
            changed.append(article)
    if changed:
        Article.objects.bulk_update(changed, ["position"])


def _lock_drafting_issue(issue):
    Issue = _issue_model()
    locked = Issue.objects.select_for_update().get(pk=issue.pk)
    if locked.status != Issue.Status.DRAFTING:
        raise WorkflowError(
            _("%(issue)s is “%(status)s”; articles can only be placed while it is being drafted.")
            % {"issue": locked.label, "status": locked.get_status_display()}
        )
    return locked


def article_place(*, article: Article, actor, issue, section, position: int | None = None) -> Article:
    """Put an accepted article into a drafting issue's section, at ``position`` (1-based; default: last).
    Moving it to another section or issue renumbers the old one."""
    transition = TRANSITIONS[A.PLACE]
    _check_scope(article, actor)
    _check_role(actor, transition)
    if section is None:
        raise WorkflowError(_("Choose a section for the article."))
    with transaction.atomic():
        locked_issue = _lock_drafting_issue(issue)
        if article.issue_id is not None and article.issue_id != issue.pk:
            _lock_drafting_issue(article.issue)
        locked = _locked(article)
        if locked.status not in transition.sources:
            raise WorkflowError(state_problem(locked, transition))
        old = (locked.issue_id, locked.section_id)
        siblings = Article.objects.filter(issue=locked_issue, section=section).exclude(pk=locked.pk)
        last = siblings.aggregate(last=Max("position"))["last"] or 0
        if position is None or position > last:
            new_position = last + 1
        else:
            new_position = max(1, position)
            # Make room: everything at or after the new position moves one down.
            moved = list(siblings.filter(position__gte=new_position).order_by("position", "pk"))
            for offset, sibling in enumerate(moved, start=1):
                sibling.position = new_position + offset
            Article.objects.bulk_update(moved, ["position"])
        locked.issue, locked.section, locked.position = locked_issue, section, new_position
        locked.save(update_fields=["issue", "section", "position", "updated"])
        if old != (locked_issue.pk, section.pk):
            _renumber(*old)
        _renumber(locked_issue.pk, section.pk)
        locked.refresh_from_db(fields=["position"])
        _log(
            locked,
            action=A.PLACE,
            from_status=locked.status,
            actor=actor,
            issue=locked_issue,
            note=_("%(section)s, position %(position)s")
            % {"section": section.name, "position": locked.position},
        )
    _refresh(article, locked, STATE_FIELDS)
    article.issue, article.section = locked_issue, section
    return article


def article_remove(*, article: Article, actor, note: str = "") -> Article:
    """Take an accepted article out of its (drafting) issue; it stays accepted."""
    transition = TRANSITIONS[A.REMOVE]
    _check_scope(article, actor)
    _check_role(actor, transition)
    with transaction.atomic():
        if article.issue_id is not None:
            _issue_model().objects.select_for_update().filter(pk=article.issue_id).first()
        locked = _locked(article)
        problem = state_problem(locked, transition)
        if problem:
            raise WorkflowError(problem)
        issue, old = locked.issue, (locked.issue_id, locked.section_id)
        locked.issue, locked.section, locked.position = None, None, 0
        locked.save(update_fields=["issue", "section", "position", "updated"])
        _renumber(*old)
        _log(
            locked,
            action=A.REMOVE,
            from_status=locked.status,
            actor=actor,
            issue=issue,
            note=_clean_note(note),
        )
    _refresh(article, locked, STATE_FIELDS)
    article.issue, article.section = None, None
    return article


# --- Called by the issue workflow (bulletin.services) inside its transaction -----------------------------


def article_publish(*, article: Article, actor, issue, when) -> Article:
    """accepted → published, as part of publishing ``issue``. Only ``issue_publish`` calls this, inside
    its transaction with the issue locked; it does not check roles itself."""
    if article.status != S.ACCEPTED or article.issue_id != issue.pk:
        raise WorkflowError(
            _("“%(title)s” is “%(status)s” and cannot be published.")
            % {"title": article.title, "status": article.get_status_display()}
        )
    from_status = article.status
    article.status, article.published_at = S.PUBLISHED, when
    article.save(update_fields=["status", "published_at", "updated"])
    row = _log(article, action=A.PUBLISH, from_status=from_status, actor=actor, issue=issue)
    _notify_after_commit(row)
    return article


def article_unpublish(*, article: Article, actor, issue, note: str) -> Article:
    """published → accepted, when ``issue_recall`` takes the issue back; the article stays placed."""
    from_status = article.status
    article.status, article.published_at = S.ACCEPTED, None
    article.save(update_fields=["status", "published_at", "updated"])
    row = _log(article, action=A.RECALL, from_status=from_status, actor=actor, issue=issue, note=note)
    _notify_after_commit(row)
    return article


def latest_return_note(article: Article) -> ArticleTransition | None:
    """The last 退回修改 note, shown prominently to the correspondent while the article is returned."""
    return (
        article.transitions.filter(action=A.RETURN)
        .select_related("actor")
        .order_by("-created", "-pk")
        .first()
    )
