"""Changing or cancelling the scheduled publication time of a signed issue."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from articles.services import WorkflowError
from bulletin.models import Issue, IssueTransition
from bulletin.services import issue_reschedule
from tests.workflow_helpers import article_in, issue_in, row

S = Issue.Status


@pytest.fixture
def signed(cast, unit_a):
    issue = issue_in(S.SIGNED, publish_at=timezone.now() + datetime.timedelta(days=1), signed_by=cast.signer)
    article_in(Article.Status.ACCEPTED, unit_a, issue=issue)
    return issue


def test_it_moves_the_publication_time_and_logs_it(cast, signed):
    later = timezone.now() + datetime.timedelta(days=3)
    issue_reschedule(issue=signed, actor=cast.signer, publish_at=later)
    assert (row(signed)["status"], row(signed)["publish_at"]) == (S.SIGNED, later)
    logged = IssueTransition.objects.get(issue=signed)
    assert (logged.action, logged.from_status, logged.to_status, logged.actor) == (
        "reschedule",
        S.SIGNED,
        S.SIGNED,
        cast.signer,
    )
    assert logged.note == f"发布时间改为{timezone.localtime(later):%Y-%m-%d %H:%M}。"


def test_none_cancels_the_schedule_and_leaves_the_issue_signed(cast, signed):
    issue_reschedule(issue=signed, actor=cast.signer, publish_at=None)
    assert (row(signed)["status"], row(signed)["publish_at"]) == (S.SIGNED, None)
    assert IssueTransition.objects.get(issue=signed).note == "已取消定时发布，本期将手动发布。"


def test_a_time_in_the_past_is_refused(cast, signed):
    before = row(signed)
    with pytest.raises(WorkflowError) as error:
        issue_reschedule(
            issue=signed, actor=cast.signer, publish_at=timezone.now() - datetime.timedelta(minutes=5)
        )
    assert error.value.message == "定时发布时间必须晚于当前时间。"
    assert row(signed) == before
    assert not IssueTransition.objects.exists()


@pytest.mark.parametrize("who", ["editor", "correspondent_a", "reader"])
def test_only_signers_may_reschedule(cast, signed, who):
    before = row(signed)
    with pytest.raises(WorkflowError) as error:
        issue_reschedule(issue=signed, actor=getattr(cast, who), publish_at=None)
    assert error.value.message == "您无权更改期次的发布时间。"
    assert row(signed) == before


@pytest.mark.parametrize("status", [S.DRAFTING, S.PENDING_SIGNOFF, S.PUBLISHED])
def test_only_signed_issues_can_be_rescheduled(cast, status):
    issue = issue_in(status)
    before = row(issue)
    with pytest.raises(WorkflowError) as error:
        issue_reschedule(issue=issue, actor=cast.signer, publish_at=None)
    assert error.value.message.startswith("只有已签发的期次才能更改发布时间")
    assert row(issue) == before
    assert not IssueTransition.objects.exists()
