"""A unit merge (``contributors.services.unit_merge``) takes the merged unit's information-work rows
along: its commissions (folded into the target's where a commission asked both) and its log rows."""

import datetime

from django.utils import timezone

from contributors.models import Unit
from contributors.services import unit_merge
from infowork.models import Commission, CommissionUnit, InfoworkLog
from tests.factories import UnitFactory


def commission(editor, *units, title="防暑降温工作情况"):
    item = Commission.objects.create(
        title=title, brief="请报送本单位做法。", deadline=datetime.date(2026, 7, 31), created_by=editor
    )
    for unit in units:
        CommissionUnit.objects.create(commission=item, unit=unit)
    return item


def test_a_commission_to_the_merged_unit_now_asks_the_target(editor):
    source, target = UnitFactory(name="平江区总工会"), UnitFactory(name="姑苏区总工会")
    asked = commission(editor, source)
    unit_merge(actor=editor, source=source, target=target)
    assert not Unit.objects.filter(pk=source.pk).exists()
    assert list(asked.units.all()) == [target]


def test_a_commission_to_both_keeps_one_row_with_both_reminders(editor):
    source, target = UnitFactory(name="沧浪区总工会"), UnitFactory(name="姑苏区总工会")
    asked = commission(editor, source, target)
    earlier = timezone.now() - datetime.timedelta(days=3)
    later = timezone.now() - datetime.timedelta(days=1)
    CommissionUnit.objects.filter(unit=source).update(reminders=2, reminded_at=later)
    CommissionUnit.objects.filter(unit=target).update(reminders=1, reminded_at=earlier)
    unit_merge(actor=editor, source=source, target=target)
    row = CommissionUnit.objects.get(commission=asked)
    assert (row.unit, row.reminders, row.reminded_at) == (target, 3, later)


def test_the_merge_log_counts_the_rows_infowork_moved(editor):
    source, target = UnitFactory(name="金阊区总工会"), UnitFactory(name="姑苏区总工会")
    commission(editor, source)
    InfoworkLog.objects.create(action=InfoworkLog.Action.COMMISSION_REMIND, unit=source)
    event = unit_merge(actor=editor, source=source, target=target)
    assert event.details["other"] == {"infowork.receivers": 2}
    assert InfoworkLog.objects.get().unit == target
