"""``loaddemo`` adds one running commission (answered by the demo queue's submitted article) and one
overdue commission that was chased once; a second run adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from infowork.models import Commission, CommissionAnswer, CommissionUnit, InfoworkLog

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_running_and_an_overdue_commission(settings):
    settings.DEBUG = True
    call_command("loaddemo", stdout=StringIO())
    running = Commission.objects.get(status=Commission.Status.OPEN)
    overdue = Commission.objects.get(status=Commission.Status.OVERDUE)
    assert running.created_by.username == "editor"
    answer = CommissionAnswer.objects.get()
    assert answer.commission == running and answer.article.status == "submitted"
    assert overdue.deadline < running.deadline
    assert CommissionUnit.objects.filter(commission=overdue, reminders=1).count() == overdue.units.count()
    assert InfoworkLog.objects.filter(action=InfoworkLog.Action.COMMISSION_OVERDUE, actor=None).count() == 1
    call_command("loaddemo", stdout=StringIO())
    assert Commission.objects.count() == 2 and CommissionAnswer.objects.count() == 1
