"""The back-office front page shows each person their work."""

import pytest
from django.urls import reverse

from articles.models import Article
from articles.services import article_return
from bulletin.models import Issue
from tests.workflow_helpers import article_in, issue_in

AS = Article.Status


@pytest.fixture
def login(client):
    def as_(user):
        client.force_login(user)
        return client

    return as_


def block(page: str, block_id: str) -> str:
    start = page.index(f'id="{block_id}"')
    return page[start : page.index("</div>", start)]


def test_a_correspondent_sees_drafts_returned_with_the_note_submitted_and_adopted(
    login, cast, unit_a, unit_b
):
    article_in(AS.DRAFT, unit_a, author=cast.correspondent_a, title="我的草稿")
    returned = article_in(AS.SUBMITTED, unit_a, author=cast.correspondent_a, title="被退回的稿件")
    article_return(article=returned, actor=cast.editor, note="请补充数据来源。")
    article_in(AS.SUBMITTED, unit_a, title="已报送的稿件")
    article_in(AS.ACCEPTED, unit_a, title="已采用的稿件")
    article_in(AS.DRAFT, unit_b, title="乙单位草稿")
    page = login(cast.correspondent_a).get(reverse("admin:index")).content.decode()
    assert "我的草稿" in block(page, "dash-drafts")
    returned_block = block(page, "dash-returned")
    assert "被退回的稿件" in returned_block and "请补充数据来源。" in returned_block
    assert "已报送的稿件" in block(page, "dash-submitted")
    assert "已采用的稿件" in block(page, "dash-adopted")
    assert "乙单位草稿" not in page
    assert 'id="dash-review"' not in page


def test_an_editor_sees_the_review_queue_oldest_first_unplaced_and_composing(login, cast, unit_a):
    from django.utils import timezone

    old = article_in(AS.SUBMITTED, unit_a, title="较早来稿")
    new = article_in(AS.SUBMITTED, unit_a, title="较新来稿")
    Article.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timezone.timedelta(days=2))
    Article.objects.filter(pk=new.pk).update(submitted_at=timezone.now())
    unplaced = article_in(AS.ACCEPTED, unit_a, title="未编入稿件")
    Article.objects.filter(pk=unplaced.pk).update(issue=None, section=None)
    issue_in(Issue.Status.DRAFTING, year=2030, number=12)
    page = login(cast.editor).get(reverse("admin:index")).content.decode()
    review = block(page, "dash-review")
    assert review.index("较早来稿") < review.index("较新来稿")
    assert "未编入稿件" in block(page, "dash-unplaced")
    assert "2030年第12期" in block(page, "dash-composing")
    assert 'id="dash-to-sign"' not in page


def test_a_signer_sees_issues_waiting_for_signature(login, cast):
    issue_in(Issue.Status.PENDING_SIGNOFF, year=2030, number=7)
    page = login(cast.signer).get(reverse("admin:index")).content.decode()
    assert "2030年第7期" in block(page, "dash-to-sign")


@pytest.mark.parametrize("role", ["correspondent_a", "editor", "signer"])
def test_the_dashboard_has_a_query_budget(login, cast, unit_a, role, django_assert_max_num_queries):
    for status in (AS.DRAFT, AS.SUBMITTED, AS.RETURNED, AS.ACCEPTED) * 8:
        article = article_in(status, unit_a, author=cast.correspondent_a)
        if status == AS.ACCEPTED:
            Article.objects.filter(pk=article.pk).update(issue=None, section=None)
    for number in range(20, 26):
        issue_in(Issue.Status.PENDING_SIGNOFF, year=2030, number=number)
    client = login(getattr(cast, role))
    with django_assert_max_num_queries(20):
        assert client.get(reverse("admin:index")).status_code == 200
