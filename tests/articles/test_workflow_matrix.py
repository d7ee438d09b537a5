"""Every (article state × action × role × own/other unit): the allowed ones succeed and are logged;
the others raise and change nothing. The expectations are written out here, independently of the
services' own table, so a change to that table has to be made twice, on purpose."""

import pytest
from django.http import Http404

from articles.models import Article, ArticleTransition
from articles.services import ACTION_SERVICES, WorkflowError, article_place, article_remove
from bulletin.models import Issue
from tests.workflow_helpers import article_in, issue_in, row, section

S = Article.Status
OFFICE = {"editor", "signer"}
WRITERS = {"own correspondent", "editor", "signer"}

# action: (statuses it starts from, who may do it, the status it ends in; None = unchanged)
EXPECTED = {
    "submit": ({S.DRAFT, S.RETURNED}, WRITERS, S.SUBMITTED),
    "withdraw": ({S.SUBMITTED}, WRITERS, S.DRAFT),
    "return": ({S.SUBMITTED, S.ACCEPTED}, OFFICE, S.RETURNED),
    "reject": ({S.SUBMITTED}, OFFICE, S.REJECTED),
    "accept": ({S.SUBMITTED}, OFFICE, S.ACCEPTED),
    "reopen": ({S.REJECTED}, OFFICE, S.SUBMITTED),
    "place": ({S.ACCEPTED}, OFFICE, None),
    "remove": ({S.ACCEPTED}, OFFICE, None),
}
ROLES = ["own correspondent", "other correspondent", "editor", "signer", "reader"]
OUT_OF_SCOPE = {"other correspondent", "reader"}


def actor_for(role, cast):
    return {
        "own correspondent": cast.correspondent_a,
        "other correspondent": cast.correspondent_b,
        "editor": cast.editor,
        "signer": cast.signer,
        "reader": cast.reader,
    }[role]


def perform(action, article, actor):
    if action == "place":
        target = issue_in(Issue.Status.DRAFTING, year=2031, number=90)
        return article_place(article=article, actor=actor, issue=target, section=section("创先争优"))
    if action == "remove":
        return article_remove(article=article, actor=actor)
    return ACTION_SERVICES[action](article=article, actor=actor, note="请补充具体数据。")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(EXPECTED))
@pytest.mark.parametrize("state", list(S))
def test_it_allows_exactly_the_listed_transitions(state, action, role, cast, unit_a):
    article = article_in(state, unit_a, author=cast.correspondent_a)
    actor = actor_for(role, cast)
    sources, roles, target = EXPECTED[action]
    before = row(article)

    if state in sources and role in roles:
        result = perform(action, article, actor)
        article.refresh_from_db()
        assert article.status == (target or state)
        assert result.status == article.status
        logged = ArticleTransition.objects.get(article=article)
        assert (logged.action, logged.from_status, logged.to_status, logged.actor) == (
            action,
            state,
            article.status,
            actor,
        )
        if action == "place":
            assert (article.issue.number, article.section.name, article.position) == (90, "创先争优", 1)
        if action == "remove" or (action == "return" and state == S.ACCEPTED):
            assert (article.issue_id, article.section_id) == (None, None)
    else:
        expected_error = Http404 if role in OUT_OF_SCOPE else WorkflowError
        with pytest.raises(expected_error):
            perform(action, article, actor)
        assert row(article) == before
        assert not ArticleTransition.objects.filter(article=article).exists()
