"""应约: an article of a commissioned unit answers the commission; who may choose it, and when."""

import pytest
from django.http import Http404

from articles.models import Article
from articles.services import WorkflowError
from infowork.models import Commission, CommissionAnswer, InfoworkLog
from infowork.services import commission_answer, commission_cancel, commission_close
from tests.factories import UnitFactory
from tests.infowork.commission_helpers import commission_for, past_commission
from tests.workflow_helpers import article_in

S = Article.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def commission(cast, unit_a, unit_b):
    return commission_for(cast.editor, [unit_a, unit_b])


def answers():
    return list(CommissionAnswer.objects.values_list("commission_id", "article_id"))


def answer_logs():
    return InfoworkLog.objects.filter(action=InfoworkLog.Action.COMMISSION_ANSWER)


@pytest.mark.parametrize("who", ["correspondent_a", "editor"])
def test_the_units_correspondent_or_an_editor_chooses_the_answer(cast, unit_a, commission, who):
    article = article_in(S.DRAFT, unit_a, author=cast.correspondent_a)
    answer = commission_answer(actor=getattr(cast, who), commission=commission, article=article)
    assert answers() == [(commission.pk, article.pk)]
    assert answer.answered_by == getattr(cast, who)
    log = answer_logs().get()
    assert log.commission == commission and log.article == article and log.unit == unit_a
    assert log.actor == getattr(cast, who)


def test_a_submitted_article_can_still_be_given_as_an_answer(cast, unit_a, commission):
    article = article_in(S.SUBMITTED, unit_a)
    commission_answer(actor=cast.editor, commission=commission, article=article)
    assert answers() == [(commission.pk, article.pk)]


def test_an_overdue_commission_can_still_be_answered(cast, unit_a):
    overdue = past_commission(cast.editor, [unit_a], status=Commission.Status.OVERDUE)
    article = article_in(S.DRAFT, unit_a)
    commission_answer(actor=cast.correspondent_a, commission=overdue, article=article)
    assert answers() == [(overdue.pk, article.pk)]


def test_a_correspondent_of_another_unit_gets_404(cast, unit_a, commission):
    article = article_in(S.DRAFT, unit_a)
    with pytest.raises(Http404):
        commission_answer(actor=cast.correspondent_b, commission=commission, article=article)
    assert answers() == [] and not answer_logs().exists()


@pytest.mark.parametrize("who", ["signer", "reader"])
def test_signers_and_readers_may_not_answer(cast, unit_a, commission, who):
    article = article_in(S.DRAFT, unit_a)
    with pytest.raises((WorkflowError, Http404)):
        commission_answer(actor=getattr(cast, who), commission=commission, article=article)
    assert answers() == []


def test_the_signer_is_told_why(cast, unit_a, commission):
    article = article_in(S.DRAFT, unit_a)
    with pytest.raises(WorkflowError) as caught:
        commission_answer(actor=cast.signer, commission=commission, article=article)
    assert caught.value.message == "只有本单位的通讯员或编辑部可以这样做。"


def test_an_article_of_a_unit_not_asked_is_refused(cast, editor):
    other = UnitFactory(name="丙镇总工会")
    commission = commission_for(editor, [UnitFactory(name="丁区总工会")])
    article = article_in(S.DRAFT, other, title="镇工会开展普法宣传")
    with pytest.raises(WorkflowError) as caught:
        commission_answer(actor=editor, commission=commission, article=article)
    assert caught.value.message == f"约稿《{commission.title}》没有发给《镇工会开展普法宣传》的单位。"
    assert answers() == [] and not answer_logs().exists()


@pytest.mark.parametrize("end", [commission_close, commission_cancel])
def test_an_ended_commission_cannot_be_answered(cast, unit_a, commission, end):
    end(actor=cast.editor, commission=commission, note="稿件已够")
    article = article_in(S.DRAFT, unit_a)
    with pytest.raises(WorkflowError) as caught:
        commission_answer(actor=cast.correspondent_a, commission=commission, article=article)
    status = "已结束" if end is commission_close else "已取消"
    assert caught.value.message == f"约稿《{commission.title}》“{status}”，不能再做任何操作。"
    assert answers() == []


@pytest.mark.parametrize("status", [S.ACCEPTED, S.PUBLISHED, S.REJECTED])
def test_a_decided_article_cannot_start_answering(cast, unit_a, commission, status):
    article = article_in(status, unit_a, title="已处理的稿件")
    with pytest.raises(WorkflowError) as caught:
        commission_answer(actor=cast.editor, commission=commission, article=article)
    assert caught.value.message.startswith("《已处理的稿件》“")
    assert caught.value.message.endswith("”，不能再作为应约稿件。")
    assert answers() == []


@pytest.mark.parametrize("status", [S.DRAFT, S.RETURNED])
def test_the_choice_can_change_while_the_article_is_with_its_unit(cast, unit_a, commission, status):
    other = commission_for(cast.editor, [unit_a], title="劳模工匠进校园")
    article = article_in(status, unit_a)
    commission_answer(actor=cast.correspondent_a, commission=commission, article=article)
    commission_answer(actor=cast.correspondent_a, commission=other, article=article)
    assert answers() == [(other.pk, article.pk)]  # one commission at most
    assert answer_logs().count() == 2
    assert answer_logs().first().detail["previous"] == commission.title
    commission_answer(actor=cast.correspondent_a, commission=None, article=article)
    assert answers() == []
    assert answer_logs().first().detail["answered"] is False


def test_the_choice_is_fixed_once_the_article_is_submitted(cast, unit_a, commission):
    other = commission_for(cast.editor, [unit_a], title="劳模工匠进校园")
    article = article_in(S.SUBMITTED, unit_a, title="应约稿件一篇")
    commission_answer(actor=cast.editor, commission=commission, article=article)
    for choice in (other, None):
        with pytest.raises(WorkflowError) as caught:
            commission_answer(actor=cast.editor, commission=choice, article=article)
        assert caught.value.message == (
            f"《应约稿件一篇》已是约稿《{commission.title}》的应约稿件；只有稿件为草稿或退回修改时才能更改。"
        )
    assert answers() == [(commission.pk, article.pk)]


def test_choosing_the_same_commission_again_changes_nothing(cast, unit_a, commission):
    article = article_in(S.DRAFT, unit_a)
    commission_answer(actor=cast.correspondent_a, commission=commission, article=article)
    commission_answer(actor=cast.correspondent_a, commission=commission, article=article)
    assert answers() == [(commission.pk, article.pk)]
    assert answer_logs().count() == 1
