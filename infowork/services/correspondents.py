"""Correspondents (信息员): naming, changing and ending them. Editors (and superusers) only; every
change writes one log row with the values before and after."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from articles.services.errors import WorkflowError
from contributors.roles import Role, has_role

from ..log import log_action
from ..models import Correspondent, InfoworkLog
from ..stats import office_today

__all__ = ["correspondent_set", "correspondent_change", "correspondent_end"]

PHONE_MAX = Correspondent._meta.get_field("phone").max_length
NOTE_MAX = Correspondent._meta.get_field("note").max_length


def _check_editor(actor) -> None:
    if not has_role(actor, Role.EDITOR):
        raise WorkflowError(_("Only editors may name or change correspondents."))


def _clean(phone: str, since, note: str = "") -> tuple[str, datetime.date | None, str]:
    phone, note = (phone or "").strip(), (note or "").strip()
    errors = {}
    if len(phone) > PHONE_MAX:
        errors["phone"] = _("A phone number has at most %(max)s characters.") % {"max": PHONE_MAX}
    if len(note) > NOTE_MAX:
        errors["note"] = _("A note has at most %(max)s characters.") % {"max": NOTE_MAX}
    if since is not None and not isinstance(since, datetime.date):
        errors["since"] = _("Enter the date as YYYY-MM-DD.")
    elif since is not None and since > office_today():
        errors["since"] = _(
            "The day %(day)s is still to come; give the day the person became the correspondent."
        ) % {"day": since.isoformat()}
    if errors:
        raise ValidationError(errors)
    return phone, since, note


def _values(correspondent: Correspondent) -> dict:
    return {
        "staff": str(correspondent.staff),
        "phone": correspondent.phone,
        "since": correspondent.since,
        "note": correspondent.note,
        "active": correspondent.active,
    }


def correspondent_set(*, actor, staff, phone: str = "", since=None, note: str = "") -> Correspondent:
    """Name ``staff`` their unit's correspondent (again, if they were one before)."""
    _check_editor(actor)
    phone, since, note = _clean(phone, since, note)
    with transaction.atomic():
        current = Correspondent.objects.select_for_update().filter(staff=staff).first()
        if current is not None and current.active:
            raise WorkflowError(
                _("%(name)s is already a correspondent of %(unit)s.")
                % {"name": staff.user.get_full_name() or staff.user.get_username(), "unit": staff.unit.name}
            )
        before = _values(current) if current is not None else None
        if current is None:
            current = Correspondent(staff=staff)
        current.phone, current.since, current.note, current.active = phone, since, note, True
        current.save()
        log_action(
            actor=actor,
            action=InfoworkLog.Action.CORRESPONDENT_SET,
            unit=staff.unit,
            before=before,
            after=_values(current),
        )
    return current


def correspondent_change(*, actor, correspondent: Correspondent, phone: str, since=None, note: str = ""):
    """Change an active correspondent's phone, start date or note."""
    _check_editor(actor)
    phone, since, note = _clean(phone, since, note)
    with transaction.atomic():
        current = Correspondent.objects.select_for_update().select_related("staff__unit", "staff__user")
        current = current.get(pk=correspondent.pk)
        if not current.active:
            raise WorkflowError(_("This correspondent has been ended; name them again instead."))
        before = _values(current)
        current.phone, current.since, current.note = phone, since, note
        current.save()
        log_action(
            actor=actor,
            action=InfoworkLog.Action.CORRESPONDENT_CHANGE,
            unit=current.staff.unit,
            before=before,
            after=_values(current),
        )
    return current


def correspondent_end(*, actor, correspondent: Correspondent) -> Correspondent:
    """The staff member is no longer their unit's correspondent (the record stays, inactive)."""
    _check_editor(actor)
    with transaction.atomic():
        current = Correspondent.objects.select_for_update().select_related("staff__unit", "staff__user")
        current = current.get(pk=correspondent.pk)
        if not current.active:
            raise WorkflowError(_("This correspondent has already been ended."))
        before = _values(current)
        current.active = False
        current.save()
        log_action(
            actor=actor,
            action=InfoworkLog.Action.CORRESPONDENT_END,
            unit=current.staff.unit,
            before=before,
            after=_values(current),
        )
    return current
