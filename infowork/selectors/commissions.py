"""Commissions as the office and the units see them.

- :func:`commission_list`: the editor's list, running first, each with how many units were asked and
  how many have sent in an answer (two subqueries: one query for a page, whatever its size).
- :func:`commission_units`: per commissioned unit, its answers and its state — *answered* (an answer
  sent in), *late* (the deadline passed and no answer sent in), *waiting*, or, once the commission
  is closed or cancelled, *not sent in* (state "cancelled": nobody waits for it any more).
- :func:`commissions_for_user`: the commissions addressed to the units a correspondent works for.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Subquery, Value, When
from django.db.models.functions import Coalesce

from articles.models import Article
from contributors.models import Unit
from contributors.permissions import unit_scope

from ..models import Commission, CommissionAnswer, CommissionUnit
from ..services.commissions import SUBMITTED_STATES
from ..stats import office_today
from .records import cached_scope

__all__ = [
    "ANSWERED",
    "ENDED_UNANSWERED",
    "LATE",
    "WAITING",
    "UnitAnswers",
    "commission_counts",
    "commission_for_user",
    "commission_list",
    "commission_units",
    "commissions_for_user",
    "commissions_to_answer",
    "late_targets",
    "running_commissions_for_user",
]

C = Commission.Status
RUNNING = (C.OPEN, C.OVERDUE)
ANSWERED, LATE, WAITING = "answered", "late", "waiting"
# A unit that sent nothing to a commission now closed or cancelled: no longer waited for.
ENDED_UNANSWERED = "cancelled"


def _answered_units():
    """The number of a commission's units with an answer sent in, as a subquery on Commission."""
    sent_in = CommissionAnswer.objects.filter(
        commission_id=OuterRef("commission_id"),
        article__status__in=SUBMITTED_STATES,
        article__units=OuterRef("unit_id"),
    )
    return (
        CommissionUnit.objects.filter(commission_id=OuterRef("pk"))
        .filter(Exists(sent_in))
        .order_by()
        .values("commission_id")
        .annotate(n=Count("pk"))
        .values("n")
    )


def _unit_count():
    return (
        CommissionUnit.objects.filter(commission_id=OuterRef("pk"))
        .order_by()
        .values("commission_id")
        .annotate(n=Count("pk"))
        .values("n")
    )


def commission_list(status: str | None = None, *, user=None):
    """Commissions for the editor: running (open, overdue) first by deadline, then the ended ones
    newest first; each with ``unit_count`` and ``answered_count``. ``status`` narrows to one state."""
    commissions = commissions_for_user(user) if user is not None else Commission.objects.all()
    if status:
        commissions = commissions.filter(status=status)
    return commissions.annotate(
        unit_count=Coalesce(Subquery(_unit_count(), output_field=IntegerField()), 0),
        answered_count=Coalesce(Subquery(_answered_units(), output_field=IntegerField()), 0),
        running_first=Case(When(status__in=RUNNING, then=Value(0)), default=Value(1)),
    ).order_by("running_first", Case(When(status__in=RUNNING, then="deadline")), "-created", "-pk")


def commission_counts(*, user=None) -> dict[str, int]:
    """How many commissions (those ``user`` may open) are in each state, for the tabs."""
    commissions = commissions_for_user(user) if user is not None else Commission.objects.all()
    return dict(commissions.order_by().values_list("status").annotate(n=Count("pk")))


@dataclass
class UnitAnswers:
    """One commissioned unit: its reminders, its answers (articles with their status) and its state."""

    target: CommissionUnit
    answers: list[Article] = field(default_factory=list)
    state: str = WAITING

    @property
    def unit(self) -> Unit:
        return self.target.unit

    @property
    def answered(self) -> bool:
        return self.state == ANSWERED

    @property
    def late(self) -> bool:
        return self.state == LATE


def commission_units(commission: Commission, *, unit_ids=None, today: datetime.date | None = None):
    """Each commissioned unit (all, or those in ``unit_ids``) in the units' order, with its answers
    and state. Three queries."""
    today = today or office_today()
    targets = CommissionUnit.objects.filter(commission=commission).select_related("unit")
    if unit_ids is not None:
        targets = targets.filter(unit_id__in=unit_ids)
    rows = [UnitAnswers(target=target) for target in targets.order_by("unit__position", "unit__name")]
    by_unit = {row.target.unit_id: row for row in rows}
    answers = (
        Article.objects.filter(commission_answer__commission=commission)
        .only("pk", "title", "status", "submitted_at", "updated")
        .prefetch_related(Prefetch("units", queryset=Unit.objects.only("pk")))
        .order_by("pk")
    )
    for article in answers:
        for unit in article.units.all():
            if unit.pk in by_unit:
                by_unit[unit.pk].answers.append(article)
    passed = commission.deadline < today
    for row in rows:
        if any(article.status in SUBMITTED_STATES for article in row.answers):
            row.state = ANSWERED
        elif commission.status not in RUNNING:
            row.state = ENDED_UNANSWERED
        elif passed:
            row.state = LATE
    return rows


def _addressed_to(unit_ids):
    return Exists(CommissionUnit.objects.filter(commission_id=OuterRef("pk"), unit_id__in=unit_ids))


def commissions_for_user(user):
    """The commissions a user may open: every one for the office, those sent to a unit in their
    scope for a correspondent, none for anybody else."""
    scope = unit_scope(user)
    if scope is None:
        return Commission.objects.all()
    if not scope:
        return Commission.objects.none()
    return Commission.objects.filter(_addressed_to(scope))


def running_commissions_for_user(user):
    """The running commissions a user can answer, nearest deadline first."""
    return commissions_for_user(user).filter(status__in=RUNNING).order_by("deadline", "pk")


def commission_for_user(user, pk: int) -> Commission | None:
    """One commission if the user may open it, else None (the views answer 404)."""
    return commissions_for_user(user).select_related("created_by", "ended_by").filter(pk=pk).first()


def _sent_in_by_target():
    """An answer of the CommissionUnit row's unit sent in to its commission (EXISTS on the row)."""
    return Exists(
        CommissionAnswer.objects.filter(
            commission_id=OuterRef("commission_id"),
            article__status__in=SUBMITTED_STATES,
            article__units=OuterRef("unit_id"),
        )
    )


def commissions_to_answer(user):
    """The running commissions sent to a unit of the user's that has not sent in its answer yet,
    nearest deadline first: what a correspondent still has to write (one query, and the scope)."""
    scope = cached_scope(user)
    if scope is not None and not scope:
        return Commission.objects.none()
    waiting = CommissionUnit.objects.filter(commission_id=OuterRef("pk")).exclude(_sent_in_by_target())
    if scope is not None:
        waiting = waiting.filter(unit_id__in=scope)
    return Commission.objects.filter(status__in=RUNNING).filter(Exists(waiting)).order_by("deadline", "pk")


def late_targets(*, today: datetime.date | None = None):
    """The units late with an answer: rows of running commissions whose deadline has passed and whose
    unit has sent in nothing, with the commission and the unit, the oldest deadline first (one
    query)."""
    today = today or office_today()
    return (
        CommissionUnit.objects.filter(commission__status__in=RUNNING, commission__deadline__lt=today)
        .exclude(_sent_in_by_target())
        .select_related("commission", "unit")
        .order_by("commission__deadline", "commission_id", "unit__position", "unit__name")
    )
