"""约稿: an editor asks units for a piece by a date; bad input is refused in Chinese, nothing saved."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from articles.services import WorkflowError
from infowork.models import Commission, CommissionUnit, InfoworkLog
from infowork.services import commission_create
from tests.factories import UnitFactory
from tests.infowork.commission_helpers import days, named_correspondent

pytestmark = pytest.mark.django_db


def nothing_saved():
    assert not Commission.objects.exists()
    assert not CommissionUnit.objects.exists()
    assert not InfoworkLog.objects.exists()


def create(actor, **changes):
    values = {"title": "职工疗休养工作经验", "brief": "请介绍做法和成效。", "deadline": days(10), "units": []}
    values.update(changes)
    return commission_create(actor=actor, **values)


def test_it_creates_a_commission_with_its_units_and_a_log_row(cast, unit_a, unit_b):
    commission = create(cast.editor, units=[unit_b, unit_a])
    assert commission.status == Commission.Status.OPEN
    assert commission.created_by == cast.editor
    assert set(commission.units.all()) == {unit_a, unit_b}
    log = InfoworkLog.objects.get()
    assert log.action == InfoworkLog.Action.COMMISSION_CREATE
    assert log.actor == cast.editor and log.commission == commission
    assert log.detail["title"] == "职工疗休养工作经验"
    assert log.detail["deadline"] == days(10).isoformat()
    assert sorted(log.detail["units"]) == sorted([unit_a.name, unit_b.name])


def test_a_deadline_of_today_is_allowed(cast, unit_a):
    assert create(cast.editor, units=[unit_a], deadline=days(0)).deadline == days(0)


def test_it_refuses_a_deadline_in_the_past(cast, unit_a):
    with pytest.raises(ValidationError) as caught:
        create(cast.editor, units=[unit_a], deadline=days(-1))
    assert caught.value.message_dict == {
        "deadline": [f"{days(-1).isoformat()} 已经过去，请选择今天（{days(0).isoformat()}）或以后的日期。"]
    }
    nothing_saved()


def test_it_refuses_a_commission_to_no_unit(cast):
    with pytest.raises(ValidationError) as caught:
        create(cast.editor, units=[])
    assert caught.value.message_dict == {"units": ["请至少选择一个约稿单位。"]}
    nothing_saved()


def test_it_refuses_inactive_units(cast, unit_a):
    closed = UnitFactory(name="已撤销的工会", active=False)
    with pytest.raises(ValidationError) as caught:
        create(cast.editor, units=[unit_a, closed])
    assert caught.value.message_dict == {"units": ["以下单位已停用，不能约稿：已撤销的工会。"]}
    nothing_saved()


def test_it_refuses_an_empty_topic_brief_and_deadline_at_once(cast, unit_a):
    with pytest.raises(ValidationError) as caught:
        create(cast.editor, units=[unit_a], title="  ", brief="", deadline=None)
    assert caught.value.message_dict == {
        "title": ["请填写约稿主题。"],
        "brief": ["请写明约稿要求：请各单位写什么。"],
        "deadline": ["请填写截止日期，例如 2026-12-31。"],
    }
    nothing_saved()


def test_it_refuses_a_topic_too_long(cast, unit_a):
    with pytest.raises(ValidationError) as caught:
        create(cast.editor, units=[unit_a], title="长" * 201)
    assert caught.value.message_dict == {"title": ["约稿主题最多200个字。"]}
    nothing_saved()


@pytest.mark.parametrize("who", ["correspondent_a", "signer", "reader", "anonymous"])
def test_only_editors_create_commissions(cast, unit_a, who):
    with pytest.raises(WorkflowError) as caught:
        create(getattr(cast, who), units=[unit_a])
    assert caught.value.message == "只有编辑部可以向各单位约稿和催报。"
    nothing_saved()


def test_it_mails_the_named_correspondents_after_commit(
    cast, unit_a, unit_b, django_capture_on_commit_callbacks
):
    named = named_correspondent(unit_a, "xinxiyuan_a")
    named_correspondent(unit_a, "former_a", active=False)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        create(cast.editor, units=[unit_a, unit_b], title="一线职工技能提升", deadline=days(7))
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    # Unit A has a named correspondent (the inactive one is not told, nor the other correspondent);
    # unit B has none, so its correspondent-role staff is told.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [named.email, cast.correspondent_b.email]
    )
    message = mail.outbox[0]
    assert message.subject == f"约稿通知：《一线职工技能提升》，{days(7).isoformat()}截止"
    assert "一线职工技能提升" in message.body and days(7).isoformat() in message.body
    assert "请介绍做法和成效。" in message.body
    commission = Commission.objects.get()
    assert f"/desk/commissions/{commission.pk}/" in message.body
    log = InfoworkLog.objects.get()
    assert {entry["unit"] for entry in log.detail["recipients"]} == {unit_a.name, unit_b.name}


def test_a_refused_commission_mails_nobody(cast, unit_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        create(cast.editor, units=[unit_a], deadline=days(-5))
    assert mail.outbox == []
