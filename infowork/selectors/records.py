"""Upward adoptions and leader instructions as the office and the units see them.

Every list comes with what its rows show (the article, its units, who recorded, the feedback)
fetched in a fixed number of queries, whatever its length. ``user=`` restricts a list to the user's
unit scope (``contributors.permissions``: a correspondent sees their own units' records, the office
everything)."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from articles.models import Article
from contributors.models import Unit
from contributors.permissions import unit_scope

from ..models import Instruction, InstructionFeedback, Level, UpwardAdoption
from ..stats import office_today

__all__ = [
    "adoption_years",
    "article_records",
    "instructions_answered",
    "instructions_for_user",
    "instructions_waiting",
    "upward_adoptions",
    "waiting_days",
]

UNITS = Prefetch(
    "article__units", queryset=Unit.objects.only("pk", "name", "short_name").order_by("position", "name")
)
FEEDBACK = Prefetch(
    "feedback", queryset=InstructionFeedback.objects.select_related("reported_by").order_by("created", "pk")
)
ARTICLE_FIELDS = ("article__pk", "article__title", "article__status", "article__issue_id")


def _scoped(queryset: QuerySet, user) -> QuerySet:
    """Rows whose article names a unit in the user's scope (an EXISTS on the article's unit links:
    no duplicates). The scope costs a query per level of the unit tree: once per request, kept on
    the user object."""
    if user is None:
        return queryset
    scope = cached_scope(user)
    if scope is None:
        return queryset
    if not scope:
        return queryset.none()
    links = Article.units.through.objects.filter(article_id=OuterRef("article_id"), unit_id__in=sorted(scope))
    return queryset.filter(Exists(links))


def cached_scope(user):
    """``contributors.permissions.unit_scope`` of the user, read once per request (kept on the user
    object): several panels of one page share it."""
    if not hasattr(user, "_infowork_scope"):
        user._infowork_scope = unit_scope(user)
    return user._infowork_scope


def _with_article(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("article", "article__issue", "recorded_by").defer(
        "article__body", "article__search_text", "article__search_units"
    )


def article_records(article: Article) -> tuple[list[UpwardAdoption], list[Instruction]]:
    """The article's upward adoptions and its instructions with their feedback, newest first (three
    queries)."""
    adoptions = list(
        UpwardAdoption.objects.filter(article=article)
        .select_related("recorded_by")
        .order_by("-adopted_on", "-pk")
    )
    instructions = list(
        Instruction.objects.filter(article=article)
        .select_related("recorded_by")
        .prefetch_related(FEEDBACK)
        .order_by("-instructed_on", "-pk")
    )
    return adoptions, instructions


def _has_feedback():
    return Exists(InstructionFeedback.objects.filter(instruction=OuterRef("pk")))


def instructions_waiting(*, user=None) -> QuerySet:
    """Instructions nobody has reported on yet, the oldest first (the editor's to-do)."""
    return (
        _with_article(_scoped(Instruction.objects.filter(~_has_feedback()), user))
        .prefetch_related(UNITS)
        .order_by("instructed_on", "pk")
    )


def instructions_answered(*, user=None) -> QuerySet:
    """Instructions with feedback, the most recent instruction first, with the feedback."""
    return (
        _with_article(_scoped(Instruction.objects.filter(_has_feedback()), user))
        .prefetch_related(UNITS, FEEDBACK)
        .order_by("-instructed_on", "-pk")
    )


def instructions_for_user(user) -> tuple[QuerySet, QuerySet]:
    """A unit's instructions as its correspondents see them: (waiting for feedback, answered)."""
    return instructions_waiting(user=user), instructions_answered(user=user)


def waiting_days(instruction: Instruction, today: datetime.date | None = None) -> int:
    """Days since the instruction was given (0 on the day itself)."""
    return ((today or office_today()) - instruction.instructed_on).days


def upward_adoptions(*, year: int | None = None, level: str | None = None, unit=None, user=None) -> QuerySet:
    """Every upward adoption, the most recent first; ``year`` (of the day adopted), ``level`` and
    ``unit`` (one of the article's units) narrow it down; ``user`` limits it to their scope."""
    queryset = UpwardAdoption.objects.all()
    if year:
        queryset = queryset.filter(
            adopted_on__gte=datetime.date(year, 1, 1), adopted_on__lte=datetime.date(year, 12, 31)
        )
    if level:
        if level not in Level.values:
            return queryset.none()
        queryset = queryset.filter(level=level)
    if unit is not None:
        links = Article.units.through.objects.filter(
            article_id=OuterRef("article_id"), unit_id=getattr(unit, "pk", unit)
        )
        queryset = queryset.filter(Exists(links))
    return _with_article(_scoped(queryset, user)).prefetch_related(UNITS).order_by("-adopted_on", "-pk")


def adoption_years() -> list[int]:
    """The years that have upward adoptions, the latest first (for the filter)."""
    return sorted({day.year for day in UpwardAdoption.objects.dates("adopted_on", "year")}, reverse=True)
