"""infowork.services: naming, changing and ending correspondents (editors only, logged)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from articles.services.errors import WorkflowError
from infowork.models import Correspondent, InfoworkLog
from infowork.selectors import units_without_correspondent
from infowork.services import correspondent_change, correspondent_end, correspondent_set
from tests.factories import StaffFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_a(correspondent_a):
    return correspondent_a.staff


def test_an_editor_names_a_correspondent_and_it_is_logged(editor, staff_a):
    named = correspondent_set(
        actor=editor, staff=staff_a, phone=" 0512-1234567 ", since=datetime.date(2026, 1, 5)
    )
    assert (named.staff, named.phone, named.since, named.active) == (
        staff_a,
        "0512-1234567",
        datetime.date(2026, 1, 5),
        True,
    )
    entry = InfoworkLog.objects.get()
    assert (entry.actor, entry.action, entry.unit) == (
        editor,
        InfoworkLog.Action.CORRESPONDENT_SET,
        staff_a.unit,
    )
    assert entry.detail["before"] is None
    assert entry.detail["after"]["phone"] == "0512-1234567"


@pytest.mark.parametrize("who", ["correspondent_a", "signer", "reader"])
def test_only_editors_name_correspondents(request, who, staff_a):
    actor = request.getfixturevalue(who)
    with pytest.raises(WorkflowError) as error:
        correspondent_set(actor=actor, staff=staff_a)
    assert error.value.message == "只有编辑可以指定或更改信息员。"
    assert not Correspondent.objects.exists()
    assert not InfoworkLog.objects.exists()


def test_a_staff_member_cannot_be_named_twice(editor, staff_a):
    correspondent_set(actor=editor, staff=staff_a)
    with pytest.raises(WorkflowError) as error:
        correspondent_set(actor=editor, staff=staff_a, phone="1")
    assert "已经是甲市总工会的信息员" in error.value.message
    assert Correspondent.objects.get().phone == ""
    assert InfoworkLog.objects.count() == 1


def test_a_too_long_phone_is_refused_and_nothing_saved(editor, staff_a):
    with pytest.raises(ValidationError) as error:
        correspondent_set(actor=editor, staff=staff_a, phone="1" * 41)
    assert error.value.message_dict == {"phone": ["电话号码最多40个字符。"]}
    assert not Correspondent.objects.exists()


def test_changing_logs_before_and_after(editor, staff_a):
    named = correspondent_set(actor=editor, staff=staff_a, phone="111")
    correspondent_change(actor=editor, correspondent=named, phone="222", since=None, note="兼职")
    named.refresh_from_db()
    assert (named.phone, named.note) == ("222", "兼职")
    entry = InfoworkLog.objects.filter(action=InfoworkLog.Action.CORRESPONDENT_CHANGE).get()
    assert entry.detail["before"]["phone"] == "111" and entry.detail["after"]["phone"] == "222"


def test_ending_keeps_the_record_and_naming_again_reactivates_it(editor, staff_a):
    named = correspondent_set(actor=editor, staff=staff_a, phone="111")
    correspondent_end(actor=editor, correspondent=named)
    named.refresh_from_db()
    assert named.active is False
    with pytest.raises(WorkflowError) as error:
        correspondent_end(actor=editor, correspondent=named)
    assert error.value.message == "该信息员已经停止担任。"
    with pytest.raises(WorkflowError):
        correspondent_change(actor=editor, correspondent=named, phone="3")
    again = correspondent_set(actor=editor, staff=staff_a, phone="333")
    assert again.pk == named.pk and again.active and again.phone == "333"
    assert list(InfoworkLog.objects.order_by("pk").values_list("action", flat=True)) == [
        "correspondent_set",
        "correspondent_end",
        "correspondent_set",
    ]


def test_units_without_an_active_correspondent(editor, staff_a, unit_b):
    UnitFactory(name="市总宣教部", kind="department")
    UnitFactory(name="停用工会", active=False)
    StaffFactory(unit=unit_b)
    assert {unit.name for unit in units_without_correspondent()} == {"甲市总工会", "乙区总工会"}
    named = correspondent_set(actor=editor, staff=staff_a)
    assert [unit.name for unit in units_without_correspondent()] == ["乙区总工会"]
    assert units_without_correspondent(scope={staff_a.unit_id}) == []
    correspondent_end(actor=editor, correspondent=named)
    unit_b.position = 1
    unit_b.save()
    assert [unit.name for unit in units_without_correspondent()] == ["甲市总工会", "乙区总工会"]
