"""结束 and 取消 tell the units that were asked and sent in no answer (after the commit, through
``infowork.recipients``); the units that answered, and a rolled-back ending, mail nobody."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction

from articles.models import Article
from infowork.models import Commission, CommissionAnswer, InfoworkLog
from infowork.services import commission_answer, commission_cancel, commission_close
from tests.infowork.commission_helpers import commission_for, named_correspondent
from tests.workflow_helpers import article_in

C = Commission.Status
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def commission(cast, unit_a, unit_b):
    """Asked of 甲 and 乙; 乙 has sent in its answer."""
    commission = commission_for(cast.editor, [unit_a, unit_b], title="职工书屋建设")
    answer = article_in(Article.Status.SUBMITTED, unit_b, title="乙区职工书屋")
    commission_answer(actor=cast.editor, commission=commission, article=answer)
    mail.outbox.clear()
    return commission


def test_cancelling_mails_the_units_that_did_not_answer_with_the_reason(cast, commission):
    commission_cancel(actor=cast.editor, commission=commission, note="上级通知暂停征集")
    assert [message.to for message in mail.outbox] == [["corr_a@example.org"]]
    message = mail.outbox[0]
    assert "约稿已取消" in message.subject and "职工书屋建设" in message.subject
    assert "上级通知暂停征集" in message.body
    assert f"/desk/commissions/{commission.pk}/" in message.body
    log = InfoworkLog.objects.get(action=InfoworkLog.Action.COMMISSION_CANCEL)
    assert log.detail["units"] == ["甲市总工会"]


def test_closing_mails_the_units_that_did_not_answer(cast, commission):
    commission_close(actor=cast.editor, commission=commission, note="")
    assert [message.to for message in mail.outbox] == [["corr_a@example.org"]]
    assert "约稿已结束" in mail.outbox[0].subject
    assert "不必再写" in mail.outbox[0].body


def test_a_named_correspondent_is_told_instead_of_the_units_staff(cast, commission, unit_a):
    user = named_correspondent(unit_a, "xinxiyuan_a")
    commission_close(actor=cast.editor, commission=commission)
    assert [message.to for message in mail.outbox] == [[user.email]]


def test_when_every_unit_answered_nobody_is_mailed(cast, unit_a):
    commission = commission_for(cast.editor, [unit_a], title="安全生产")
    answer = article_in(Article.Status.PUBLISHED, unit_a, title="甲市安全生产")
    CommissionAnswer.objects.create(commission=commission, article=answer, answered_by=cast.editor)
    mail.outbox.clear()
    commission_close(actor=cast.editor, commission=commission)
    assert mail.outbox == []


def test_a_refused_or_rolled_back_ending_mails_nobody(cast, commission):
    with pytest.raises(ValidationError):
        commission_cancel(actor=cast.editor, commission=commission, note="")
    with pytest.raises(RuntimeError), transaction.atomic():
        commission_cancel(actor=cast.editor, commission=commission, note="暂停")
        raise RuntimeError
    assert mail.outbox == []
    assert Commission.objects.get(pk=commission.pk).status == C.OPEN


def test_a_note_over_the_limit_is_refused_and_nothing_changes(cast, commission):
    with pytest.raises(ValidationError) as caught:
        commission_cancel(actor=cast.editor, commission=commission, note="长" * 10000)
    assert caught.value.message_dict == {"note": ["说明最多2000个字，现有10000个字。"]}
    assert Commission.objects.get(pk=commission.pk).status == C.OPEN
    assert mail.outbox == [] and not InfoworkLog.objects.filter(action=InfoworkLog.Action.COMMISSION_CANCEL)
