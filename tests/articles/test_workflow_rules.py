"""The article workflow's rules beyond the matrix: notes, units, editing, revisions, conflicts."""

import pytest

from articles.models import Article, ArticleRevision, ArticleTransition
from articles.services import (
    EditConflict,
    WorkflowError,
    article_accept,
    article_comment,
    article_create,
    article_place,
    article_reject,
    article_restore_revision,
    article_return,
    article_submit,
    article_update,
    can_edit,
    latest_return_note,
)
from bulletin.models import Issue
from tests.factories import UnitFactory
from tests.workflow_helpers import article_in, issue_in, row, section

S = Article.Status


def test_it_refuses_a_return_without_a_note(cast, unit_a):
    article = article_in(S.SUBMITTED, unit_a)
    before = row(article)
    with pytest.raises(WorkflowError) as error:
        article_return(article=article, actor=cast.editor, note="   ")
    assert error.value.message == "请填写修改意见，说明需要修改的地方。"
    assert row(article) == before
    assert not ArticleTransition.objects.exists()


def test_it_refuses_a_rejection_without_a_reason(cast, unit_a):
    article = article_in(S.SUBMITTED, unit_a)
    before = row(article)
    with pytest.raises(WorkflowError) as error:
        article_reject(article=article, actor=cast.editor, note="")
    assert error.value.message == "请填写不予采用的理由。"
    assert row(article) == before


def test_it_names_the_state_when_a_step_is_impossible(cast, unit_a):
    article = article_in(S.DRAFT, unit_a)
    with pytest.raises(WorkflowError) as error:
        article_accept(article=article, actor=cast.editor)
    assert error.value.message == "稿件处于“草稿”状态，不能“采用”。"


def test_it_names_the_role_when_a_correspondent_tries_to_accept(cast, unit_a):
    article = article_in(S.SUBMITTED, unit_a)
    with pytest.raises(WorkflowError) as error:
        article_accept(article=article, actor=cast.correspondent_a)
    assert error.value.message == "您无权对稿件执行“采用”。"


def test_it_records_the_note_and_shows_the_latest_return_note(cast, unit_a):
    article = article_in(S.SUBMITTED, unit_a)
    article_return(article=article, actor=cast.editor, note="第一次意见")
    article_submit(article=article, actor=cast.correspondent_a)
    article_return(article=article, actor=cast.editor, note="请补充参与人数。")
    assert latest_return_note(article).note == "请补充参与人数。"
    assert latest_return_note(article).actor == cast.editor


def test_it_sets_a_correspondents_unit_for_them(cast, unit_a):
    article = article_create(actor=cast.correspondent_a, title="镇工会开展培训", body="<p>正文</p>")
    assert list(article.units.all()) == [unit_a]
    assert (article.author, article.status, article.version) == (cast.correspondent_a, S.DRAFT, 1)
    assert article.revisions.get().data["title"] == "镇工会开展培训"


def test_a_county_correspondent_may_write_for_its_town_union(cast, unit_a):
    town = UnitFactory(name="甲镇总工会", parent=unit_a)
    article = article_create(actor=cast.correspondent_a, title="甲镇来稿", units=[town])
    assert list(article.units.all()) == [town]
    article_submit(article=article, actor=cast.correspondent_a)
    assert article.status == S.SUBMITTED


def test_a_correspondent_cannot_write_for_another_unit(cast, unit_a, unit_b):
    with pytest.raises(WorkflowError) as error:
        article_create(actor=cast.correspondent_a, title="冒名稿件", units=[unit_b])
    assert error.value.message == "您不能以乙区总工会的名义撰稿。"
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("status", "editable"),
    [(S.DRAFT, True), (S.RETURNED, True), (S.SUBMITTED, False), (S.ACCEPTED, False), (S.PUBLISHED, False)],
)
def test_a_correspondent_edits_only_drafts_and_returned_articles(cast, unit_a, status, editable):
    article = article_in(status, unit_a)
    assert can_edit(article, cast.correspondent_a) is editable
    if not editable:
        before = row(article)
        with pytest.raises(WorkflowError):
            article_update(article=article, actor=cast.correspondent_a, data={"title": "改标题"})
        assert row(article) == before


def test_the_office_cannot_edit_an_article_in_an_issue_gone_to_signoff(cast, unit_a):
    article = article_in(S.ACCEPTED, unit_a, issue=issue_in(Issue.Status.PENDING_SIGNOFF))
    with pytest.raises(WorkflowError) as error:
        article_update(article=article, actor=cast.editor, data={"title": "改标题"})
    assert "请先将该期撤回编排" in error.value.message


def test_every_change_of_text_is_a_revision_and_nothing_else_is(cast, unit_a):
    article = article_create(actor=cast.correspondent_a, title="初稿标题", body="<p>一</p>")
    article_update(article=article, actor=cast.correspondent_a, data={"body": "<p>二</p>"}, base_version=1)
    article_update(article=article, actor=cast.correspondent_a, data={"body": "<p>二</p>"}, base_version=2)
    assert article.version == 2
    assert list(article.revisions.values_list("number", "author", "data__body")) == [
        (2, cast.correspondent_a.pk, "<p>二</p>"),
        (1, cast.correspondent_a.pk, "<p>一</p>"),
    ]


def test_the_second_of_two_concurrent_saves_is_refused_naming_who_saved(cast, unit_a):
    article = article_create(actor=cast.correspondent_a, title="两人同时编辑", body="<p>原文</p>")
    opened_by_both = article.version
    article_update(
        article=article, actor=cast.editor, data={"body": "<p>编辑改过</p>"}, base_version=opened_by_both
    )
    stale = Article.objects.get(pk=article.pk)
    with pytest.raises(EditConflict) as error:
        article_update(
            article=stale,
            actor=cast.correspondent_a,
            data={"body": "<p>通讯员改过</p>"},
            base_version=opened_by_both,
        )
    assert error.value.saved_by == cast.editor
    assert cast.editor.first_name in error.value.message
    assert "您的修改没有保存" in error.value.message
    article.refresh_from_db()
    assert article.body == "<p>编辑改过</p>"
    assert article.version == 2


def test_restoring_a_revision_is_itself_a_new_revision(cast, unit_a):
    article = article_create(actor=cast.correspondent_a, title="标题甲", body="<p>第一版</p>")
    article_update(
        article=article, actor=cast.correspondent_a, data={"title": "标题乙", "body": "<p>第二版</p>"}
    )
    first = article.revisions.get(number=1)
    article_restore_revision(article=article, actor=cast.correspondent_a, revision=first)
    article.refresh_from_db()
    assert (article.title, article.body, article.version) == ("标题甲", "<p>第一版</p>", 3)
    latest = article.revisions.get(number=3)
    assert latest.restored_from == first
    assert ArticleRevision.objects.filter(article=article).count() == 3


def test_comments_need_text_and_scope(cast, unit_a):
    article = article_in(S.SUBMITTED, unit_a)
    comment = article_comment(article=article, actor=cast.editor, text="数据来源请注明。")
    assert comment.author == cast.editor
    with pytest.raises(WorkflowError) as error:
        article_comment(article=article, actor=cast.correspondent_a, text="  ")
    assert error.value.message == "意见不能为空。"
    from django.http import Http404

    with pytest.raises(Http404):
        article_comment(article=article, actor=cast.correspondent_b, text="看不到的稿件")


def test_placing_inserts_and_renumbers(cast, unit_a):
    issue = issue_in(Issue.Status.DRAFTING)
    first, second, third = (article_in(S.ACCEPTED, unit_a, issue=issue) for _ in range(3))
    for article in (first, second, third):
        article_place(article=article, actor=cast.editor, issue=issue, section=section())
    article_place(article=third, actor=cast.editor, issue=issue, section=section(), position=1)
    ordered = list(issue.articles.order_by("position").values_list("pk", "position"))
    assert ordered == [(third.pk, 1), (first.pk, 2), (second.pk, 3)]


def test_an_accepted_article_bounced_back_leaves_its_issue(cast, unit_a):
    issue = issue_in(Issue.Status.DRAFTING)
    article = article_in(S.ACCEPTED, unit_a, issue=issue)
    article_return(article=article, actor=cast.editor, note="标题需再斟酌。")
    article.refresh_from_db()
    assert (article.status, article.issue_id, article.section_id) == (S.RETURNED, None, None)
