"""Distribution: the footer lines of a new issue, delivering a published issue to every person on its
lines, re-sending and withdrawing personal reading links.

Same shape as ``bulletin.services``: keyword-only functions, ``actor=`` checked where a person acts;
guard → ``transaction.atomic()`` (the issue row locked) → write → log rows (``DeliveryEvent``) → after
commit, the sending is queued through the ``django.tasks`` API (``distribution.tasks``).

Nothing is ever mailed twice by accident: a delivery row is unique per issue and person (user account
or e-mail address), ``issue_deliver`` only queues the rows it creates (and rows still waiting from an
earlier run), and only an explicit re-send (``delivery_resend``, ``issue_resend``) mails somebody
again.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.services import WorkflowError
from bulletin.models import Issue
from contributors.roles import Role, has_role

from . import tokens
from .models import (
    Delivery,
    DeliveryAction,
    DeliveryEvent,
    DeliveryStatus,
    IssueLine,
    LineKind,
    RecipientGroup,
)
from .selectors import issue_copies_default, issue_people
from .tasks import enqueue_after_commit as _enqueue_after_commit

logger = logging.getLogger(__name__)

OFFICE = (Role.EDITOR, Role.SIGNER)


class DistributionError(WorkflowError):
    """A distribution step that may not happen; ``messages`` are translated sentences."""


def _check_office(actor) -> None:
    if not has_role(actor, *OFFICE):
        raise DistributionError(_("Only the editorial office may send issues to their recipients."))


def _actor_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


# --- Footer lines of a new issue -----------------------------------------------------------------------


def issue_lines_apply_defaults(*, issue: Issue, actor=None) -> list[IssueLine]:
    """Give ``issue`` the footer lines its publication's default groups make (报送, 印发, 抄送), for each
    kind it has no line of yet; lines already there are left alone. Returns the lines created.

    Call it right after an issue is created (``bulletin.services.issue_create``, the admin add page,
    ``loaddemo``)."""
    with transaction.atomic():
        existing = set(IssueLine.objects.filter(issue=issue).values_list("kind", flat=True))
        defaults = list(
            RecipientGroup.objects.filter(default_for=issue.publication_id, active=True).order_by(
                "kind", "position", "pk"
            )
        )
        created = []
        for kind in LineKind:
            if kind in existing:
                continue
            groups = [group for group in defaults if group.kind == kind]
            if not groups:
                continue
            line = IssueLine.objects.create(issue=issue, kind=kind)
            line.groups.set(groups)
            created.append(line)
    return created


def issue_line_set(*, issue: Issue, actor, kind: str, groups=(), text: str = "") -> IssueLine | None:
    """Set the footer line of ``kind`` (报送, 印发, 抄送) of a drafting issue to ``groups``, or to a
    printed ``text`` that replaces the groups' names; with neither, the line is removed. Returns the
    line, or None when there is none left."""
    _check_office(actor)
    if kind not in LineKind.values:
        raise DistributionError(_("There is no footer line of that kind."))
    text = (text or "").strip()
    if "\x00" in text:
        raise DistributionError(_("The text contains a character that cannot be stored (NUL); remove it."))
    groups = list(groups)
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        if locked.status != Issue.Status.DRAFTING:
            raise DistributionError(
                _("%(issue)s is “%(status)s”; its footer can only be changed while it is being drafted.")
                % {"issue": locked.label, "status": locked.get_status_display()}
            )
        line = IssueLine.objects.filter(issue=locked, kind=kind).first()
        if not groups and not text:
            if line is not None:
                line.delete()
            return None
        if line is None:
            line = IssueLine(issue=locked, kind=kind)
        line.text = text
        # An imported line's label as printed (报：) gives way to the usual one once an editor sets it.
        line.printed_label = ""
        try:
            line.full_clean(exclude=["groups"])
        except ValidationError as error:
            raise DistributionError(*error.messages) from error
        line.save()
        line.groups.set(groups)
    return line


def issue_fill_copies(*, issue: Issue) -> int | None:
    """共印N份 left empty becomes the number of distinct people on the footer lines (when there are
    any). A number typed in is kept. Returns the number now stored."""
    if issue.copies:
        return issue.copies
    count = issue_copies_default(issue)
    if not count:
        return issue.copies
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        if locked.copies:
            issue.copies = locked.copies
            return locked.copies
        locked.copies = count
        locked.printed_copies = ""
        locked.save(update_fields=["copies", "printed_copies", "updated"])
    issue.copies = count
    return count


# --- Delivering a published issue ----------------------------------------------------------------------


def _events(deliveries, action, *, actor=None, note="") -> None:
    now = timezone.now()
    DeliveryEvent.objects.bulk_create(
        [
            DeliveryEvent(delivery=d, action=action, actor=_actor_or_none(actor), note=note, created=now)
            for d in deliveries
        ]
    )


def issue_deliver(*, issue: Issue, actor=None) -> list[int]:
    """Create a delivery for every person on the issue's footer lines who has none yet, and queue
    their e-mails (also any queued earlier and not sent, e.g. when the issue was recalled before the
    queue got to them). Returns the ids queued. Runs after the publish committed; ``actor`` is whoever
    published (None for the scheduler)."""
    now = timezone.now()
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        if not locked.is_published:
            raise DistributionError(
                _("%(issue)s is not published; only published issues are sent to their recipients.")
                % {"issue": locked.label}
            )
        people = issue_people(locked)
        existing = list(Delivery.objects.filter(issue=locked).only("pk", "user_id", "email", "status"))
        known_users = {d.user_id for d in existing if d.user_id}
        known_emails = {d.email for d in existing if d.email}
        by_user = {d.user_id: d for d in existing if d.user_id}
        by_email = {d.email: d for d in existing if d.email}
        new, memberships = [], []
        for person in people:
            match = next((by_user[u] for u in person.user_ids if u in by_user), None) or next(
                (by_email[e] for e in person.emails if e in by_email), None
            )
            if match is not None:
                memberships += [(match, group_id) for group_id in person.group_ids]
                continue
            if person.user_ids & known_users or person.emails & known_emails:
                continue
            delivery = Delivery(
                issue=locked,
                user_id=person.user_id,
                email=person.email,
                name=person.name[:100],
                title=person.title[:100],
                status=DeliveryStatus.QUEUED if person.email else DeliveryStatus.NO_ADDRESS,
                queued_at=now,
                link_nonce=tokens.new_nonce(),
            )
            new.append(delivery)
            memberships += [(delivery, group_id) for group_id in person.group_ids]
            known_users |= person.user_ids
            known_emails |= person.emails
        Delivery.objects.bulk_create(new, batch_size=500)
        if any(d.pk is None for d in new):  # a backend that does not return ids
            by_key = {
                (d.user_id, d.email): d
                for d in Delivery.objects.filter(issue=locked).only("pk", "user_id", "email")
            }
            for d in new:
                d.pk = d.id = by_key[(d.user_id, d.email)].pk
        Through = Delivery.groups.through
        Through.objects.bulk_create(
            [Through(delivery_id=d.pk, recipientgroup_id=group_id) for d, group_id in memberships],
            ignore_conflicts=True,
            batch_size=1000,
        )
        _events([d for d in new if d.status == DeliveryStatus.QUEUED], DeliveryAction.QUEUED, actor=actor)
        _events(
            [d for d in new if d.status == DeliveryStatus.NO_ADDRESS], DeliveryAction.NO_ADDRESS, actor=actor
        )
        waiting = [d.pk for d in existing if d.status == DeliveryStatus.QUEUED]
        queued = waiting + [d.pk for d in new if d.status == DeliveryStatus.QUEUED]
        _enqueue_after_commit(queued)
    if not locked.copies:
        issue_fill_copies(issue=locked)
    return queued


def _requeue(deliveries: list[Delivery], *, actor, action=DeliveryAction.RESENT, note="") -> list[int]:
    """Put deliveries back in the queue (a withdrawn link gets a new key, so the new e-mail works) and
    queue the sending after commit. Call inside atomic() with the rows locked."""
    now = timezone.now()
    sendable = [d for d in deliveries if d.email]
    fields = {
        "status": DeliveryStatus.QUEUED,
        "queued_at": now,
        "next_attempt_at": None,
        "attempts": 0,
        "error": "",
    }
    Delivery.objects.filter(pk__in=[d.pk for d in sendable]).update(**fields)
    for delivery in sendable:
        for name, value in fields.items():
            setattr(delivery, name, value)
        if delivery.link_revoked_at is not None:
            delivery.link_revoked_at, delivery.link_nonce = None, tokens.new_nonce()
            Delivery.objects.filter(pk=delivery.pk).update(
                link_revoked_at=None, link_nonce=delivery.link_nonce
            )
    _events(sendable, action, actor=actor, note=note)
    ids = [d.pk for d in sendable]
    _enqueue_after_commit(ids)
    return ids


def _published_or_error(issue: Issue) -> None:
    if not issue.is_published:
        raise DistributionError(
            _("%(issue)s is not published at the moment; its reading links cannot be sent.")
            % {"issue": issue.label}
        )


def delivery_resend(*, deliveries, actor) -> int:
    """Mail each of ``deliveries`` their reading link again (asked for by the office). Deliveries
    without an e-mail address are skipped. Returns how many were queued."""
    _check_office(actor)
    ids = [d.pk for d in deliveries]
    with transaction.atomic():
        issue_ids = set(Delivery.objects.filter(pk__in=ids).values_list("issue_id", flat=True))
        for issue in Issue.objects.select_for_update().filter(pk__in=issue_ids).order_by("pk"):
            _published_or_error(issue)
        locked = list(Delivery.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        return len(_requeue(locked, actor=actor))


def issue_resend(*, issue: Issue, actor, only_unopened: bool = False) -> int:
    """Send ``issue`` again to everybody on its lines (or only to those who have not opened it): new
    people get their first delivery, the others their link again. Returns how many were queued."""
    _check_office(actor)
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        _published_or_error(locked)
        already = list(Delivery.objects.filter(issue=locked).values_list("pk", flat=True))
        created = issue_deliver(issue=locked, actor=actor)
        rows = Delivery.objects.select_for_update().filter(pk__in=already).exclude(pk__in=created)
        if only_unopened:
            rows = rows.filter(first_read_at__isnull=True)
        requeued = _requeue(list(rows.order_by("pk")), actor=actor)
    return len(created) + len(requeued)


def delivery_revoke(*, deliveries, actor, note: str = "") -> int:
    """Withdraw the personal reading links of ``deliveries``: they stop working at once. A later
    re-send issues a new link. Returns how many links were withdrawn."""
    _check_office(actor)
    ids = [d.pk for d in deliveries]
    with transaction.atomic():
        locked = list(
            Delivery.objects.select_for_update()
            .filter(pk__in=ids, link_revoked_at__isnull=True)
            .order_by("pk")
        )
        now = timezone.now()
        Delivery.objects.filter(pk__in=[d.pk for d in locked]).update(link_revoked_at=now)
        for delivery in locked:
            delivery.link_revoked_at = now
        _events(locked, DeliveryAction.REVOKED, actor=actor, note=note.strip())
    return len(locked)


def delivery_keep(*, deliveries, actor, note: str = "") -> int:
    """Keep the reading links of ``deliveries`` working although their people's accounts were
    deactivated or they left the issue's recipient groups (the link is otherwise refused at opening).
    A withdrawn link stays withdrawn. Returns how many links were newly kept."""
    _check_office(actor)
    ids = [d.pk for d in deliveries]
    with transaction.atomic():
        locked = list(
            Delivery.objects.select_for_update()
            .filter(pk__in=ids, link_kept_at__isnull=True, link_revoked_at__isnull=True)
            .order_by("pk")
        )
        now = timezone.now()
        Delivery.objects.filter(pk__in=[d.pk for d in locked]).update(link_kept_at=now)
        for delivery in locked:
            delivery.link_kept_at = now
        _events(locked, DeliveryAction.KEPT, actor=actor, note=note.strip())
    return len(locked)
