"""upward_adoption_record and upward_adoption_delete: who may, which articles, which input; every
refusal with the message a person sees and nothing saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from articles.models import Article
from articles.services import WorkflowError
from infowork.models import InfoworkLog, UpwardAdoption
from infowork.services import upward_adoption_delete, upward_adoption_record
from tests.factories import UserFactory
from tests.workflow_helpers import article_in

from .records_helpers import PUBLISHED_DAY, adoption, days_ago, errors_of, published

pytestmark = pytest.mark.django_db


def record(actor, article, **overrides):
    values = {"level": "province", "outlet": "省总工会《工会信息》", "date": days_ago(1), "note": ""}
    values.update(overrides)
    return upward_adoption_record(actor=actor, article=article, **values)


def test_it_records_an_adoption_with_its_log(cast, unit_a):
    article = published(unit_a)
    saved = record(cast.editor, article, outlet="  全总《中国工运》 ", level="national", note="全文刊用")
    saved.refresh_from_db()
    assert (saved.article, saved.level, saved.outlet, saved.adopted_on, saved.note, saved.recorded_by) == (
        article,
        "national",
        "全总《中国工运》",
        days_ago(1),
        "全文刊用",
        cast.editor,
    )
    log = InfoworkLog.objects.get()
    assert (log.actor, log.action, log.article) == (cast.editor, InfoworkLog.Action.UPWARD_RECORD, article)
    assert log.detail == {
        "adoption": saved.pk,
        "level": "national",
        "outlet": "全总《中国工运》",
        "date": days_ago(1).isoformat(),
        "note": "全文刊用",
    }


@pytest.mark.parametrize("level", ["province", "national", "central", "city"])
def test_it_takes_each_level(cast, unit_a, level):
    assert record(cast.editor, published(unit_a), level=level).level == level


def test_a_superuser_may_record(unit_a):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert record(admin, published(unit_a)).recorded_by == admin


def test_the_day_of_publication_and_today_are_allowed(cast, unit_a):
    article = published(unit_a)
    record(cast.editor, article, date=PUBLISHED_DAY, outlet="甲")
    record(cast.editor, article, date=days_ago(0), outlet="乙")
    assert UpwardAdoption.objects.count() == 2


@pytest.mark.parametrize("who", ["correspondent_a", "signer", "reader", "anonymous"])
def test_only_editors_record(cast, unit_a, who):
    article = published(unit_a)
    with pytest.raises(WorkflowError) as excinfo:
        record(getattr(cast, who), article)
    assert excinfo.value.message == "只有编辑部可以登记上级采用。"
    assert not UpwardAdoption.objects.exists() and not InfoworkLog.objects.exists()


def test_an_inactive_editor_may_not_record(cast, unit_a):
    cast.editor.is_active = False
    cast.editor.save()
    with pytest.raises(WorkflowError):
        record(cast.editor, published(unit_a))
    assert not UpwardAdoption.objects.exists()


@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "accepted", "rejected"])
def test_an_unpublished_article_is_refused(cast, unit_a, status):
    article = article_in(status, unit_a, title="尚未刊发的稿件")
    with pytest.raises(WorkflowError) as excinfo:
        record(cast.editor, article)
    assert excinfo.value.message == "《尚未刊发的稿件》尚未刊发，只有已刊发的稿件才能登记上级采用。"
    assert not UpwardAdoption.objects.exists() and not InfoworkLog.objects.exists()


def test_a_recalled_article_is_refused_even_from_a_stale_copy(cast, unit_a):
    article = published(unit_a, title="被撤回的稿件")
    Article.objects.filter(pk=article.pk).update(status="accepted", published_at=None)
    with pytest.raises(WorkflowError) as excinfo:
        record(cast.editor, article)  # the object in hand still says “published”
    assert "尚未刊发" in excinfo.value.message
    assert not UpwardAdoption.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"level": "county"},
            {"level": ["请从以下级别中选择一个：“市委、市政府”“省级”“全国”“中央、国务院办公厅”。"]},
        ),
        (
            {"level": ""},
            {"level": ["请从以下级别中选择一个：“市委、市政府”“省级”“全国”“中央、国务院办公厅”。"]},
        ),
        ({"outlet": ""}, {"outlet": ["请填写采用单位或刊物。"]}),
        ({"outlet": "   "}, {"outlet": ["请填写采用单位或刊物。"]}),
        ({"outlet": None}, {"outlet": ["请填写采用单位或刊物。"]}),
        ({"outlet": "刊" * 201}, {"outlet": ["采用单位或刊物太长：最多200个字，现有201个字。"]}),
        ({"date": None}, {"date": ["请填写采用日期。"]}),
        ({"date": "2026-03-05"}, {"date": ["请按 YYYY-MM-DD 格式填写日期，例如 2026-01-31。"]}),
        ({"note": "备\x00注"}, {"note": ["文字中含有无法保存的字符（NUL），请删除后再试。"]}),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(cast, unit_a, overrides, expected):
    with pytest.raises(ValidationError) as excinfo:
        record(cast.editor, published(unit_a), **overrides)
    assert errors_of(excinfo) == expected
    assert not UpwardAdoption.objects.exists() and not InfoworkLog.objects.exists()


def test_a_day_in_the_future_is_refused(cast, unit_a):
    tomorrow = days_ago(-1)
    with pytest.raises(ValidationError) as excinfo:
        record(cast.editor, published(unit_a), date=tomorrow)
    today = days_ago(0)
    assert errors_of(excinfo) == {
        "date": [
            f"采用日期（{tomorrow.year}年{tomorrow.month}月{tomorrow.day}日）晚于今天"
            f"（{today.year}年{today.month}月{today.day}日），不能填写将来的日期。"
        ]
    }
    assert not UpwardAdoption.objects.exists()


def test_a_day_before_publication_is_refused(cast, unit_a):
    with pytest.raises(ValidationError) as excinfo:
        record(cast.editor, published(unit_a), date=PUBLISHED_DAY - datetime.timedelta(days=1))
    assert errors_of(excinfo) == {"date": ["采用日期（2026年3月1日）早于稿件刊发日期（2026年3月2日）。"]}
    assert not UpwardAdoption.objects.exists()


def test_every_problem_is_named_at_once(cast, unit_a):
    with pytest.raises(ValidationError) as excinfo:
        record(cast.editor, published(unit_a), level="x", outlet="", date=None)
    assert set(errors_of(excinfo)) == {"level", "outlet", "date"}


def test_the_same_outlet_on_the_same_day_is_recorded_once(cast, unit_a):
    article = published(unit_a)
    record(cast.editor, article, outlet="省总工会《工会信息》", date=datetime.date(2026, 3, 10))
    with pytest.raises(ValidationError) as excinfo:
        record(
            cast.editor,
            article,
            outlet=" 省总工会《工会信息》",
            date=datetime.date(2026, 3, 10),
            level="city",
        )
    assert errors_of(excinfo) == {"outlet": ["这次上级采用已经登记过：省总工会《工会信息》，2026年3月10日。"]}
    assert UpwardAdoption.objects.count() == 1 and InfoworkLog.objects.count() == 1
    # Another day, another outlet or another article is a new adoption.
    record(cast.editor, article, outlet="省总工会《工会信息》", date=datetime.date(2026, 3, 11))
    record(cast.editor, article, outlet="市委《每日要情》", date=datetime.date(2026, 3, 10))
    record(cast.editor, published(unit_a), outlet="省总工会《工会信息》", date=datetime.date(2026, 3, 10))
    assert UpwardAdoption.objects.count() == 4


def test_deleting_keeps_what_was_deleted_and_why_in_the_log(cast, unit_a):
    article = published(unit_a)
    saved = adoption(article, cast.editor, outlet="省总工会《工会信息》", day=datetime.date(2026, 3, 10))
    upward_adoption_delete(actor=cast.editor, adoption=saved, reason=" 登记重复 ")
    assert not UpwardAdoption.objects.exists()
    log = InfoworkLog.objects.get()
    assert (log.action, log.article, log.actor) == (InfoworkLog.Action.UPWARD_DELETE, article, cast.editor)
    assert log.detail == {
        "adoption": saved.pk,
        "level": "province",
        "outlet": "省总工会《工会信息》",
        "date": "2026-03-10",
        "note": "",
        "reason": "登记重复",
    }


def test_deleting_needs_a_reason(cast, unit_a):
    saved = adoption(published(unit_a), cast.editor)
    with pytest.raises(ValidationError) as excinfo:
        upward_adoption_delete(actor=cast.editor, adoption=saved, reason="  ")
    assert errors_of(excinfo) == {"reason": ["请填写删除原因。"]}
    assert UpwardAdoption.objects.filter(pk=saved.pk).exists() and not InfoworkLog.objects.exists()


@pytest.mark.parametrize("who", ["correspondent_a", "signer", "reader"])
def test_only_editors_delete(cast, unit_a, who):
    saved = adoption(published(unit_a), cast.editor)
    with pytest.raises(WorkflowError) as excinfo:
        upward_adoption_delete(actor=getattr(cast, who), adoption=saved, reason="错了")
    assert excinfo.value.message == "只有编辑部可以删除上级采用记录。"
    assert UpwardAdoption.objects.filter(pk=saved.pk).exists()


def test_deleting_twice_says_it_is_gone(cast, unit_a):
    saved = adoption(published(unit_a), cast.editor)
    upward_adoption_delete(actor=cast.editor, adoption=saved, reason="错了")
    with pytest.raises(WorkflowError) as excinfo:
        upward_adoption_delete(actor=cast.editor, adoption=saved, reason="错了")
    assert excinfo.value.message == "这条上级采用记录已被删除。"
    assert InfoworkLog.objects.count() == 1


def test_the_contract_name_is_exported():
    import infowork.services

    assert infowork.services.upward_adoption_record is upward_adoption_record
    call_command("check")
