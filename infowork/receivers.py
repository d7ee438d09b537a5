"""infowork's answers to ``contributors.signals``: why a unit may not be deleted."""

from django.db import models
from django.utils.translation import ngettext

from articles.models import Article
from contributors.models import Activity

from .models import CommissionUnit


def _counts(queryset, key: str) -> dict[int, int]:
    return dict(queryset.values_list(key).annotate(count=models.Count("pk")).order_by())


def unit_delete_blockers(sender, units, **kwargs) -> dict[int, list[str]]:
    """A unit that earned points (articles published in our bulletin, upward adoptions, leader
    instructions) or was asked in a commission keeps its records: deleting it would lose them."""
    ids = [unit.pk for unit in units]
    through = Article.units.through
    published = _counts(Activity.objects.filter(unit_id__in=ids, kind=Activity.Kind.PUBLISHED), "unit_id")
    adoptions = _counts(
        through.objects.filter(unit_id__in=ids, article__upward_adoptions__isnull=False).values(
            "unit_id", "article__upward_adoptions"
        ),
        "unit_id",
    )
    instructions = _counts(
        through.objects.filter(unit_id__in=ids, article__instructions__isnull=False).values(
            "unit_id", "article__instructions"
        ),
        "unit_id",
    )
    commissions = _counts(CommissionUnit.objects.filter(unit_id__in=ids), "unit_id")
    reasons: dict[int, list[str]] = {}
    for pk in ids:
        found = []
        if published.get(pk):
            found.append(
                ngettext(
                    "It has %(count)s article published in the bulletin, which earned it points.",
                    "It has %(count)s articles published in the bulletin, which earned it points.",
                    published[pk],
                )
                % {"count": published[pk]}
            )
        if adoptions.get(pk):
            found.append(
                ngettext(
                    "It has %(count)s upward adoption on record, which earned it points.",
                    "It has %(count)s upward adoptions on record, which earned it points.",
                    adoptions[pk],
                )
                % {"count": adoptions[pk]}
            )
        if instructions.get(pk):
            found.append(
                ngettext(
                    "It has %(count)s leader instruction on record, which earned it points.",
                    "It has %(count)s leader instructions on record, which earned it points.",
                    instructions[pk],
                )
                % {"count": instructions[pk]}
            )
        if commissions.get(pk):
            found.append(
                ngettext(
                    "It was asked for a piece in %(count)s commission.",
                    "It was asked for pieces in %(count)s commissions.",
                    commissions[pk],
                )
                % {"count": commissions[pk]}
            )
        if found:
            reasons[pk] = found
    return reasons


def connect() -> None:
    from contributors.signals import unit_delete_blockers as blockers

    blockers.connect(unit_delete_blockers, dispatch_uid="infowork.unit_delete_blockers")


__all__ = ["connect", "unit_delete_blockers"]
