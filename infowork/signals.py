"""Information work's part in the other apps' events. Connected in ``InfoworkConfig.ready``."""

from .models import CommissionUnit, InfoworkLog


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
