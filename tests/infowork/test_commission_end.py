"""结束、取消 with a note, and the daily task that marks open commissions past their deadline overdue."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from articles.notifications import display_name
from articles.services import WorkflowError
from infowork.models import Commission, InfoworkLog
from infowork.services import commission_cancel, commission_close, commissions_mark_overdue
from infowork.tasks import mark_overdue_commissions
from tests.infowork.commission_helpers import commission_for, days, past_commission
from tests.workflow_helpers import row

C = Commission.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def commission(cast, unit_a):
    return commission_for(cast.editor, [unit_a], title="职工书屋建设")


def logs(action):
    return InfoworkLog.objects.filter(action=action)


def test_closing_records_who_when_and_the_note(cast, commission):
    commission_close(actor=cast.editor, commission=commission, note="稿件已够")
    commission.refresh_from_db()
    assert commission.status == C.CLOSED
    assert commission.ended_by == cast.editor and commission.ended_at is not None
    assert commission.end_note == "稿件已够"
    log = logs(InfoworkLog.Action.COMMISSION_CLOSE).get()
    assert log.detail == {
        "before": "open",
        "after": "closed",
        "note": "稿件已够",
        "units": ["甲市总工会"],
        "recipients": [
            {
                "unit": "甲市总工会",
                "people": [{"name": display_name(cast.correspondent_a), "email": "corr_a@example.org"}],
            }
        ],
    }


def test_closing_needs_no_note(cast, commission):
    commission_close(actor=cast.editor, commission=commission, note="")
    assert Commission.objects.get().status == C.CLOSED


def test_cancelling_an_overdue_commission_records_the_reason(cast, unit_a):
    overdue = past_commission(cast.editor, [unit_a], status=C.OVERDUE)
    commission_cancel(actor=cast.editor, commission=overdue, note="上级通知暂停")
    overdue.refresh_from_db()
    assert overdue.status == C.CANCELLED and overdue.end_note == "上级通知暂停"
    assert logs(InfoworkLog.Action.COMMISSION_CANCEL).get().detail["before"] == "overdue"


@pytest.mark.parametrize("note", ["", "   "])
def test_cancelling_needs_a_reason(cast, commission, note):
    before = row(commission)
    with pytest.raises(ValidationError) as caught:
        commission_cancel(actor=cast.editor, commission=commission, note=note)
    assert caught.value.message_dict == {"note": ["请写明取消约稿的原因，将记入日志。"]}
    assert row(commission) == before
    assert not logs(InfoworkLog.Action.COMMISSION_CANCEL).exists()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (commission_close, commission_close),
        (commission_close, commission_cancel),
        (commission_cancel, commission_close),
    ],
)
def test_an_ended_commission_cannot_end_again(cast, commission, first, second):
    first(actor=cast.editor, commission=commission, note="原因")
    before = row(commission)
    with pytest.raises(WorkflowError) as caught:
        second(actor=cast.editor, commission=Commission.objects.get(), note="再一次")
    assert "不能再做任何操作" in caught.value.message
    assert row(commission) == before


@pytest.mark.parametrize("end", [commission_close, commission_cancel])
@pytest.mark.parametrize("who", ["correspondent_a", "signer", "reader"])
def test_only_editors_end_commissions(cast, commission, end, who):
    before = row(commission)
    with pytest.raises(WorkflowError) as caught:
        end(actor=getattr(cast, who), commission=commission, note="原因")
    assert caught.value.message == "只有编辑部可以向各单位约稿和催报。"
    assert row(commission) == before


# --- 逾期 ---------------------------------------------------------------------------------------------


def test_open_commissions_past_their_deadline_become_overdue(cast, unit_a):
    late = past_commission(cast.editor, [unit_a], deadline=days(-1))
    due_today = commission_for(cast.editor, [unit_a], deadline=days(0))
    closed = past_commission(cast.editor, [unit_a], status=C.CLOSED)
    marked = commissions_mark_overdue()
    assert marked == [late]
    assert Commission.objects.get(pk=late.pk).status == C.OVERDUE
    assert Commission.objects.get(pk=due_today.pk).status == C.OPEN
    assert Commission.objects.get(pk=closed.pk).status == C.CLOSED
    log = logs(InfoworkLog.Action.COMMISSION_OVERDUE).get()
    assert log.actor is None and log.commission == late
    assert log.detail == {"deadline": days(-1).isoformat(), "day": days(0).isoformat()}


def test_marking_overdue_twice_changes_nothing_the_second_time(cast, unit_a):
    past_commission(cast.editor, [unit_a])
    assert len(commissions_mark_overdue()) == 1
    assert commissions_mark_overdue() == []
    assert logs(InfoworkLog.Action.COMMISSION_OVERDUE).count() == 1


def test_the_deadline_day_is_the_offices_calendar_day(cast, unit_a):
    commission = past_commission(cast.editor, [unit_a], deadline=datetime.date(2026, 3, 31))
    assert commissions_mark_overdue(today=datetime.date(2026, 3, 31)) == []
    assert commissions_mark_overdue(today=datetime.date(2026, 4, 1)) == [commission]


def test_the_task_marks_them(cast, unit_a):
    past_commission(cast.editor, [unit_a])
    result = mark_overdue_commissions.enqueue()
    assert result.return_value == 1
    assert Commission.objects.get().status == C.OVERDUE


def test_the_command_marks_them_and_says_so(cast, unit_a):
    past_commission(cast.editor, [unit_a], title="农民工欠薪专项治理", deadline=days(-2))
    out = StringIO()
    call_command("commissions_overdue", stdout=out)
    assert out.getvalue().splitlines() == [
        f"已逾期：农民工欠薪专项治理（截止日期 {days(-2).isoformat()}）。",
        "已把1项约稿标为逾期。",
    ]
    out = StringIO()
    call_command("commissions_overdue", stdout=out)
    assert out.getvalue() == ""
