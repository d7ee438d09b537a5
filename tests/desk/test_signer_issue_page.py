"""The issue page: the issue as it will print, its status, the send-for-sign-off note, the history and
the signer's next actions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bulletin.services import issue_send_for_signoff, issue_take_back
from tests.desk.signer_support import detail_url, pending_issue, published_issue, signed_issue


@pytest.fixture
def issue(editor, unit_a):
    return pending_issue(editor, unit_a, number=3, note="第二篇请重点看")


def test_it_sends_anonymous_visitors_to_the_login_page(client, issue):
    response = client.get(detail_url(issue))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("who", ["correspondent_a", "reader"])
def test_it_refuses_correspondents_and_readers(client, issue, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(detail_url(issue)).status_code == 403


def test_it_answers_404_for_an_unknown_issue(client, signer):
    client.force_login(signer)
    assert client.get(reverse("desk:issue_detail", args=[999999])).status_code == 404


def test_it_shows_the_signer_the_issue_the_note_the_history_and_the_actions(client, issue, signer):
    client.force_login(signer)
    response = client.get(detail_url(issue))
    assert response.status_code == 200
    page = response.content.decode()
    article = issue.articles.get()
    assert article.title in page  # the reader's issue body
    assert "masthead-title" in page
    assert "第二篇请重点看" in page
    assert "处理记录" in page and "送签" in page
    assert [a.slug for a in response.context["actions"]] == ["sign", "take_back"]
    assert reverse("desk:issue_action", args=[issue.pk, "sign"]) in page
    assert ">签发<" in page and ">退回编辑<" in page
    assert ">发布<" not in page


def test_it_offers_publish_for_signed_and_recall_for_published(client, editor, signer, unit_a):
    signed = signed_issue(editor, signer, unit_a, number=4)
    published = published_issue(editor, signer, unit_a, number=5)
    client.force_login(signer)
    assert [a.slug for a in client.get(detail_url(signed)).context["actions"]] == ["publish", "reschedule"]
    page = client.get(detail_url(published)).content.decode()
    assert ">撤回发布<" in page


def test_editors_may_read_it_without_actions(client, issue, editor):
    client.force_login(editor)
    response = client.get(detail_url(issue))
    assert response.status_code == 200
    assert response.context["actions"] == []
    assert "签发由签发人进行" in response.content.decode()


def test_its_query_count_does_not_grow_with_articles_or_history(
    client, editor, signer, unit_a, django_assert_max_num_queries
):
    small = pending_issue(editor, unit_a, number=7, articles=1)
    large = pending_issue(editor, unit_a, number=8, articles=12)
    for _ in range(5):
        issue_take_back(issue=large, actor=editor, note="再改")
        large = issue_send_for_signoff(issue=large, actor=editor)
    client.force_login(signer)
    with CaptureQueriesContext(connection) as baseline:
        client.get(detail_url(small))
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(detail_url(large))
    assert len(response.context["history"]) == 11
