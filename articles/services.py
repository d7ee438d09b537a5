"""The article workflow. Every change of an article's status, placement or text goes through here.

Each function takes ``actor=`` and checks it itself, so the admin, views and commands share one path:
guard (scope → role → state → input), then inside ``transaction.atomic()`` lock the row with
``select_for_update``, change it, ``save(update_fields=…)``, write the log row, and queue the
notification with ``transaction.on_commit``.

Out of the actor's unit scope is :class:`~django.http.Http404` (ids do not leak); anything else that
may not happen is a :class:`WorkflowError` whose message a person can read.
"""

from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contributors.permissions import check_in_scope_or_404, unit_scope
from contributors.roles import Role, has_role

from .models import Article, ArticleAction, ArticleComment, ArticleRevision, ArticleTransition
from .sanitize import sanitize_html

S = Article.Status
A = ArticleAction
WRITERS = frozenset({Role.CORRESPONDENT, Role.EDITOR, Role.SIGNER})
OFFICE = frozenset({Role.EDITOR, Role.SIGNER})
TEXT_FIELDS = ("title", "body", "byline")


class WorkflowError(Exception):
    """A step that may not happen. ``messages`` are translated sentences that name the problem."""

    def __init__(self, *messages):
        super().__init__(*messages)
        self.messages = [str(message) for message in messages]

    @property
    def message(self) -> str:
        return "；".join(self.messages)

    def __str__(self):
        return self.message


class EditConflict(WorkflowError):
    """Somebody else saved the article after the editor opened it."""

    def __init__(self, message, *, saved_by=None, current=None):
        super().__init__(message)
        self.saved_by = saved_by
        self.current = current


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


# --- Log and notification ------------------------------------------------------------------------------


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
    from .tasks import send_article_notification

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
    with transaction.atomic():
        issue = None
        if article.issue_id is not None:
            # Lock order everywhere: the issue first, then its articles.
            from bulletin.models import Issue

            issue = Issue.objects.select_for_update().filter(pk=article.issue_id).first()
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
    from bulletin.models import Issue

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
            from bulletin.models import Issue

            Issue.objects.select_for_update().filter(pk=article.issue_id).first()
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


# --- Text: creation, edits with conflict detection, revisions, notes -----------------------------------


def snapshot(article: Article, unit_ids=None) -> dict:
    return {
        "title": article.title,
        "body": article.body,
        "byline": article.byline,
        "units": sorted(unit_ids if unit_ids is not None else article_unit_ids(article)),
    }


def _record_revision(article: Article, actor, unit_ids, restored_from=None) -> ArticleRevision:
    return ArticleRevision.objects.create(
        article=article,
        number=article.version,
        author=actor if getattr(actor, "pk", None) else None,
        data=snapshot(article, unit_ids),
        restored_from=restored_from,
    )


def _allowed_units(actor, units) -> list:
    """The units a new article is attributed to: as chosen, within the actor's scope; a correspondent
    who chose none gets their own unit."""
    units = list(units or [])
    scope = unit_scope(actor)
    if scope is not None:
        outside = [unit for unit in units if unit.pk not in scope]
        if outside:
            raise WorkflowError(
                _("You cannot write for %(units)s.") % {"units": "、".join(unit.name for unit in outside)}
            )
        if not units:
            staff = getattr(actor, "staff", None)
            if staff is None:
                raise WorkflowError(_("Your account is not linked to a unit; ask the editorial office."))
            units = [staff.unit]
    return units


def article_create(*, actor, title: str, body: str = "", byline: str = "", units=()) -> Article:
    """A new draft written by ``actor``, attributed to ``units`` (a correspondent's own unit by default).
    Stores revision 1."""
    if not has_role(actor, *WRITERS):
        raise WorkflowError(_("You may not write articles."))
    units = _allowed_units(actor, units)
    with transaction.atomic():
        article = Article(title=title, body=body, byline=byline, author=actor, status=S.DRAFT)
        article.full_clean(exclude=["units"])
        article.save()
        article.units.set(units)
        _record_revision(article, actor, [unit.pk for unit in units])
    return article


def _conflict(locked: Article) -> EditConflict:
    revision = locked.revisions.filter(number=locked.version).select_related("author").first()
    who = revision.author if revision and revision.author else None
    name = (who.get_full_name() or who.get_username()) if who else _("Somebody")
    when = timezone.localtime(revision.created if revision else locked.updated)
    return EditConflict(
        _(
            "%(name)s saved this article at %(time)s while you were editing it, so your changes were "
            "not saved. Your text is kept in the form: compare it with the saved version below and save again."
        )
        % {"name": name, "time": when.strftime("%Y-%m-%d %H:%M:%S")},
        saved_by=who,
        current=locked,
    )


def article_update(
    *, article: Article, actor, data: dict, base_version: int | None = None, restored_from=None
) -> Article:
    """Change an article's title, body, byline and units. ``base_version`` is the version the editor
    started from; if somebody saved in between, :class:`EditConflict` names them and nothing is
    saved. A save that changes anything bumps the version and stores a revision."""
    _check_scope(article, actor)
    unknown = set(data) - {*TEXT_FIELDS, "units"}
    if unknown:
        raise ValueError(f"article_update cannot change {sorted(unknown)}")
    with transaction.atomic():
        locked = _locked(article)
        problem = edit_problem(locked, actor)
        if problem:
            raise WorkflowError(problem)
        if base_version is not None and base_version != locked.version:
            raise _conflict(locked)
        old_units = article_unit_ids(locked)
        unit_ids = old_units
        if "units" in data:
            units = _allowed_units(actor, data["units"])
            unit_ids = {unit.pk for unit in units}
        before = {field: getattr(locked, field) for field in TEXT_FIELDS}
        for field in TEXT_FIELDS:
            if field in data:
                setattr(locked, field, data[field])
        locked.full_clean(exclude=["units"])  # normalises the title and the byline
        locked.body = sanitize_html(locked.body)  # as save() would: compare what would be stored
        after = {field: getattr(locked, field) for field in TEXT_FIELDS}
        if before != after or unit_ids != old_units:
            locked.version += 1
            locked.save(update_fields=[*TEXT_FIELDS, "version", "updated"])
            if unit_ids != old_units:
                locked.units.set(unit_ids)
            _record_revision(locked, actor, unit_ids, restored_from=restored_from)
    _refresh(article, locked, [*TEXT_FIELDS, *STATE_FIELDS])
    return article


def article_restore_revision(*, article: Article, actor, revision: ArticleRevision) -> Article:
    """Bring back an old revision's title, body and byline; the restore is itself a new revision."""
    if revision.article_id != article.pk:
        raise WorkflowError(_("That revision belongs to another article."))
    data = {field: revision.data.get(field, "") for field in TEXT_FIELDS}
    return article_update(article=article, actor=actor, data=data, restored_from=revision)


def article_comment(*, article: Article, actor, text: str) -> ArticleComment:
    """Leave an editorial note on an article (the office and the unit's correspondents)."""
    _check_scope(article, actor)
    if not has_role(actor, *WRITERS):
        raise WorkflowError(_("You may not leave notes on articles."))
    text = (text or "").strip()
    if not text:
        raise WorkflowError(_("A note cannot be empty."))
    return ArticleComment.objects.create(article=article, author=actor, text=text)


def latest_return_note(article: Article) -> ArticleTransition | None:
    """The last 退回修改 note, shown prominently to the correspondent while the article is returned."""
    return (
        article.transitions.filter(action=A.RETURN)
        .select_related("actor")
        .order_by("-created", "-pk")
        .first()
    )
