"""Scoring rules (积分规则) and the yuan per point (稿费标准). Editors (and superusers) only; every
change writes one log row with the values before and after. Bad input saves nothing."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from articles.services.errors import WorkflowError
from contributors.roles import Role, has_role

from ..log import log_action
from ..models import InfoworkLog, PayRate, ScoringRule

__all__ = ["scoring_rule_update", "pay_rate_set"]

POINTS_MAX = Decimal("99999.99")
RATE_MAX = Decimal("999999.99")
YEAR_FIRST, YEAR_LAST = 1900, 2999


def _check_editor(actor) -> None:
    if not has_role(actor, Role.EDITOR):
        raise WorkflowError(_("Only editors may change the scoring rules and the pay rate."))


def _decimal(value, *, field: str, largest: Decimal, negative: str, not_number: str) -> Decimal:
    """``value`` as a Decimal of two places, or a ValidationError on ``field`` a person can act on."""
    if isinstance(value, bool):
        raise ValidationError({field: not_number})
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: not_number}) from None
    if not number.is_finite():
        raise ValidationError({field: not_number})
    if number < 0:
        raise ValidationError({field: negative})
    if number > largest:
        raise ValidationError({field: _("Enter a number no larger than %(max)s.") % {"max": largest}})
    if number != number.quantize(Decimal("0.01")):
        raise ValidationError({field: _("Enter a number with at most two decimal places.")})
    # "-0" is zero: adding zero drops the sign, so no "-0.00" is stored or shown.
    return number.quantize(Decimal("0.01")) + 0


def clean_points(value) -> Decimal:
    return _decimal(
        value,
        field="points",
        largest=POINTS_MAX,
        negative=_("Points cannot be negative."),
        not_number=_("Points must be a number, such as 5 or 2.5."),
    )


def clean_rate(value) -> Decimal:
    return _decimal(
        value,
        field="yuan_per_point",
        largest=RATE_MAX,
        negative=_("The yuan per point cannot be below zero."),
        not_number=_("The yuan per point must be a number, such as 20 or 12.5."),
    )


def clean_year(value) -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({"year": _("Enter the year as four digits, such as 2026.")}) from None
    if not YEAR_FIRST <= year <= YEAR_LAST:
        raise ValidationError(
            {"year": _("Enter a year from %(first)s to %(last)s.") % {"first": YEAR_FIRST, "last": YEAR_LAST}}
        )
    return year


def scoring_rule_update(*, actor, rule: ScoringRule, points, split: bool) -> ScoringRule:
    """Set a rule's points and whether a piece of several units splits them."""
    _check_editor(actor)
    points = clean_points(points)
    with transaction.atomic():
        current = ScoringRule.objects.select_for_update().get(pk=rule.pk)
        before = {"points": current.points, "split": current.split}
        after = {"points": points, "split": bool(split)}
        if before == after:
            return current
        current.points, current.split, current.updated_by = points, bool(split), actor
        current.save()
        log_action(
            actor=actor,
            action=InfoworkLog.Action.RULE_CHANGE,
            rule=str(current),
            event=current.event,
            level=current.level,
            before=before,
            after=after,
        )
    return current


def pay_rate_set(*, actor, year, yuan_per_point) -> PayRate:
    """Set the yuan per point of ``year`` (made if the year has none yet)."""
    _check_editor(actor)
    year, rate = clean_year(year), clean_rate(yuan_per_point)
    with transaction.atomic():
        current = PayRate.objects.select_for_update().filter(year=year).first()
        before = None if current is None else current.yuan_per_point
        if current is None:
            current = PayRate(year=year)
        elif before == rate:
            return current
        current.yuan_per_point, current.updated_by = rate, actor
        current.save()
        log_action(
            actor=actor,
            action=InfoworkLog.Action.PAY_RATE_SET,
            year=year,
            before=before,
            after=rate,
        )
    return current
