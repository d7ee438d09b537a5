"""催报: the late units (no answer sent in) are mailed, the reminder recorded and logged."""

import pytest
from django.core import mail

from articles.models import Article
from articles.services import WorkflowError
from infowork.models import CommissionUnit, InfoworkLog
from infowork.services import commission_answer, commission_cancel, commission_close, commission_remind
from tests.factories import StaffFactory, UnitFactory
from tests.infowork.commission_helpers import commission_for, named_correspondent
from tests.workflow_helpers import article_in

S = Article.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_c(db):
    return UnitFactory(name="丙镇总工会")


@pytest.fixture
def commission(cast, unit_a, unit_b, unit_c):
    return commission_for(cast.editor, [unit_a, unit_b, unit_c], title="职工书屋建设", deadline=None)


def reminded():
    return {
        row.unit.name: (row.reminders, row.reminded_at is not None)
        for row in CommissionUnit.objects.select_related("unit")
    }


def remind_logs():
    return InfoworkLog.objects.filter(action=InfoworkLog.Action.COMMISSION_REMIND)


def test_it_reminds_the_units_without_a_submitted_answer(
    cast, unit_a, unit_b, unit_c, commission, django_capture_on_commit_callbacks
):
    sent_in = article_in(S.DRAFT, unit_a, author=cast.correspondent_a)
    commission_answer(actor=cast.correspondent_a, commission=commission, article=sent_in)
    sent_in.status = S.SUBMITTED
    sent_in.save(update_fields=["status"])
    # Unit B's answer is still a draft: B is late all the same.
    draft = article_in(S.DRAFT, unit_b)
    commission_answer(actor=cast.correspondent_b, commission=commission, article=draft)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        targets = commission_remind(actor=cast.editor, commission=commission)
    assert [target.unit for target in targets] == sorted([unit_b, unit_c], key=lambda u: (u.position, u.name))
    assert reminded() == {unit_a.name: (0, False), unit_b.name: (1, True), unit_c.name: (1, True)}
    # Unit C has nobody to mail; unit B's correspondent is mailed.
    assert [message.to for message in mail.outbox] == [[cast.correspondent_b.email]]
    message = mail.outbox[0]
    assert message.subject == f"催报：《职工书屋建设》应约稿件（{commission.deadline.isoformat()}截止）"
    assert "职工书屋建设" in message.body and commission.deadline.isoformat() in message.body
    log = remind_logs().get()
    assert log.actor == cast.editor and log.commission == commission
    assert sorted(log.detail["units"]) == sorted([unit_b.name, unit_c.name])
    people = {entry["unit"]: entry["people"] for entry in log.detail["recipients"]}
    assert people[unit_b.name] == [
        {"name": cast.correspondent_b.first_name, "email": cast.correspondent_b.email}
    ]
    assert people[unit_c.name] == []


def test_a_second_reminder_counts_up(cast, unit_a, commission):
    commission_remind(actor=cast.editor, commission=commission)
    commission_remind(actor=cast.editor, commission=commission, units=[unit_a])
    assert reminded()[unit_a.name] == (2, True)
    assert remind_logs().count() == 2


def test_named_correspondents_are_reminded_instead_of_the_role(
    cast, unit_a, commission, django_capture_on_commit_callbacks
):
    named = named_correspondent(unit_a, "xinxiyuan_a")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        commission_remind(actor=cast.editor, commission=commission, units=[unit_a])
    assert [message.to for message in mail.outbox] == [[named.email]]


def test_people_without_an_address_or_inactive_are_not_mailed(
    cast, unit_c, commission, django_capture_on_commit_callbacks
):
    StaffFactory(user__username="no_mail", user__email="", user__role="correspondent", unit=unit_c)
    StaffFactory(user__username="gone", user__is_active=False, user__role="correspondent", unit=unit_c)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        commission_remind(actor=cast.editor, commission=commission, units=[unit_c])
    assert mail.outbox == []
    assert reminded()[unit_c.name] == (1, True)


def test_it_refuses_when_nobody_is_late(cast, unit_a, editor):
    commission = commission_for(editor, [unit_a], title="职工书屋建设")
    article = article_in(S.SUBMITTED, unit_a)
    commission_answer(actor=editor, commission=commission, article=article)
    with pytest.raises(WorkflowError) as caught:
        commission_remind(actor=editor, commission=commission)
    assert caught.value.message == "约稿《职工书屋建设》的各单位都已报送，没有需要催报的单位。"
    assert reminded() == {unit_a.name: (0, False)} and not remind_logs().exists()


def test_units_given_that_are_not_late_leave_nobody_to_remind(cast, unit_a, commission):
    article = article_in(S.SUBMITTED, unit_a)
    commission_answer(actor=cast.editor, commission=commission, article=article)
    with pytest.raises(WorkflowError):
        commission_remind(actor=cast.editor, commission=commission, units=[unit_a])
    assert not remind_logs().exists()


@pytest.mark.parametrize("end", [commission_close, commission_cancel])
def test_it_refuses_an_ended_commission(cast, commission, end, django_capture_on_commit_callbacks):
    end(actor=cast.editor, commission=commission, note="不再需要")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(WorkflowError) as caught:
        commission_remind(actor=cast.editor, commission=commission)
    assert caught.value.message.startswith("约稿《职工书屋建设》“")
    assert mail.outbox == [] and not remind_logs().exists()
    assert all(count == 0 for count, _at in reminded().values())


@pytest.mark.parametrize("who", ["correspondent_a", "signer"])
def test_only_editors_remind(cast, commission, who):
    with pytest.raises(WorkflowError) as caught:
        commission_remind(actor=getattr(cast, who), commission=commission)
    assert caught.value.message == "只有编辑部可以向各单位约稿和催报。"
    assert not remind_logs().exists()
