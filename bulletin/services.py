"""The issue workflow: create, compose, send for sign-off, take back, sign, publish, recall.

Same shape as ``articles.services``: keyword-only functions taking ``actor=``, guard → atomic with the
issue row locked (``select_for_update``; the issue before its articles, always) → save(update_fields)
→ log row → after commit, notify.

``issue_create`` sends :data:`bulletin.signals.issue_created` inside its transaction. After a
publish commits, :data:`bulletin.signals.issue_published` is sent (``sender=Issue``,
``issue=``, ``actor=``); after a recall, :data:`bulletin.signals.issue_recalled` (plus ``reason=``).
The distribution app hooks its deliveries there.
"""

import datetime
import logging
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article
from articles.services import WorkflowError, article_publish, article_unpublish
from contributors import activity
from contributors.roles import Role, has_role

from . import signals
from .models import Issue, IssueAction, IssueTransition, Publication, Section

S = Issue.Status
A = IssueAction
OFFICE = frozenset({Role.EDITOR, Role.SIGNER})
SIGNERS = frozenset({Role.SIGNER})

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset
    target: str
    roles: frozenset
    note_required: bool = False
    confirm: bool = False
    note_label: str = ""

    @property
    def label(self):
        return IssueAction(self.action).label


# The one table of what may happen to an issue.
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(A.SEND_FOR_SIGNOFF, frozenset({S.DRAFTING}), S.PENDING_SIGNOFF, OFFICE),
        Transition(A.TAKE_BACK, frozenset({S.PENDING_SIGNOFF}), S.DRAFTING, OFFICE),
        Transition(A.SIGN, frozenset({S.PENDING_SIGNOFF}), S.SIGNED, SIGNERS, confirm=True),
        Transition(A.PUBLISH, frozenset({S.SIGNED}), S.PUBLISHED, SIGNERS, confirm=True),
        Transition(
            A.RECALL,
            frozenset({S.PUBLISHED}),
            S.DRAFTING,
            SIGNERS,
            note_required=True,
            confirm=True,
            note_label=gettext_lazy("Reason"),
        ),
    ]
}
BUTTON_ACTIONS = [A.SEND_FOR_SIGNOFF, A.TAKE_BACK, A.SIGN, A.PUBLISH, A.RECALL]


def _check_role(actor, transition: Transition) -> None:
    if not has_role(actor, *transition.roles):
        raise WorkflowError(_("You may not “%(action)s” issues.") % {"action": transition.label})


def state_problem(issue: Issue, transition: Transition) -> str | None:
    if issue.status not in transition.sources:
        return _("“%(action)s” is not possible for an issue that is “%(status)s”.") % {
            "action": transition.label,
            "status": issue.get_status_display(),
        }
    return None


def available_transitions(issue: Issue, user) -> list[Transition]:
    return [
        TRANSITIONS[action]
        for action in BUTTON_ACTIONS
        if has_role(user, *TRANSITIONS[action].roles) and state_problem(issue, TRANSITIONS[action]) is None
    ]


def _log(issue, *, action, from_status, actor, note="") -> IssueTransition:
    return IssueTransition.objects.create(
        issue=issue,
        action=action,
        from_status=from_status,
        to_status=issue.status,
        actor=actor if getattr(actor, "pk", None) else None,
        note=note,
    )


def _locked(issue: Issue) -> Issue:
    return Issue.objects.select_for_update().get(pk=issue.pk)


STATE_FIELDS = ["status", "signed_by_id", "signed_at", "publish_at", "published_at", "updated"]


def _refresh(issue: Issue, locked: Issue) -> Issue:
    for field in STATE_FIELDS:
        setattr(issue, field, getattr(locked, field))
    return issue


def _guarded(issue: Issue, actor, action: str, note: str = ""):
    """Role and input checks, then the locked row with its state checked. Call inside atomic()."""
    transition = TRANSITIONS[action]
    _check_role(actor, transition)
    if transition.note_required and not note:
        raise WorkflowError(_("Please give the reason for recalling the issue."))
    locked = _locked(issue)
    problem = state_problem(locked, transition)
    if problem:
        raise WorkflowError(problem)
    return transition, locked


# --- Creating an issue --------------------------------------------------------------------------------


def next_numbers(publication: Publication, year: int) -> tuple[int, int | None]:
    """The next issue number in ``year`` and the next running number (None if the publication does not
    keep one). Only meaningful while the publication row is locked."""
    issues = Issue.objects.filter(publication=publication)
    number = (issues.filter(year=year).aggregate(n=Max("number"))["n"] or 0) + 1
    total = issues.aggregate(n=Max("total_number"))["n"]
    return number, (total + 1 if total else None)


def issue_create(
    *, actor, publication: Publication | None = None, issue_date: datetime.date | None = None
) -> Issue:
    """The next issue of ``publication`` (default: the default one), numbered safely: the publication
    row is locked while the numbers are read and the issue is written, so two editors creating issues
    at the same moment get consecutive numbers, never the same one."""
    if not has_role(actor, *OFFICE):
        raise WorkflowError(_("You may not create issues."))
    publication = publication or Publication.objects.default()
    if publication is None:
        raise WorkflowError(_("There is no publication to create an issue for."))
    issue_date = issue_date or timezone.localdate()
    for _attempt in range(3):
        try:
            with transaction.atomic():
                Publication.objects.select_for_update().get(pk=publication.pk)
                number, total = next_numbers(publication, issue_date.year)
                issue = Issue.objects.create(
                    publication=publication,
                    year=issue_date.year,
                    number=number,
                    total_number=total,
                    issue_date=issue_date,
                    visibility=publication.default_visibility,
                    status=S.DRAFTING,
                )
                _log(issue, action=A.CREATE, from_status="", actor=actor)
                signals.issue_created.send(sender=Issue, issue=issue, actor=actor)
            return issue
        except IntegrityError:
            # Somebody typed a number by hand in between; read the numbers again.
            continue
    raise WorkflowError(_("Could not allocate an issue number; please try again."))


# --- Composition --------------------------------------------------------------------------------------

MASTHEAD_FIELDS = ("number", "total_number", "issue_date", "copies", "visibility")
# What the printed masthead shows (内部资料 above it makes the issue internal).
PRINTED_MASTHEAD_FIELDS = {"number", "total_number", "issue_date", "visibility"}


def issue_update_masthead(*, issue: Issue, actor, data: dict) -> Issue:
    """Change the masthead of a drafting issue: 第N期, 总第M期, the date, 共印N份 and whether it is public.
    The year follows the date. A number taken by another issue is a ``WorkflowError`` that says so, and
    nothing is saved."""
    unknown = set(data) - set(MASTHEAD_FIELDS)
    if unknown:
        raise ValueError(f"issue_update_masthead cannot change {sorted(unknown)}")
    if not has_role(actor, *OFFICE):
        raise WorkflowError(_("You may not compose issues."))
    try:
        with transaction.atomic():
            locked = _locked(issue)
            if locked.status != S.DRAFTING:
                raise WorkflowError(
                    _(
                        "%(issue)s is “%(status)s”; its masthead can only be changed while it is being drafted."
                    )
                    % {"issue": locked.label, "status": locked.get_status_display()}
                )
            changed = {field for field, value in data.items() if getattr(locked, field) != value}
            for field, value in data.items():
                setattr(locked, field, value)
            if "issue_date" in data:
                locked.year = locked.issue_date.year
            # An imported issue's masthead and copies line as printed no longer say what the issue
            # says once an editor changes them: cleared, so that the fields are printed instead.
            if changed & PRINTED_MASTHEAD_FIELDS:
                locked.printed_masthead = []
            if "copies" in changed:
                locked.printed_copies = ""
            try:
                locked.full_clean()
            except ValidationError as error:
                raise WorkflowError(*error.messages) from error
            locked.save(update_fields=[*data, "year", "printed_masthead", "printed_copies", "updated"])
    except IntegrityError as error:  # a race with another editor typing the same number
        raise WorkflowError(_("This issue number is already taken in that year.")) from error
    return _refresh(issue, locked)


def issue_problems(issue: Issue) -> list[str]:
    """Everything that stops an issue from going to sign-off, each named."""
    articles = list(issue.articles.select_related("section").order_by("section__position", "position", "pk"))
    if not articles:
        return [_("The issue has no articles.")]
    problems = []
    for article in articles:
        if article.status != Article.Status.ACCEPTED:
            problems.append(
                _("“%(title)s” is “%(status)s”, not accepted.")
                % {"title": article.title, "status": article.get_status_display()}
            )
    sections = {article.section for article in articles}
    by_position: dict[int, list[Section]] = {}
    for section in sections:
        by_position.setdefault(section.position, []).append(section)
    for position, clash in sorted(by_position.items()):
        if len(clash) > 1:
            problems.append(
                _(
                    "Sections %(sections)s have the same heading order (%(position)s); give each its own position."
                )
                % {
                    "sections": "、".join(f"【{s.name}】" for s in sorted(clash, key=lambda s: s.pk)),
                    "position": position,
                }
            )
    for section in sorted(sections, key=lambda s: (s.position, s.pk)):
        positions = [article.position for article in articles if article.section_id == section.pk]
        if len(set(positions)) != len(positions) or 0 in positions:
            problems.append(
                _("The articles in 【%(section)s】 have no clear order; move one of them to set it.")
                % {"section": section.name}
            )
    return problems


def issue_move_article(*, issue: Issue, article: Article, actor, direction: str) -> Article:
    """Move a placed article one step up or down in reading order; past the first or last article of a
    section it moves into the neighbouring section (sections in heading order)."""
    if direction not in ("up", "down"):
        raise ValueError(direction)
    if not has_role(actor, *OFFICE):
        raise WorkflowError(_("You may not compose issues."))
    with transaction.atomic():
        locked_issue = _locked(issue)
        if locked_issue.status != S.DRAFTING:
            raise WorkflowError(
                _("%(issue)s is “%(status)s”; articles can only be placed while it is being drafted.")
                % {"issue": locked_issue.label, "status": locked_issue.get_status_display()}
            )
        placed = list(
            Article.objects.select_for_update(of=("self",))
            .filter(issue=locked_issue)
            .select_related("section")
            .order_by("section__position", "section_id", "position", "pk")
        )
        index = next((i for i, a in enumerate(placed) if a.pk == article.pk), None)
        if index is None:
            raise WorkflowError(_("The article is not in this issue."))
        current = placed[index]
        in_section = [a for a in placed if a.section_id == current.section_id]
        at = in_section.index(current)
        step = -1 if direction == "up" else 1
        if 0 <= at + step < len(in_section):
            in_section[at], in_section[at + step] = in_section[at + step], in_section[at]
            _write_positions(in_section)
        else:
            sections = list(Section.objects.filter(active=True).order_by("position", "pk"))
            if current.section not in sections:
                sections.append(current.section)
                sections.sort(key=lambda s: (s.position, s.pk))
            neighbour_index = sections.index(current.section) + step
            if not 0 <= neighbour_index < len(sections):
                return article  # already first or last of the issue
            neighbour = sections[neighbour_index]
            target = [a for a in placed if a.section_id == neighbour.pk]
            in_section.remove(current)
            current.section = neighbour
            target = [*target, current] if direction == "up" else [current, *target]
            Article.objects.filter(pk=current.pk).update(section=neighbour, updated=timezone.now())
            _write_positions(in_section)
            _write_positions(target)
        article.refresh_from_db(fields=["section", "position"])
    return article


def _write_positions(articles) -> None:
    changed = []
    for position, article in enumerate(articles, start=1):
        if article.position != position:
            article.position = position
            changed.append(article)
    if changed:
        Article.objects.bulk_update(changed, ["position"])


# --- Transitions ---------------------------------------------------------------------------------------


def issue_send_for_signoff(*, issue: Issue, actor, note: str = "") -> Issue:
    """drafting → pending_signoff, when the issue is complete; the error lists everything wrong."""
    with transaction.atomic():
        _transition, locked = _guarded(issue, actor, A.SEND_FOR_SIGNOFF)
        problems = issue_problems(locked)
        if problems:
            raise WorkflowError(*problems)
        from_status = locked.status
        locked.status = S.PENDING_SIGNOFF
        locked.save(update_fields=["status", "updated"])
        row = _log(locked, action=A.SEND_FOR_SIGNOFF, from_status=from_status, actor=actor, note=note.strip())
        _notify_after_commit(row)
    return _refresh(issue, locked)


def issue_take_back(*, issue: Issue, actor, note: str = "") -> Issue:
    """pending_signoff → drafting: the office wants to change something before sign-off."""
    with transaction.atomic():
        _transition, locked = _guarded(issue, actor, A.TAKE_BACK)
        from_status = locked.status
        locked.status = S.DRAFTING
        locked.save(update_fields=["status", "updated"])
        _log(locked, action=A.TAKE_BACK, from_status=from_status, actor=actor, note=note.strip())
    return _refresh(issue, locked)


def issue_sign(*, issue: Issue, actor, publish_at: datetime.datetime | None = None, note: str = "") -> Issue:
    """签发: pending_signoff → signed, recording the signer and the time. With ``publish_at`` in the
    future the issue is published then by ``manage.py publish_scheduled``."""
    now = timezone.now()
    if publish_at is not None and publish_at <= now:
        raise WorkflowError(_("The scheduled publication time must be in the future."))
    with transaction.atomic():
        _transition, locked = _guarded(issue, actor, A.SIGN)
        from_status = locked.status
        locked.status, locked.signed_by, locked.signed_at, locked.publish_at = (
            S.SIGNED,
            actor,
            now,
            publish_at,
        )
        locked.save(update_fields=["status", "signed_by", "signed_at", "publish_at", "updated"])
        if publish_at:
            note = (
                note.strip()
                + " "
                + _("Scheduled for %(time)s.") % {"time": f"{timezone.localtime(publish_at):%Y-%m-%d %H:%M}"}
            ).strip()
        _log(locked, action=A.SIGN, from_status=from_status, actor=actor, note=note.strip())
    return _refresh(issue, locked)


def issue_publish(*, issue: Issue, actor, now: datetime.datetime | None = None) -> Issue:
    """signed → published, with every placed article, in one transaction: if any article cannot be
    published, nothing is. ``actor=None`` is the scheduler, which may only publish an issue whose
    scheduled time has come."""
    now = now or timezone.now()
    # Whatever else must follow the issue out (the reader's published files) must be able to.
    signals.issue_visibility_changing.send(sender=Issue, issue=issue, removing=False)
    with transaction.atomic(), activity.deferred():
        if actor is None:
            locked = _locked(issue)
            problem = state_problem(locked, TRANSITIONS[A.PUBLISH])
            if problem:
                raise WorkflowError(problem)
            if locked.publish_at is None or locked.publish_at > now:
                raise WorkflowError(_("The issue's scheduled publication time has not come."))
        else:
            _transition, locked = _guarded(issue, actor, A.PUBLISH)
        articles = list(
            locked.articles.select_for_update(of=("self",)).order_by("section__position", "position", "pk")
        )
        if not articles:
            raise WorkflowError(_("The issue has no articles."))
        for article in articles:
            article_publish(article=article, actor=actor, issue=locked, when=now)
        from_status = locked.status
        locked.status, locked.published_at = S.PUBLISHED, now
        locked.save(update_fields=["status", "published_at", "updated"])
        _log(locked, action=A.PUBLISH, from_status=from_status, actor=actor)
        transaction.on_commit(partial(_send_signal, "issue_published", locked.pk, getattr(actor, "pk", None)))
    return _refresh(issue, locked)


def issue_recall(*, issue: Issue, actor, reason: str) -> Issue:
    """published → drafting (撤回), with the reason logged; its articles go back to accepted and stay
    placed, so the office can fix the issue and send it for sign-off again."""
    reason = (reason or "").strip()
    signals.issue_visibility_changing.send(sender=Issue, issue=issue, removing=True)
    with transaction.atomic(), activity.deferred():
        _transition, locked = _guarded(issue, actor, A.RECALL, note=reason)
        for article in locked.articles.select_for_update(of=("self",)).order_by("pk"):
            if article.status == Article.Status.PUBLISHED:
                article_unpublish(article=article, actor=actor, issue=locked, note=reason)
        from_status = locked.status
        locked.status = S.DRAFTING
        locked.signed_by, locked.signed_at, locked.publish_at, locked.published_at = None, None, None, None
        locked.save(
            update_fields=["status", "signed_by", "signed_at", "publish_at", "published_at", "updated"]
        )
        _log(locked, action=A.RECALL, from_status=from_status, actor=actor, note=reason)
        transaction.on_commit(
            partial(_send_signal, "issue_recalled", locked.pk, getattr(actor, "pk", None), reason=reason)
        )
    return _refresh(issue, locked)


def issue_reschedule(*, issue: Issue, actor, publish_at: datetime.datetime | None) -> Issue:
    """Change the scheduled publication time of a signed issue, or cancel it (``publish_at=None``): the
    issue stays signed and is then published by hand. Logged as a ``reschedule`` row from signed to
    signed whose note says what changed."""
    if not has_role(actor, *SIGNERS):
        raise WorkflowError(_("You may not change when issues are published."))
    if publish_at is not None and publish_at <= timezone.now():
        raise WorkflowError(_("The scheduled publication time must be in the future."))
    with transaction.atomic():
        locked = _locked(issue)
        if locked.status != S.SIGNED:
            raise WorkflowError(
                _("Only a signed-off issue has a publication time to change; %(issue)s is “%(status)s”.")
                % {"issue": locked.label, "status": locked.get_status_display()}
            )
        if publish_at:
            note = _("Publication time changed to %(time)s.") % {
                "time": f"{timezone.localtime(publish_at):%Y-%m-%d %H:%M}"
            }
        else:
            note = _("Scheduled publication cancelled; the issue will be published by hand.")
        locked.publish_at = publish_at
        locked.save(update_fields=["publish_at", "updated"])
        _log(locked, action=A.RESCHEDULE, from_status=S.SIGNED, actor=actor, note=note)
    return _refresh(issue, locked)


ACTION_SERVICES = {
    A.SEND_FOR_SIGNOFF: issue_send_for_signoff,
    A.TAKE_BACK: issue_take_back,
    A.SIGN: issue_sign,
    A.PUBLISH: issue_publish,
    A.RECALL: issue_recall,
}


def publish_due(*, now: datetime.datetime | None = None, failures: list | None = None) -> list[Issue]:
    """Publish every signed issue whose scheduled time has come. Safe to run at the same time in two
    processes: each issue is re-checked under its row lock, and one already published (or taken back)
    meanwhile is skipped. An issue that is still due but cannot be published — the published pages'
    directory is not writable, say — is logged as an error and, when ``failures`` is given, appended
    to it as ``(issue, message)``: never skipped in silence."""
    now = now or timezone.now()
    published = []
    due = Issue.objects.filter(status=S.SIGNED, publish_at__lte=now).order_by("publish_at", "pk")
    for issue in due:
        try:
            published.append(issue_publish(issue=issue, actor=None, now=now))
        except WorkflowError as error:
            still_due = Issue.objects.filter(pk=issue.pk, status=S.SIGNED, publish_at__lte=now).exists()
            if not still_due:
                continue  # another process published it, or the office took it back
            logger.error("Scheduled publication of %s failed: %s", issue.label, error.message)
            if failures is not None:
                failures.append((issue, error.message))
    return published


# --- After commit --------------------------------------------------------------------------------------


def _notify_after_commit(row: IssueTransition) -> None:
    from .tasks import send_issue_notification

    transaction.on_commit(partial(send_issue_notification.enqueue, row.pk))


def _send_signal(name: str, issue_id: int, actor_id: int | None, **extra) -> None:
    from django.contrib.auth import get_user_model

    issue = Issue.objects.get(pk=issue_id)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    getattr(signals, name).send(sender=Issue, issue=issue, actor=actor, **extra)
