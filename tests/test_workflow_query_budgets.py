"""Back-office list pages of the workflow cost the same number of queries for 5 rows or 40."""

import pytest
from django.urls import reverse

from articles.models import Article
from articles.services import article_return
from bulletin.models import Issue
from bulletin.services import issue_send_for_signoff
from tests.workflow_helpers import article_in, issue_in

PAGES = [
    ("editor", "admin:articles_article_changelist"),
    ("correspondent_a", "admin:articles_article_changelist"),
    ("editor", "admin:articles_articletransition_changelist"),
    ("editor", "admin:bulletin_issue_changelist"),
    ("editor", "admin:bulletin_issuetransition_changelist"),
]


def make_rows(cast, unit_a, start, count):
    for index in range(start, start + count):
        article = article_in(Article.Status.SUBMITTED, unit_a, author=cast.correspondent_a)
        article_return(article=article, actor=cast.editor, note=f"意见{index}")
        issue = issue_in(Issue.Status.DRAFTING, year=2040, number=index + 1)
        article_in(Article.Status.ACCEPTED, unit_a, issue=issue)
        issue_send_for_signoff(issue=issue, actor=cast.editor)


def queries_for(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(("role", "url_name"), PAGES)
def test_the_page_does_not_grow_with_its_rows(
    client, cast, unit_a, role, url_name, django_assert_max_num_queries
):
    client.force_login(getattr(cast, role))
    url = reverse(url_name)
    make_rows(cast, unit_a, 0, 5)
    few = queries_for(client, url)
    make_rows(cast, unit_a, 5, 35)
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200
    assert few <= 16
