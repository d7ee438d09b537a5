"""instruction_feedback_record: the unit's correspondent (or an editor) reports what was done; the
editors are told. Another unit's correspondent gets 404; bad input is named and nothing is saved."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404

from articles.services import WorkflowError
from infowork.models import InfoworkLog, InstructionFeedback
from infowork.services import instruction_feedback_record
from tests.factories import StaffFactory, UnitFactory, UserFactory

from .records_helpers import days_ago, errors_of, instruction, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def given(cast, unit_a):
    return instruction(
        published(unit_a, title="暖心驿站建成"), cast.editor, leader="王建平副市长", day=days_ago(10)
    )


def report(actor, given, **overrides):
    values = {"text": "已在全市推广驿站建设经验。", "done_on": days_ago(1)}
    values.update(overrides)
    return instruction_feedback_record(actor=actor, instruction=given, **values)


def test_the_units_correspondent_reports_and_the_editors_are_told(
    cast, given, django_capture_on_commit_callbacks
):
    other_editor = UserFactory(username="editor_two", role="editor")
    with django_capture_on_commit_callbacks(execute=True):
        saved = report(cast.correspondent_a, given, text=" 已在全市推广驿站建设经验。 ")
    saved.refresh_from_db()
    assert (saved.instruction, saved.text, saved.done_on, saved.reported_by) == (
        given,
        "已在全市推广驿站建设经验。",
        days_ago(1),
        cast.correspondent_a,
    )
    assert sorted(message.to[0] for message in mail.outbox) == [
        "editor_two@example.org",
        "editor_user@example.org",
    ]
    message = mail.outbox[0]
    assert message.subject == "批示落实情况：《暖心驿站建成》"
    assert "已在全市推广驿站建设经验。" in message.body and "王建平副市长" in message.body
    log = InfoworkLog.objects.get()
    assert (log.action, log.actor, log.article) == (
        InfoworkLog.Action.FEEDBACK_RECORD,
        cast.correspondent_a,
        given.article,
    )
    assert log.detail["feedback"] == saved.pk and log.detail["done_on"] == days_ago(1).isoformat()
    assert {person["email"] for person in log.detail["told"]} == {
        "editor_two@example.org",
        "editor_user@example.org",
    }
    assert other_editor.pk


def test_an_editor_may_report_for_the_unit_and_is_not_mailed_about_it(
    cast, given, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report(cast.editor, given)
    assert InstructionFeedback.objects.get().reported_by == cast.editor
    assert mail.outbox == []


def test_the_correspondent_of_the_union_above_may_report(cast, unit_a, given):
    town = UnitFactory(name="甲镇总工会", parent=unit_a)
    given.article.units.set([town])
    assert report(cast.correspondent_a, given).reported_by == cast.correspondent_a


def test_another_units_correspondent_gets_404(cast, given):
    with pytest.raises(Http404):
        report(cast.correspondent_b, given)
    assert not InstructionFeedback.objects.exists() and not InfoworkLog.objects.exists()


@pytest.mark.parametrize("who", ["signer", "reader", "anonymous"])
def test_others_may_not_report(cast, given, who):
    with pytest.raises(WorkflowError) as excinfo:
        report(getattr(cast, who), given)
    assert excinfo.value.message == "只有稿件所属单位的通讯员和编辑部可以反馈落实情况。"
    assert not InstructionFeedback.objects.exists()


def test_a_staff_member_of_the_unit_without_the_role_may_not_report(unit_a, given):
    clerk = StaffFactory(user__username="clerk", unit=unit_a).user
    with pytest.raises(WorkflowError):
        report(clerk, given)
    assert not InstructionFeedback.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"text": ""}, {"text": ["请填写落实情况。"]}),
        ({"text": "   "}, {"text": ["请填写落实情况。"]}),
        ({"done_on": None}, {"done_on": ["请填写落实日期。"]}),
        ({"done_on": "昨天"}, {"done_on": ["请按 YYYY-MM-DD 格式填写日期，例如 2026-01-31。"]}),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(cast, given, overrides, expected):
    with pytest.raises(ValidationError) as excinfo:
        report(cast.correspondent_a, given, **overrides)
    assert errors_of(excinfo) == expected
    assert not InstructionFeedback.objects.exists() and not InfoworkLog.objects.exists()


def test_a_day_before_the_instruction_is_refused(cast, given):
    before = given.instructed_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        report(cast.correspondent_a, given, done_on=before)
    first = given.instructed_on
    assert errors_of(excinfo) == {
        "done_on": [
            f"落实日期（{before.year}年{before.month}月{before.day}日）早于批示日期"
            f"（{first.year}年{first.month}月{first.day}日）。"
        ]
    }
    assert not InstructionFeedback.objects.exists()


def test_a_day_in_the_future_is_refused(cast, given):
    with pytest.raises(ValidationError) as excinfo:
        report(cast.correspondent_a, given, done_on=days_ago(-3))
    assert "不能填写将来的日期" in errors_of(excinfo)["done_on"][0]
    assert not InstructionFeedback.objects.exists()


def test_the_day_of_the_instruction_and_today_are_allowed(cast, given):
    report(cast.correspondent_a, given, done_on=given.instructed_on)
    report(cast.correspondent_a, given, done_on=days_ago(0), text="第二阶段已完成。")
    assert InstructionFeedback.objects.count() == 2
