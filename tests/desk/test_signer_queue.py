"""待签发: who may open it, what it lists in which order, and a query count that does not grow."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bulletin.models import IssueTransition
from tests.desk.signer_support import pending_issue, published_issue, signed_issue

URL = reverse("desk:signoff_queue")


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("who", ["correspondent_a", "reader", "editor"])
def test_it_refuses_everyone_but_the_signer(client, db, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403


def test_it_lists_pending_oldest_first_then_scheduled_then_published(client, editor, signer, unit_a):
    older = pending_issue(editor, unit_a, number=5)
    newer = pending_issue(editor, unit_a, number=6)
    IssueTransition.objects.filter(issue=older).update(created=timezone.now() - datetime.timedelta(days=2))
    later = timezone.now() + datetime.timedelta(days=3)
    scheduled = signed_issue(editor, signer, unit_a, number=7, publish_at=later)
    published = published_issue(editor, signer, unit_a, number=8)
    client.force_login(signer)
    response = client.get(URL)
    assert response.status_code == 200
    assert [i.pk for i in response.context["pending"]] == [older.pk, newer.pk]
    assert [i.pk for i in response.context["signed"]] == [scheduled.pk]
    assert [i.pk for i in response.context["published"]] == [published.pk]
    page = response.content.decode()
    assert (
        page.index("2026年第5期")
        < page.index("2026年第6期")
        < page.index("2026年第7期")
        < page.index("2026年第8期")
    )
    assert "待签发" in page and "已签发" in page and "已发布" in page
    assert f"{timezone.localtime(later):%Y-%m-%d %H:%M}" in page
    assert f"{editor.get_full_name() or editor.username}于" in page


def test_it_shows_only_the_last_ten_published(client, editor, signer, unit_a):
    for number in range(1, 13):
        published_issue(editor, signer, unit_a, number=number)
    client.force_login(signer)
    response = client.get(URL)
    assert len(response.context["published"]) == 10


def test_its_query_count_does_not_grow_with_the_issues(
    client, editor, signer, unit_a, django_assert_max_num_queries
):
    for number in range(1, 5):
        pending_issue(editor, unit_a, number=number, articles=2)
    for number in range(5, 9):
        signed_issue(
            editor, signer, unit_a, number=number, publish_at=timezone.now() + datetime.timedelta(days=1)
        )
    for number in range(9, 13):
        published_issue(editor, signer, unit_a, number=number)
    client.force_login(signer)
    with django_assert_max_num_queries(11):
        response = client.get(URL)
    assert len(response.context["pending"]) == 4
    assert len(response.context["signed"]) == 4
    assert len(response.context["published"]) == 4


def test_it_says_when_nothing_waits(client, signer):
    client.force_login(signer)
    page = client.get(URL).content.decode()
    assert "没有等待签发的期次。" in page
