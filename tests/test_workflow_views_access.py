"""Every workflow page of the back office: anonymous visitors and readers are sent to log in, a
correspondent gets no issue pages, the office gets in."""

import pytest
from django.urls import reverse

from articles.models import Article
from bulletin.models import Issue
from tests.workflow_helpers import article_in, issue_in


def article_urls(article):
    return [
        reverse("admin:articles_article_transition", args=[article.pk, "submit"]),
        reverse("admin:articles_article_comment", args=[article.pk]),
        reverse("admin:articles_article_revisions", args=[article.pk]),
        reverse("admin:articles_article_restore", args=[article.pk, 1]),
    ]


def issue_urls(issue):
    return [
        reverse("admin:bulletin_issue_compose", args=[issue.pk]),
        reverse("admin:bulletin_issue_place", args=[issue.pk]),
        reverse("admin:bulletin_issue_move", args=[issue.pk]),
        reverse("admin:bulletin_issue_remove", args=[issue.pk]),
        reverse("admin:bulletin_issue_transition", args=[issue.pk, "send_for_signoff"]),
        reverse("admin:bulletin_issue_preview", args=[issue.pk]),
        reverse("admin:bulletin_issue_create_next"),
    ]


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_outsiders_are_sent_to_log_in(client, cast, unit_a, who):
    if who == "reader":
        client.force_login(cast.reader)
    article = article_in(Article.Status.DRAFT, unit_a)
    issue = issue_in(Issue.Status.DRAFTING)
    for url in [*article_urls(article), *issue_urls(issue)]:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("admin:login")), url
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    assert Issue.objects.count() == 1


def test_a_correspondent_gets_no_issue_page(client, cast):
    issue = issue_in(Issue.Status.DRAFTING)
    client.force_login(cast.correspondent_a)
    for url in issue_urls(issue):
        assert client.post(url).status_code == 403, url
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.DRAFTING


def test_the_office_gets_in(client, cast, unit_a):
    issue = issue_in(Issue.Status.DRAFTING)
    article = article_in(Article.Status.DRAFT, unit_a)
    client.force_login(cast.editor)
    assert client.get(reverse("admin:bulletin_issue_compose", args=[issue.pk])).status_code == 200
    assert client.get(reverse("admin:articles_article_revisions", args=[article.pk])).status_code == 200
