"""instruction_record and instruction_delete: editors only, published articles only, each bad input
with its message and nothing saved, and the units' correspondents told by mail after commit."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from articles.notifications import display_name
from articles.services import WorkflowError
from infowork.models import Correspondent, InfoworkLog, Instruction, InstructionFeedback
from infowork.services import instruction_delete, instruction_record
from tests.factories import StaffFactory, UnitFactory
from tests.workflow_helpers import article_in

from .records_helpers import PUBLISHED_DAY, days_ago, errors_of, feedback, instruction, published

pytestmark = pytest.mark.django_db


def record(actor, article, **overrides):
    values = {
        "leader": "王建平副市长",
        "level": "city",
        "date": days_ago(2),
        "text": "经验做法很好，请总结推广。",
    }
    values.update(overrides)
    return instruction_record(actor=actor, article=article, **values)


@pytest.fixture
def mailed(django_capture_on_commit_callbacks):
    def run(function, *args, **kwargs):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            result = function(*args, **kwargs)
        return result, sorted(mail.outbox, key=lambda message: message.to)

    return run


def test_it_records_an_instruction_with_its_log(cast, unit_a):
    article = published(unit_a)
    saved = record(cast.editor, article, leader=" 王建平副市长 ", text=" 请总结推广。 ", level="province")
    saved.refresh_from_db()
    assert (saved.leader, saved.level, saved.instructed_on, saved.text, saved.recorded_by) == (
        "王建平副市长",
        "province",
        days_ago(2),
        "请总结推广。",
        cast.editor,
    )
    log = InfoworkLog.objects.get()
    assert (log.action, log.article, log.actor) == (
        InfoworkLog.Action.INSTRUCTION_RECORD,
        article,
        cast.editor,
    )
    assert log.detail["instruction"] == saved.pk and log.detail["text"] == "请总结推广。"
    assert log.detail["date"] == days_ago(2).isoformat()
    assert log.detail["told"] == [{"name": cast.correspondent_a.first_name, "email": "corr_a@example.org"}]


def test_the_units_correspondents_are_mailed_after_commit(cast, unit_a, unit_b, mailed):
    article = published(unit_a, title="暖心驿站建成")
    article.units.add(unit_b)
    saved, outbox = mailed(
        record, cast.editor, article, leader="王建平副市长", date=datetime.date(2026, 3, 5)
    )
    assert [message.to for message in outbox] == [["corr_a@example.org"], ["corr_b@example.org"]]
    message = outbox[0]
    assert message.subject == "领导批示：《暖心驿站建成》"
    assert "王建平副市长（市委、市政府）于2026-03-05对《暖心驿站建成》作出批示：" in message.body
    assert "经验做法很好，请总结推广。" in message.body
    assert "/desk/unit-instructions/" in message.body
    assert Instruction.objects.get() == saved


def test_a_named_correspondent_is_told_instead_of_the_units_other_staff(cast, unit_a, mailed):
    named = StaffFactory(user__username="xinxiyuan", user__role="correspondent", unit=unit_a)
    Correspondent.objects.create(staff=named, phone="0512-1")
    ended = StaffFactory(user__username="former", unit=unit_a)
    Correspondent.objects.create(staff=ended, active=False)
    _saved, outbox = mailed(record, cast.editor, published(unit_a))
    assert [message.to for message in outbox] == [["xinxiyuan@example.org"]]


def test_nobody_is_mailed_when_the_step_fails(cast, unit_a, mailed):
    with pytest.raises(ValidationError):
        mailed(record, cast.editor, published(unit_a), text="")
    assert mail.outbox == []


def test_a_unit_without_correspondents_means_no_mail(cast, mailed):
    _saved, outbox = mailed(record, cast.editor, published(UnitFactory(name="丙镇总工会")))
    assert outbox == []
    assert InfoworkLog.objects.get().detail["told"] == []


@pytest.mark.parametrize("who", ["correspondent_a", "signer", "reader", "anonymous"])
def test_only_editors_record(cast, unit_a, who):
    with pytest.raises(WorkflowError) as excinfo:
        record(getattr(cast, who), published(unit_a))
    assert excinfo.value.message == "只有编辑部可以登记领导批示。"
    assert not Instruction.objects.exists() and not InfoworkLog.objects.exists()


@pytest.mark.parametrize("status", ["draft", "submitted", "accepted", "rejected"])
def test_an_unpublished_article_is_refused(cast, unit_a, status):
    with pytest.raises(WorkflowError) as excinfo:
        record(cast.editor, article_in(status, unit_a, title="还没刊发"))
    assert excinfo.value.message == "《还没刊发》尚未刊发，只能对已刊发的稿件登记领导批示。"
    assert not Instruction.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"text": ""}, {"text": ["请填写批示内容，批示内容不能为空。"]}),
        ({"text": " \n "}, {"text": ["请填写批示内容，批示内容不能为空。"]}),
        ({"text": "批" * 5001}, {"text": ["批示内容太长：最多5000个字，现有5001个字。"]}),
        ({"leader": ""}, {"leader": ["请填写批示领导，例如姓名和职务。"]}),
        ({"leader": "长" * 101}, {"leader": ["批示领导太长：最多100个字，现有101个字。"]}),
        (
            {"level": "district"},
            {"level": ["请从以下级别中选择一个：“市委、市政府”“省级”“全国”“中央、国务院办公厅”。"]},
        ),
        ({"date": None}, {"date": ["请填写批示日期。"]}),
        (
            {"date": PUBLISHED_DAY - datetime.timedelta(days=30)},
            {"date": ["批示日期（2026年1月31日）早于稿件刊发日期（2026年3月2日）。"]},
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(cast, unit_a, overrides, expected, mailed):
    with pytest.raises(ValidationError) as excinfo:
        mailed(record, cast.editor, published(unit_a), **overrides)
    assert errors_of(excinfo) == expected
    assert not Instruction.objects.exists() and not InfoworkLog.objects.exists()
    assert mail.outbox == []


def test_a_day_in_the_future_is_refused(cast, unit_a):
    tomorrow = days_ago(-1)
    with pytest.raises(ValidationError) as excinfo:
        record(cast.editor, published(unit_a), date=tomorrow)
    assert errors_of(excinfo)["date"][0].startswith(
        f"批示日期（{tomorrow.year}年{tomorrow.month}月{tomorrow.day}日）晚于今天"
    )
    assert not Instruction.objects.exists()


def test_deleting_removes_the_feedback_and_logs_both(cast, unit_a):
    article = published(unit_a)
    saved = instruction(article, cast.editor, day=datetime.date(2026, 3, 4))
    feedback(saved, cast.correspondent_a, text="已部署落实。", day=datetime.date(2026, 3, 9))
    instruction_delete(actor=cast.editor, instruction=saved, reason="批示登记在了错误的稿件上")
    assert not Instruction.objects.exists() and not InstructionFeedback.objects.exists()
    log = InfoworkLog.objects.get()
    assert (log.action, log.article) == (InfoworkLog.Action.INSTRUCTION_DELETE, article)
    assert log.detail["reason"] == "批示登记在了错误的稿件上"
    assert log.detail["text"] == "请总结推广。" and log.detail["date"] == "2026-03-04"
    assert log.detail["feedback"] == [
        {"text": "已部署落实。", "done_on": "2026-03-09", "reported_by": display_name(cast.correspondent_a)}
    ]


def test_deleting_needs_a_reason_and_an_editor(cast, unit_a):
    saved = instruction(published(unit_a), cast.editor)
    with pytest.raises(ValidationError) as excinfo:
        instruction_delete(actor=cast.editor, instruction=saved, reason="")
    assert errors_of(excinfo) == {"reason": ["请填写删除原因。"]}
    with pytest.raises(WorkflowError) as refused:
        instruction_delete(actor=cast.correspondent_a, instruction=saved, reason="不对")
    assert refused.value.message == "只有编辑部可以删除领导批示。"
    assert Instruction.objects.filter(pk=saved.pk).exists() and not InfoworkLog.objects.exists()


def test_deleting_twice_says_it_is_gone(cast, unit_a):
    saved = instruction(published(unit_a), cast.editor)
    instruction_delete(actor=cast.editor, instruction=saved, reason="重复")
    with pytest.raises(WorkflowError) as excinfo:
        instruction_delete(actor=cast.editor, instruction=saved, reason="重复")
    assert excinfo.value.message == "这条领导批示已被删除。"
