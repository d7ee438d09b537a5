"""infowork's answers to ``contributors.signals``: why a unit may not be deleted, and moving its rows
when a unit is merged into another. Connected in ``InfoworkConfig.ready``."""

from django.db import models
from django.utils.translation import ngettext

from articles.models import Article
from contributors.models import Activity

from .models import CommissionUnit, InfoworkLog


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


def move_unit_rows(sender, *, source, target, **kwargs) -> int:
    """``contributors.signals.unit_merging``: the merged unit's commissions and log rows go to the
    unit it merged into. A commission that asked both keeps one row, the target's, with the later
    reminder and the reminders of both. Correspondents follow their staff record. Returns the rows
    moved or folded."""
    moved = 0
    rows = list(CommissionUnit.objects.filter(unit=source).select_for_update())
    both = set(
        CommissionUnit.objects.filter(
            unit=target, commission_id__in=[row.commission_id for row in rows]
        ).values_list("commission_id", flat=True)
    )
    for row in rows:
        if row.commission_id in both:
            kept = CommissionUnit.objects.select_for_update().get(
                commission_id=row.commission_id, unit=target
            )
            kept.reminders += row.reminders
            if row.reminded_at and (kept.reminded_at is None or row.reminded_at > kept.reminded_at):
                kept.reminded_at = row.reminded_at
            kept.save(update_fields=["reminders", "reminded_at"])
            row.delete()
        else:
            row.unit = target
            row.save(update_fields=["unit"])
        moved += 1
    moved += InfoworkLog.objects.filter(unit=source).update(unit=target)
    return moved


def connect() -> None:
    from contributors.signals import unit_delete_blockers as blockers
    from contributors.signals import unit_merging

    blockers.connect(unit_delete_blockers, dispatch_uid="infowork.unit_delete_blockers")
    unit_merging.connect(move_unit_rows, dispatch_uid="infowork.move_unit_rows")


__all__ = ["connect", "move_unit_rows", "unit_delete_blockers"]
