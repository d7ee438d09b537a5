"""Commissions (约稿): asking units for a piece, answers, reminders (催报), overdue, closing.

Each function takes ``actor=`` and checks it itself, so the desk, the admin and the commands share
one path: guard (role → state → input), then inside ``transaction.atomic()`` lock the row, change
it, write one :class:`~infowork.models.InfoworkLog` row, and queue the mails with
``transaction.on_commit`` (a rolled-back change mails nobody).

Steps that may not happen raise :class:`~articles.services.errors.WorkflowError`; bad input raises
:class:`~django.core.exceptions.ValidationError` with a message per field. Nothing is saved then.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from articles.notifications import display_name
from articles.services.errors import WorkflowError
from contributors.models import Unit
from contributors.permissions import check_in_scope_or_404
from contributors.roles import Role, has_role

from ..log import log_action
from ..models import Commission, CommissionAnswer, CommissionUnit, InfoworkLog
from ..recipients import recipients_by_unit
from ..stats import add_years, office_today

__all__ = [
    "SUBMITTED_STATES",
    "commission_answer",
    "commission_cancel",
    "commission_close",
    "commission_create",
    "commission_recipients",
    "commission_remind",
    "commissions_mark_overdue",
    "late_units",
]

C = Commission.Status
A = InfoworkLog.Action
S = Article.Status
RUNNING = (C.OPEN, C.OVERDUE)
# An answer counts as sent in (报送) once its article left the unit: submitted, then decided on.
SUBMITTED_STATES = (S.SUBMITTED, S.ACCEPTED, S.PUBLISHED, S.REJECTED)
# While its article is still with the unit, an answer may be changed or taken back.
CHANGEABLE_STATES = (S.DRAFT, S.RETURNED)
# An article may start answering a commission until the office has decided on it.
ANSWERABLE_STATES = (S.DRAFT, S.RETURNED, S.SUBMITTED)
TITLE_MAX = Commission._meta.get_field("title").max_length
BRIEF_MAX = 5000  # as the texts of the records (a leader's instruction, the feedback)


# --- Guards ----------------------------------------------------------------------------------------


def _check_editor(actor) -> None:
    if not has_role(actor, Role.EDITOR):
        raise WorkflowError(_("Only the editorial office may ask units for articles and follow them up."))


def _check_running(commission: Commission) -> None:
    if commission.status not in RUNNING:
        raise WorkflowError(
            _("The commission “%(title)s” is “%(status)s”; nothing more can be done with it.")
            % {"title": commission.title, "status": commission.get_status_display()}
        )


def _locked(commission: Commission) -> Commission:
    return Commission.objects.select_for_update().get(pk=commission.pk)


def _refresh(commission: Commission, locked: Commission) -> None:
    for name in ("status", "ended_at", "ended_by_id", "end_note", "updated"):
        setattr(commission, name, getattr(locked, name))


def _names(units: Iterable[Unit]) -> str:
    return "、".join(unit.name for unit in units)


# --- Who is told -----------------------------------------------------------------------------------


def commission_recipients(units: Iterable[Unit]) -> dict[Unit, list]:
    """Who is mailed for each unit (``infowork.recipients``), in the units' order; a unit nobody can
    be mailed for maps to an empty list. Two queries."""
    units = list(units)
    found = recipients_by_unit(unit.pk for unit in units)
    return {unit: found[unit.pk] for unit in units}


def _recipient_detail(recipients: dict[Unit, list]) -> list[dict]:
    return [
        {
            "unit": unit.name,
            "people": [{"name": display_name(user), "email": user.email} for user in users],
        }
        for unit, users in recipients.items()
    ]


def _mail_after_commit(kind: str, commission: Commission, recipients: dict[Unit, list]) -> None:
    user_ids = sorted({user.pk for users in recipients.values() for user in users})
    if not user_ids:
        return
    from ..tasks import send_commission_mail

    transaction.on_commit(partial(send_commission_mail.enqueue, kind, commission.pk, user_ids))


# --- 约稿 ------------------------------------------------------------------------------------------


def _clean_create(title, brief, deadline, units) -> tuple[str, str, datetime.date, list[Unit]]:
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    brief = (brief or "").strip()
    if not title:
        errors["title"] = [_("Enter the topic of the commission.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("The topic can be at most %(limit)d characters long.") % {"limit": TITLE_MAX}]
    if not brief:
        errors["brief"] = [_("Say what the units should write about.")]
    elif len(brief) > BRIEF_MAX:
        errors["brief"] = [
            _("The brief can be at most %(limit)d characters long; this one has %(count)d.")
            % {"limit": BRIEF_MAX, "count": len(brief)}
        ]
    today = office_today()
    if not isinstance(deadline, datetime.date):
        errors["deadline"] = [_("Enter the deadline as a date, for example 2026-12-31.")]
    elif deadline < today:
        errors["deadline"] = [
            _("The deadline %(deadline)s is in the past; choose today (%(today)s) or a later day.")
            % {"deadline": deadline.isoformat(), "today": today.isoformat()}
        ]
    elif deadline > add_years(today, 1):
        errors["deadline"] = [
            _("The deadline %(deadline)s is more than a year away; choose a day up to %(last)s.")
            % {"deadline": deadline.isoformat(), "last": add_years(today, 1).isoformat()}
        ]
    units = list(dict.fromkeys(units or []))
    if not units:
        errors["units"] = [_("Choose at least one unit to ask.")]
    else:
        inactive = [unit for unit in units if not unit.active]
        if inactive:
            errors["units"] = [
                _("These units are no longer active and cannot be asked: %(names)s.")
                % {"names": _names(inactive)}
            ]
    if errors:
        raise ValidationError(errors)
    return title, brief, deadline, units


def _check_not_sent_already(title: str, deadline: datetime.date, units: list[Unit]) -> None:
    """A running commission with the same topic, deadline and units is the same one sent again (a
    second click, a form sent twice): refused, so the units are not asked and mailed twice. Run with
    the units locked, so two requests at once cannot both pass."""
    wanted = {unit.pk for unit in units}
    for same in (
        Commission.objects.running().filter(title=title, deadline=deadline).prefetch_related("targets")
    ):
        if {target.unit_id for target in same.targets.all()} == wanted:
            raise ValidationError(
                {
                    "title": _(
                        "The commission “%(title)s” with this deadline was already sent to these units on %(when)s."
                    )
                    % {
                        "title": title,
                        "when": timezone.localtime(same.created).strftime("%Y-%m-%d %H:%M"),
                    }
                }
            )


def commission_create(*, actor, title: str, brief: str, deadline: datetime.date, units) -> Commission:
    """An editor asks ``units`` for a piece on ``title`` by ``deadline`` (约稿通知); their
    correspondents are mailed after the commit."""
    _check_editor(actor)
    title, brief, deadline, units = _clean_create(title, brief, deadline, units)
    units.sort(key=lambda unit: (unit.position, unit.name))
    recipients = commission_recipients(units)
    with transaction.atomic():
        # Re-read the units inside the transaction: one deactivated meanwhile is refused.
        current = {
            unit.pk: unit for unit in Unit.objects.select_for_update().filter(pk__in=[u.pk for u in units])
        }
        gone = [unit for unit in units if unit.pk not in current or not current[unit.pk].active]
        if gone:
            raise ValidationError(
                {
                    "units": _("These units are no longer active and cannot be asked: %(names)s.")
                    % {"names": _names(gone)}
                }
            )
        _check_not_sent_already(title, deadline, units)
        commission = Commission.objects.create(title=title, brief=brief, deadline=deadline, created_by=actor)
        CommissionUnit.objects.bulk_create(CommissionUnit(commission=commission, unit=unit) for unit in units)
        log_action(
            actor=actor,
            action=A.COMMISSION_CREATE,
            commission=commission,
            title=title,
            deadline=deadline,
            units=[unit.name for unit in units],
            recipients=_recipient_detail(recipients),
        )
        _mail_after_commit("created", commission, recipients)
    return commission


# --- 应约 ------------------------------------------------------------------------------------------


def commission_answer(*, actor, commission: Commission | None, article: Article) -> CommissionAnswer | None:
    """``article`` answers ``commission`` (``None``: it answers none any more). The article's own
    unit's correspondent or an editor; one of the article's units must be among the commissioned
    ones; an article answers at most one commission, and its choice may change only while it is
    with its unit (draft or returned)."""
    unit_ids = set(article.units.values_list("pk", flat=True))
    check_in_scope_or_404(actor, unit_ids)
    if not has_role(actor, Role.CORRESPONDENT, Role.EDITOR):
        raise WorkflowError(_("Only the unit's correspondent or the editorial office may do this."))
    with transaction.atomic():
        locked_article = Article.objects.select_for_update().get(pk=article.pk)
        current = CommissionAnswer.objects.select_related("commission").filter(article=locked_article).first()
        if current is not None and commission is not None and current.commission_id == commission.pk:
            return current  # already so: nothing to change, nothing to log
        if current is None and commission is None:
            return None
        if current is not None and locked_article.status not in CHANGEABLE_STATES:
            raise WorkflowError(
                _(
                    "“%(article)s” already answers the commission “%(title)s”; that can only be changed "
                    "while the article is a draft or returned for revision."
                )
                % {"article": locked_article.title, "title": current.commission.title}
            )
        if commission is None:
            old = current.commission
            current.delete()
            log_action(
                actor=actor,
                action=A.COMMISSION_ANSWER,
                commission=old,
                article=locked_article,
                answered=False,
                previous=old.title,
            )
            return None
        locked = _locked(commission)
        _check_running(locked)
        if locked_article.status not in ANSWERABLE_STATES:
            raise WorkflowError(
                _("“%(article)s” is “%(status)s”; it can no longer be given as an answer to a commission.")
                % {"article": locked_article.title, "status": locked_article.get_status_display()}
            )
        matching = list(
            Unit.objects.filter(
                pk__in=CommissionUnit.objects.filter(commission=locked, unit_id__in=unit_ids).values(
                    "unit_id"
                )
            ).order_by("position", "name")
        )
        if not matching:
            raise WorkflowError(
                _("The commission “%(title)s” was not sent to the units of “%(article)s”.")
                % {"title": locked.title, "article": locked_article.title}
            )
        previous = current.commission.title if current is not None else None
        if current is not None:
            current.commission = locked
            current.answered_by = actor if getattr(actor, "pk", None) else None
            current.save(update_fields=["commission", "answered_by"])
            answer = current
        else:
            answer = CommissionAnswer.objects.create(
                commission=locked,
                article=locked_article,
                answered_by=actor if getattr(actor, "pk", None) else None,
            )
        log_action(
            actor=actor,
            action=A.COMMISSION_ANSWER,
            commission=locked,
            article=locked_article,
            unit=matching[0],
            answered=True,
            units=[unit.name for unit in matching],
            previous=previous,
        )
    return answer


# --- 催报 ------------------------------------------------------------------------------------------


def late_units(commission: Commission) -> list[CommissionUnit]:
    """The commissioned units (their :class:`CommissionUnit` rows, with the unit) that have sent in
    no answer yet, in the units' order."""
    answered = CommissionAnswer.objects.filter(
        commission=commission, article__status__in=SUBMITTED_STATES
    ).values("article__units")
    return list(
        CommissionUnit.objects.filter(commission=commission)
        .exclude(unit_id__in=answered)
        .select_related("unit")
        .order_by("unit__position", "unit__name")
    )


def commission_remind(*, actor, commission: Commission, units=None) -> list[CommissionUnit]:
    """催报: mail the late units (all of them, or those of ``units`` that are late), record the
    reminder on each, and log who was mailed."""
    _check_editor(actor)
    with transaction.atomic():
        locked = _locked(commission)
        _check_running(locked)
        targets = late_units(locked)
        if units is not None:
            wanted = {unit.pk for unit in units}
            targets = [target for target in targets if target.unit_id in wanted]
        if not targets:
            raise WorkflowError(
                _("Every unit asked has sent in its answer to “%(title)s”; there is nobody to remind.")
                % {"title": locked.title}
            )
        now = timezone.now()
        CommissionUnit.objects.filter(pk__in=[target.pk for target in targets]).update(
            reminded_at=now, reminders=F("reminders") + 1
        )
        for target in targets:
            target.reminded_at = now
            target.reminders += 1
        recipients = commission_recipients([target.unit for target in targets])
        log_action(
            actor=actor,
            action=A.COMMISSION_REMIND,
            commission=locked,
            units=[target.unit.name for target in targets],
            recipients=_recipient_detail(recipients),
        )
        _mail_after_commit("reminder", locked, recipients)
    return targets


# --- 结束、取消 ------------------------------------------------------------------------------------


NOTE_MAX = 2000


def _end(*, actor, commission: Commission, note: str, status: str, action: str) -> Commission:
    """End the commission; the units asked that sent in no answer are told (after the commit)."""
    _check_editor(actor)
    note = (note or "").strip()
    if status == C.CANCELLED and not note:
        raise ValidationError({"note": _("Say why the commission is cancelled; the log keeps it.")})
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {
                "note": _("The note can be at most %(limit)d characters long; this one has %(count)d.")
                % {"limit": NOTE_MAX, "count": len(note)}
            }
        )
    with transaction.atomic():
        locked = _locked(commission)
        _check_running(locked)
        late = late_units(locked)
        recipients = commission_recipients([target.unit for target in late])
        before = locked.status
        locked.status = status
        locked.ended_at = timezone.now()
        locked.ended_by = actor
        locked.end_note = note
        locked.save(update_fields=["status", "ended_at", "ended_by", "end_note", "updated"])
        log_action(
            actor=actor,
            action=action,
            commission=locked,
            before=before,
            after=status,
            note=note,
            units=[target.unit.name for target in late],
            recipients=_recipient_detail(recipients),
        )
        _mail_after_commit(str(status), locked, recipients)
    _refresh(commission, locked)
    return commission


def commission_close(*, actor, commission: Commission, note: str = "") -> Commission:
    """结束: the office has what it needs; no more answers or reminders. The units that sent in no
    answer are mailed that they need not write any more."""
    return _end(actor=actor, commission=commission, note=note, status=C.CLOSED, action=A.COMMISSION_CLOSE)


def commission_cancel(*, actor, commission: Commission, note: str) -> Commission:
    """取消, with the reason (required); the units that sent in no answer are mailed it."""
    return _end(actor=actor, commission=commission, note=note, status=C.CANCELLED, action=A.COMMISSION_CANCEL)


# --- 逾期 ------------------------------------------------------------------------------------------


def commissions_mark_overdue(*, today: datetime.date | None = None) -> list[Commission]:
    """The daily task: open commissions whose deadline has passed become overdue, each logged with
    no actor (the system). Idempotent: a second run the same day finds nothing to do."""
    today = today or office_today()
    marked = []
    for pk in Commission.objects.filter(status=C.OPEN, deadline__lt=today).values_list("pk", flat=True):
        with transaction.atomic():
            locked = Commission.objects.select_for_update().filter(pk=pk, status=C.OPEN).first()
            if locked is None or locked.deadline >= today:
                continue
            locked.status = C.OVERDUE
            locked.save(update_fields=["status", "updated"])
            log_action(
                actor=None,
                action=A.COMMISSION_OVERDUE,
                commission=locked,
                deadline=locked.deadline,
                day=today,
            )
        marked.append(locked)
    return marked
