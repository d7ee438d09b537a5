"""Building commissions for the tests: through the service (as the desk does), or straight in the
database for states the service will not make (a deadline in the past)."""

import datetime

from contributors.models import Unit
from infowork.models import Commission, CommissionUnit, Correspondent
from infowork.services import commission_create
from infowork.stats import office_today
from tests.factories import StaffFactory


def days(n: int) -> datetime.date:
    return office_today() + datetime.timedelta(days=n)


def commission_for(
    editor,
    units,
    *,
    title="职工疗休养工作经验",
    deadline=None,
    brief="请介绍本单位的做法和成效，一千字以内。",
):
    return commission_create(
        actor=editor, title=title, brief=brief, deadline=deadline or days(14), units=list(units)
    )


def past_commission(
    editor, units, *, title="农民工欠薪专项治理", deadline=None, status=Commission.Status.OPEN
):
    """A commission whose deadline passed (made directly: the service refuses past deadlines)."""
    commission = Commission.objects.create(
        title=title,
        brief="请报送专项治理情况。",
        deadline=deadline or days(-3),
        status=status,
        created_by=editor,
    )
    CommissionUnit.objects.bulk_create(CommissionUnit(commission=commission, unit=unit) for unit in units)
    return commission


def named_correspondent(unit: Unit, username: str, **kwargs):
    """A staff member of ``unit`` named its correspondent (信息员); without the correspondent role."""
    staff = StaffFactory(user__username=username, unit=unit)
    Correspondent.objects.create(staff=staff, **kwargs)
    return staff.user
