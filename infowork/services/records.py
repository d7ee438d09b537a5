"""Upward adoptions (上级采用), leader instructions (领导批示) and the units’ feedback (落实情况).

Each function takes ``actor=`` and checks it itself, so the desk, the admin and the commands share
one path: guard (role → state → input), then inside ``transaction.atomic()`` lock the article, save,
write one :class:`~infowork.models.InfoworkLog` row, and queue the mails with
``transaction.on_commit`` (a rolled-back change mails nobody).

Only editors (and superusers) record and delete adoptions and instructions. Feedback on an
instruction comes from a correspondent whose unit scope covers one of the article's units (anyone
else in a correspondent's role gets 404, as everywhere) or from an editor.

Steps that may not happen raise :class:`~articles.services.errors.WorkflowError`; bad input raises
:class:`~django.core.exceptions.ValidationError` with the messages keyed by the argument's name
(``level``, ``outlet``, ``date``, ``text``, …). Nothing is saved then. Dates are the office's
calendar days (:func:`infowork.stats.office_today`).
"""

from __future__ import annotations

import datetime
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from articles.notifications import display_name, users_with_role
from articles.services.errors import WorkflowError
from contributors.permissions import check_in_scope_or_404
from contributors.roles import Role, has_role

from ..log import log_action
from ..models import InfoworkLog, Instruction, InstructionFeedback, Level, UpwardAdoption
from ..recipients import recipients_by_unit
from ..stats import day_label, office_today

__all__ = [
    "article_publication_day",
    "feedback_audience",
    "instruction_audience",
    "instruction_delete",
    "instruction_feedback_record",
    "instruction_record",
    "unit_recipients",
    "upward_adoption_delete",
    "upward_adoption_record",
]

A = InfoworkLog.Action
OUTLET_MAX = UpwardAdoption._meta.get_field("outlet").max_length
LEADER_MAX = Instruction._meta.get_field("leader").max_length
TEXT_MAX = 5000


# --- Guards ----------------------------------------------------------------------------------------


def _is_editor(actor) -> bool:
    return bool(
        getattr(actor, "is_authenticated", False) and actor.is_active and has_role(actor, Role.EDITOR)
    )


def _check_editor(actor, message) -> None:
    if not _is_editor(actor):
        raise WorkflowError(message)


def article_publication_day(article: Article) -> datetime.date | None:
    """The office's calendar day the article was published, or ``None`` if it is not published."""
    if article.status != Article.Status.PUBLISHED or article.published_at is None:
        return None
    return timezone.localdate(article.published_at, timezone=timezone.get_default_timezone())


def _locked_article(article: Article) -> Article:
    return Article.objects.select_for_update(of=("self",)).get(pk=article.pk)


def _check_published(article: Article, message) -> datetime.date:
    day = article_publication_day(article)
    if day is None:
        raise WorkflowError(message % {"title": article.title})
    return day


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _check_text(errors: dict, name: str, value: str, *, empty, limit: int, what) -> None:
    if not value:
        errors.setdefault(name, []).append(empty)
    elif len(value) > limit:
        errors.setdefault(name, []).append(
            _("%(what)s is too long: at most %(limit)s characters, this has %(count)s.")
            % {"what": what, "limit": limit, "count": len(value)}
        )
    elif "\x00" in value:
        errors.setdefault(name, []).append(
            _("The text contains a character that cannot be stored (NUL); remove it.")
        )


def _check_level(errors: dict, level) -> None:
    if level not in Level.values:
        errors.setdefault("level", []).append(
            _("Choose one of the levels: %(levels)s.")
            % {"levels": "".join(f"“{label}”" for label in Level.labels)}
        )


def _check_day(errors: dict, name: str, day, *, empty, what, not_before=None, before_message=None) -> None:
    """``day`` must be a date, not after the office's today and not before ``not_before``."""
    if day is None:
        errors.setdefault(name, []).append(empty)
        return
    if isinstance(day, datetime.datetime) or not isinstance(day, datetime.date):
        errors.setdefault(name, []).append(_("Enter the date as YYYY-MM-DD, for example 2026-01-31."))
        return
    today = office_today()
    if day > today:
        errors.setdefault(name, []).append(
            _("%(what)s (%(day)s) is in the future; today is %(today)s.")
            % {"what": what, "day": day_label(day), "today": day_label(today)}
        )
    elif not_before is not None and day < not_before:
        errors.setdefault(name, []).append(
            before_message % {"day": day_label(day), "first": day_label(not_before)}
        )


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


# --- Who is told -----------------------------------------------------------------------------------


def unit_recipients(unit_ids) -> list:
    """The people mailed for the units (``infowork.recipients``), each once, by account."""
    people = {user.pk: user for users in recipients_by_unit(unit_ids).values() for user in users}
    return [people[pk] for pk in sorted(people)]


def instruction_audience(article: Article) -> list:
    """Who hears of an instruction on ``article``: the correspondents of its units."""
    return unit_recipients(article.units.values_list("pk", flat=True))


def feedback_audience(*, exclude=None) -> list:
    """Who hears of feedback: the editors (but not the one who reported it)."""
    users = users_with_role(Role.EDITOR)
    if exclude is not None and getattr(exclude, "pk", None):
        users = users.exclude(pk=exclude.pk)
    return list(users.order_by("pk"))


def _people(users) -> list[dict]:
    return [{"name": display_name(user), "email": user.email} for user in users]


def _mail_after_commit(kind: str, pk: int, users) -> None:
    user_ids = [user.pk for user in users]
    if not user_ids:
        return
    from ..records_mail import send_records_mail

    transaction.on_commit(partial(send_records_mail.enqueue, kind, pk, user_ids))


# --- 上级采用 --------------------------------------------------------------------------------------


def upward_adoption_record(
    *, actor, article: Article, level: str, outlet: str, date: datetime.date, note: str = ""
) -> UpwardAdoption:
    """Record that a higher body took up a published piece: at which ``level``, in which ``outlet``
    (刊物或单位), on which day. Editors only; the day lies between the article's publication and
    today; the same outlet on the same day is recorded once."""
    _check_editor(actor, _("Only the editorial office may record upward adoptions."))
    outlet, note = _text(outlet), _text(note)
    with transaction.atomic():
        locked = _locked_article(article)
        published = _check_published(
            locked, _("“%(title)s” is not published; only a published article can be recorded as adopted.")
        )
        errors: dict = {}
        _check_level(errors, level)
        _check_text(
            errors,
            "outlet",
            outlet,
            empty=_("Write which body or publication adopted the article."),
            limit=OUTLET_MAX,
            what=_("The outlet"),
        )
        _check_day(
            errors,
            "date",
            date,
            empty=_("Give the day the article was adopted."),
            what=_("The day adopted"),
            not_before=published,
            before_message=_("The day adopted (%(day)s) is before the article was published (%(first)s)."),
        )
        if note:
            _check_text(errors, "note", note, empty="", limit=TEXT_MAX, what=_("The note"))
        if (
            not errors
            and UpwardAdoption.objects.filter(article=locked, outlet=outlet, adopted_on=date).exists()
        ):
            errors["outlet"] = [
                _("This adoption is already recorded: %(outlet)s, %(day)s.")
                % {"outlet": outlet, "day": day_label(date)}
            ]
        _raise(errors)
        adoption = UpwardAdoption.objects.create(
            article=locked, level=level, outlet=outlet, adopted_on=date, note=note, recorded_by=actor
        )
        log_action(
            actor=actor,
            action=A.UPWARD_RECORD,
            article=locked,
            adoption=adoption.pk,
            level=level,
            outlet=outlet,
            date=date,
            note=note,
        )
    return adoption


def _delete_logged(*, actor, record, reason: str, refused, gone, action, details) -> None:
    """Delete a wrongly recorded ``record`` (an adoption or an instruction) with the reason, logging
    what was deleted (``details(locked)``). Editors only; a second delete says it is gone."""
    _check_editor(actor, refused)
    reason = _text(reason)
    errors: dict = {}
    _check_text(
        errors,
        "reason",
        reason,
        empty=_("Give the reason for deleting it."),
        limit=TEXT_MAX,
        what=_("The reason"),
    )
    _raise(errors)
    with transaction.atomic():
        locked = (
            type(record).objects.select_for_update().select_related("article").filter(pk=record.pk).first()
        )
        if locked is None:
            raise WorkflowError(gone)
        log_action(actor=actor, action=action, article=locked.article, **details(locked), reason=reason)
        locked.delete()


def upward_adoption_delete(*, actor, adoption: UpwardAdoption, reason: str) -> None:
    """Delete a wrongly recorded adoption, with the reason (kept in the log with what was deleted)."""
    _delete_logged(
        actor=actor,
        record=adoption,
        reason=reason,
        refused=_("Only the editorial office may delete upward adoptions."),
        gone=_("This upward adoption has already been deleted."),
        action=A.UPWARD_DELETE,
        details=lambda locked: {
            "adoption": locked.pk,
            "level": locked.level,
            "outlet": locked.outlet,
            "date": locked.adopted_on,
            "note": locked.note,
        },
    )


# --- 领导批示 --------------------------------------------------------------------------------------


def instruction_record(
    *, actor, article: Article, leader: str, level: str, date: datetime.date, text: str
) -> Instruction:
    """Record a leader's instruction on a published piece: who (``leader``), at which ``level``, on
    which day, what. Editors only. The correspondents of the article's units are mailed after
    commit, so that they report what was done."""
    _check_editor(actor, _("Only the editorial office may record leader instructions."))
    leader, text = _text(leader), _text(text)
    with transaction.atomic():
        locked = _locked_article(article)
        published = _check_published(
            locked, _("“%(title)s” is not published; instructions are recorded on published articles only.")
        )
        errors: dict = {}
        _check_text(
            errors,
            "leader",
            leader,
            empty=_("Write who gave the instruction, e.g. the leader's name and post."),
            limit=LEADER_MAX,
            what=_("The leader"),
        )
        _check_level(errors, level)
        _check_day(
            errors,
            "date",
            date,
            empty=_("Give the day of the instruction."),
            what=_("The day of the instruction"),
            not_before=published,
            before_message=_(
                "The day of the instruction (%(day)s) is before the article was published (%(first)s)."
            ),
        )
        _check_text(
            errors,
            "text",
            text,
            empty=_("Write what the leader instructed; an instruction cannot be empty."),
            limit=TEXT_MAX,
            what=_("The instruction"),
        )
        if (
            not errors
            and Instruction.objects.filter(
                article=locked, leader=leader, instructed_on=date, text=text
            ).exists()
        ):
            # A second click or a form sent again would count the instruction's points twice.
            errors["text"] = [
                _("This instruction is already recorded: %(leader)s, %(day)s.")
                % {"leader": leader, "day": day_label(date)}
            ]
        _raise(errors)
        instruction = Instruction.objects.create(
            article=locked, leader=leader, level=level, instructed_on=date, text=text, recorded_by=actor
        )
        told = instruction_audience(locked)
        log_action(
            actor=actor,
            action=A.INSTRUCTION_RECORD,
            article=locked,
            instruction=instruction.pk,
            leader=leader,
            level=level,
            date=date,
            text=text,
            told=_people(told),
        )
        _mail_after_commit("instruction", instruction.pk, told)
    return instruction


def instruction_delete(*, actor, instruction: Instruction, reason: str) -> None:
    """Delete a wrongly recorded instruction (and the feedback on it), with the reason."""
    _delete_logged(
        actor=actor,
        record=instruction,
        reason=reason,
        refused=_("Only the editorial office may delete leader instructions."),
        gone=_("This instruction has already been deleted."),
        action=A.INSTRUCTION_DELETE,
        details=lambda locked: {
            "instruction": locked.pk,
            "leader": locked.leader,
            "level": locked.level,
            "date": locked.instructed_on,
            "text": locked.text,
            "feedback": [
                {"text": row.text, "done_on": row.done_on, "reported_by": display_name(row.reported_by)}
                for row in locked.feedback.select_related("reported_by").order_by("created", "pk")
            ],
        },
    )


def instruction_feedback_record(
    *, actor, instruction: Instruction, text: str, done_on: datetime.date
) -> InstructionFeedback:
    """A unit reports what it did about an instruction (落实情况) and when. A correspondent whose
    units include one of the article's (else 404), or an editor. The editors are mailed."""
    article = instruction.article
    if not _is_editor(actor):
        if not (getattr(actor, "is_authenticated", False) and has_role(actor, Role.CORRESPONDENT)):
            raise WorkflowError(
                _("Only the units' correspondents and the editorial office may report feedback.")
            )
        check_in_scope_or_404(actor, article.units.values_list("pk", flat=True))
    text = _text(text)
    with transaction.atomic():
        locked = Instruction.objects.select_for_update().filter(pk=instruction.pk).first()
        if locked is None:
            raise WorkflowError(_("This instruction has been deleted; there is nothing to report on."))
        errors: dict = {}
        _check_text(
            errors,
            "text",
            text,
            empty=_("Write what was done about the instruction."),
            limit=TEXT_MAX,
            what=_("The feedback"),
        )
        _check_day(
            errors,
            "done_on",
            done_on,
            empty=_("Give the day it was done."),
            what=_("The day done"),
            not_before=locked.instructed_on,
            before_message=_("The day done (%(day)s) is before the instruction was given (%(first)s)."),
        )
        _raise(errors)
        last = locked.feedback.order_by("-created", "-pk").first()
        if last is not None and (last.text, last.done_on) == (text, done_on):
            # The same report twice (a second click, the browser sending the form again): kept once.
            raise WorkflowError(
                _("This feedback was already sent on %(when)s; it is kept once.")
                % {"when": timezone.localtime(last.created).strftime("%Y-%m-%d %H:%M")}
            )
        feedback = InstructionFeedback.objects.create(
            instruction=locked, text=text, done_on=done_on, reported_by=actor
        )
        told = feedback_audience(exclude=actor)
        log_action(
            actor=actor,
            action=A.FEEDBACK_RECORD,
            article=article,
            instruction=locked.pk,
            feedback=feedback.pk,
            text=text,
            done_on=done_on,
            told=_people(told),
        )
        _mail_after_commit("feedback", feedback.pk, told)
    return feedback
