"""The issue workflow's rules: complete issues only, signing, atomic publish, scheduling, recall."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

import articles.services
from articles.models import Article, ArticleTransition
from articles.services import WorkflowError
from bulletin import signals
from bulletin.models import Issue, IssueTransition, Section
from bulletin.services import (
    issue_create,
    issue_move_article,
    issue_publish,
    issue_recall,
    issue_send_for_signoff,
    issue_sign,
)
from tests.factories import IssueFactory, SectionFactory
from tests.workflow_helpers import article_in, issue_in, row, section

S = Issue.Status
AS = Article.Status


def test_an_empty_issue_cannot_go_to_signoff(cast):
    issue = issue_in(S.DRAFTING)
    with pytest.raises(WorkflowError) as error:
        issue_send_for_signoff(issue=issue, actor=cast.editor)
    assert error.value.messages == ["该期还没有稿件。"]
    assert row(issue)["status"] == S.DRAFTING


def test_the_signoff_error_lists_everything_wrong(cast, unit_a):
    issue = issue_in(S.DRAFTING)
    same_order = SectionFactory(name="基层风采", position=section("工作动态").position)
    good = article_in(AS.ACCEPTED, unit_a, issue=issue)
    clash = article_in(AS.ACCEPTED, unit_a, issue=issue, title="风采稿件")
    Article.objects.filter(pk=clash.pk).update(section=same_order)
    Article.objects.filter(pk=good.pk).update(status=AS.PUBLISHED, published_at=timezone.now())
    twin = article_in(AS.ACCEPTED, unit_a, issue=issue, section_name="立功竞赛", title="同位稿件甲")
    article_in(AS.ACCEPTED, unit_a, issue=issue, section_name="立功竞赛", title="同位稿件乙")
    before = row(issue)
    with pytest.raises(WorkflowError) as error:
        issue_send_for_signoff(issue=issue, actor=cast.editor)
    assert error.value.messages == [
        f"《{good.title}》的状态为“已发布”，不是“已采用”。",
        "栏目【工作动态】、【基层风采】的排列顺序相同（10），请为每个栏目设置不同的顺序。",
        "【立功竞赛】栏目中的稿件顺序不明确，请调整其中一篇的位置。",
    ]
    assert twin.position == 1
    assert row(issue) == before
    assert not IssueTransition.objects.exists()


def test_signing_records_the_signer_the_time_and_the_schedule(cast, unit_a):
    issue = issue_in(S.PENDING_SIGNOFF)
    article_in(AS.ACCEPTED, unit_a, issue=issue)
    later = timezone.now() + datetime.timedelta(hours=2)
    issue_sign(issue=issue, actor=cast.signer, publish_at=later)
    issue.refresh_from_db()
    assert (issue.status, issue.signed_by, issue.publish_at) == (S.SIGNED, cast.signer, later)
    assert abs(issue.signed_at - timezone.now()) < datetime.timedelta(seconds=10)


def test_a_schedule_in_the_past_is_refused(cast, unit_a):
    issue = issue_in(S.PENDING_SIGNOFF)
    before = row(issue)
    with pytest.raises(WorkflowError) as error:
        issue_sign(issue=issue, actor=cast.signer, publish_at=timezone.now() - datetime.timedelta(minutes=1))
    assert error.value.message == "定时发布时间必须晚于当前时间。"
    assert row(issue) == before


def test_publishing_publishes_every_article_with_the_issue(cast, unit_a, django_capture_on_commit_callbacks):
    issue = issue_in(S.SIGNED)
    placed = [article_in(AS.ACCEPTED, unit_a, issue=issue) for _ in range(3)]
    received = []
    signals.issue_published.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="t1")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            issue_publish(issue=issue, actor=cast.signer)
    finally:
        signals.issue_published.disconnect(dispatch_uid="t1")
    issue.refresh_from_db()
    assert issue.status == S.PUBLISHED
    for article in placed:
        article.refresh_from_db()
        assert (article.status, article.published_at) == (AS.PUBLISHED, issue.published_at)
    assert ArticleTransition.objects.filter(action="publish").count() == 3
    assert [(r["issue"], r["actor"]) for r in received] == [(issue, cast.signer)]


def test_publish_is_all_or_nothing(cast, unit_a, monkeypatch, django_capture_on_commit_callbacks):
    issue = issue_in(S.SIGNED)
    placed = [article_in(AS.ACCEPTED, unit_a, issue=issue) for _ in range(3)]
    real = articles.services.article_publish
    calls = []

    def fail_on_the_third(*, article, **kwargs):
        calls.append(article.pk)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(article=article, **kwargs)

    monkeypatch.setattr("bulletin.services.article_publish", fail_on_the_third)
    before = [row(issue), *[row(article) for article in placed]]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        issue_publish(issue=issue, actor=cast.signer)
    assert len(calls) == 3
    assert [row(issue), *[row(article) for article in placed]] == before
    assert not ArticleTransition.objects.exists()
    assert not IssueTransition.objects.exists()
    assert callbacks == []


def test_publish_scheduled_publishes_due_issues_once(cast, unit_a):
    due = issue_in(S.SIGNED, publish_at=timezone.now() - datetime.timedelta(minutes=1))
    article_in(AS.ACCEPTED, unit_a, issue=due)
    later = issue_in(S.SIGNED, publish_at=timezone.now() + datetime.timedelta(days=1))
    article_in(AS.ACCEPTED, unit_a, issue=later)
    waiting = issue_in(S.SIGNED)  # signed without a time: published by hand
    article_in(AS.ACCEPTED, unit_a, issue=waiting)
    call_command("publish_scheduled")
    call_command("publish_scheduled")
    assert Issue.objects.get(pk=due.pk).status == S.PUBLISHED
    assert Issue.objects.get(pk=later.pk).status == S.SIGNED
    assert Issue.objects.get(pk=waiting.pk).status == S.SIGNED
    logged = IssueTransition.objects.get(issue=due)
    assert (logged.action, logged.actor) == ("publish", None)


def test_recall_needs_a_reason_and_puts_articles_back(cast, unit_a):
    issue = issue_in(S.PUBLISHED)
    article = article_in(AS.PUBLISHED, unit_a, issue=issue)
    before = row(issue)
    with pytest.raises(WorkflowError) as error:
        issue_recall(issue=issue, actor=cast.signer, reason=" ")
    assert error.value.message == "请填写撤回发布的理由。"
    assert row(issue) == before
    issue_recall(issue=issue, actor=cast.signer, reason="数据有误")
    issue.refresh_from_db()
    article.refresh_from_db()
    assert (issue.status, issue.published_at, issue.signed_by) == (S.DRAFTING, None, None)
    assert (article.status, article.published_at, article.issue) == (AS.ACCEPTED, None, issue)
    assert IssueTransition.objects.get(issue=issue).note == "数据有误"


def test_new_issues_are_numbered_after_the_last_one(cast):
    IssueFactory(year=2026, number=11, total_number=326)
    issue = issue_create(actor=cast.editor, issue_date=datetime.date(2026, 12, 1))
    assert (issue.year, issue.number, issue.total_number, issue.status) == (2026, 12, 327, S.DRAFTING)
    next_year = issue_create(actor=cast.editor, issue_date=datetime.date(2027, 1, 5))
    assert (next_year.number, next_year.total_number) == (1, 328)
    with pytest.raises(WorkflowError):
        issue_create(actor=cast.correspondent_a)


def test_moving_crosses_section_boundaries(cast, unit_a):
    issue = issue_in(S.DRAFTING)
    a = article_in(AS.ACCEPTED, unit_a, issue=issue, section_name="工作动态")
    b = article_in(AS.ACCEPTED, unit_a, issue=issue, section_name="创先争优")
    Article.objects.filter(pk=b.pk).update(position=1)
    issue_move_article(issue=issue, article=b, actor=cast.editor, direction="up")
    order = list(
        issue.articles.order_by("section__position", "position").values_list(
            "pk", "section__name", "position"
        )
    )
    assert order == [(a.pk, "工作动态", 1), (b.pk, "工作动态", 2)]
    issue_move_article(issue=issue, article=b, actor=cast.editor, direction="up")
    order = list(issue.articles.order_by("section__position", "position").values_list("pk", "position"))
    assert order == [(b.pk, 1), (a.pk, 2)]
    issue_move_article(issue=issue, article=a, actor=cast.editor, direction="down")
    assert Article.objects.get(pk=a.pk).section == Section.objects.get(name="创先争优")


def test_creating_an_issue_signals_inside_the_transaction(cast):
    received = []

    def receiver(**kwargs):
        from django.db import connection

        received.append((kwargs["issue"].number, kwargs["actor"], connection.in_atomic_block))

    signals.issue_created.connect(receiver, weak=False, dispatch_uid="t-created")
    try:
        issue = issue_create(actor=cast.editor)
    finally:
        signals.issue_created.disconnect(dispatch_uid="t-created")
    assert received == [(issue.number, cast.editor, True)]


def test_a_recall_signals_after_commit_with_the_reason(cast, unit_a, django_capture_on_commit_callbacks):
    issue = issue_in(S.PUBLISHED)
    article_in(AS.PUBLISHED, unit_a, issue=issue)
    received = []
    signals.issue_recalled.connect(lambda **kw: received.append(kw["reason"]), weak=False, dispatch_uid="t-r")
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            issue_recall(issue=issue, actor=cast.signer, reason="更正")
        assert received == []
        for callback in callbacks:
            callback()
    finally:
        signals.issue_recalled.disconnect(dispatch_uid="t-r")
    assert received == ["更正"]
