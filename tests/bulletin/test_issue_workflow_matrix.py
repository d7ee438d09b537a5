"""Every (issue state × action × role): allowed steps succeed and are logged, the others raise and
change nothing (neither the issue nor its articles). Expectations written out independently."""

import pytest

from articles.models import Article
from articles.services import WorkflowError
from bulletin.models import Issue, IssueTransition
from bulletin.services import ACTION_SERVICES
from tests.workflow_helpers import article_in, issue_in, row

S = Issue.Status
OFFICE = {"editor", "signer"}

EXPECTED = {
    "send_for_signoff": ({S.DRAFTING}, OFFICE, S.PENDING_SIGNOFF),
    "take_back": ({S.PENDING_SIGNOFF}, OFFICE, S.DRAFTING),
    "sign": ({S.PENDING_SIGNOFF}, {"signer"}, S.SIGNED),
    "publish": ({S.SIGNED}, {"signer"}, S.PUBLISHED),
    "recall": ({S.PUBLISHED}, {"signer"}, S.DRAFTING),
}
ROLES = ["correspondent", "editor", "signer", "reader"]


def perform(action, issue, actor):
    service = ACTION_SERVICES[action]
    if action == "recall":
        return service(issue=issue, actor=actor, reason="第二篇稿件数据有误，需更正后重发。")
    return service(issue=issue, actor=actor)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(EXPECTED))
@pytest.mark.parametrize("state", list(S))
def test_it_allows_exactly_the_listed_transitions(state, action, role, cast, unit_a):
    issue = issue_in(state)
    article_status = Article.Status.PUBLISHED if state == S.PUBLISHED else Article.Status.ACCEPTED
    article = article_in(article_status, unit_a, issue=issue)
    actor = {"correspondent": cast.correspondent_a}.get(role) or getattr(cast, role)
    sources, roles, target = EXPECTED[action]
    issue_before, article_before = row(issue), row(article)

    if state in sources and role in roles:
        perform(action, issue, actor)
        issue.refresh_from_db()
        article.refresh_from_db()
        assert issue.status == target
        logged = IssueTransition.objects.get(issue=issue)
        assert (logged.action, logged.from_status, logged.to_status, logged.actor) == (
            action,
            state,
            target,
            actor,
        )
        expected_article = Article.Status.PUBLISHED if target == S.PUBLISHED else Article.Status.ACCEPTED
        assert article.status == expected_article
        assert article.issue_id == issue.pk
    else:
        with pytest.raises(WorkflowError):
            perform(action, issue, actor)
        assert row(issue) == issue_before
        assert row(article) == article_before
        assert not IssueTransition.objects.filter(issue=issue).exists()
