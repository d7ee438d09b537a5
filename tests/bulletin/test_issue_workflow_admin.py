"""The issue composition page, issue transitions in the back office, the preview and the dashboard."""

import pytest
from django.urls import reverse

from articles.models import Article
from bulletin.models import Issue, IssueTransition
from tests.factories import IssueLineFactory
from tests.workflow_helpers import article_in, issue_in, row, section

S = Issue.Status
AS = Article.Status


@pytest.fixture
def login(client):
    def as_(user):
        client.force_login(user)
        return client

    return as_


def compose_url(issue):
    return reverse("admin:bulletin_issue_compose", args=[issue.pk])


def transition_url(issue, action):
    return reverse("admin:bulletin_issue_transition", args=[issue.pk, action])


def test_the_composition_page_is_for_the_office_only(login, cast):
    issue = issue_in(S.DRAFTING)
    assert login(cast.correspondent_a).get(compose_url(issue)).status_code == 403
    assert login(cast.editor).get(compose_url(issue)).status_code == 200


def test_it_shows_sections_in_order_with_their_articles_and_the_pick_list(login, cast, unit_a):
    issue = issue_in(S.DRAFTING)
    placed = article_in(AS.ACCEPTED, unit_a, issue=issue, section_name="创先争优", title="已编入的稿件")
    waiting = article_in(AS.ACCEPTED, unit_a, title="等待编入的稿件")
    Article.objects.filter(pk=waiting.pk).update(issue=None, section=None)
    page = login(cast.editor).get(compose_url(issue)).content.decode()
    headings = [page.index(f"【{name}】") for name in ("工作动态", "创先争优", "立功竞赛", "工作简讯")]
    assert headings == sorted(headings)
    assert headings[1] < page.index(placed.title) < headings[2]
    assert page.index('id="pick-list"') < page.index(waiting.title)


def test_add_move_and_take_out_from_the_composition_page(login, cast, unit_a):
    issue = issue_in(S.DRAFTING)
    first = article_in(AS.ACCEPTED, unit_a, issue=issue)
    second = article_in(AS.ACCEPTED, unit_a)
    Article.objects.filter(pk=second.pk).update(issue=None, section=None)
    client = login(cast.editor)
    client.post(
        reverse("admin:bulletin_issue_place", args=[issue.pk]),
        {"article": second.pk, "section": section().pk},
    )
    assert (row(second)["issue_id"], row(second)["position"]) == (issue.pk, 2)
    client.post(
        reverse("admin:bulletin_issue_move", args=[issue.pk]), {"article": second.pk, "direction": "up"}
    )
    assert (row(second)["position"], row(first)["position"]) == (1, 2)
    client.post(reverse("admin:bulletin_issue_remove", args=[issue.pk]), {"article": first.pk})
    assert (row(first)["issue_id"], row(first)["status"]) == (None, AS.ACCEPTED)
    assert client.get(reverse("admin:bulletin_issue_move", args=[issue.pk])).status_code == 403


def test_sending_an_incomplete_issue_lists_the_problems(login, cast):
    issue = issue_in(S.DRAFTING)
    response = login(cast.editor).post(transition_url(issue, "send_for_signoff"), follow=True)
    assert "该期还没有稿件。" in response.content.decode()
    assert row(issue)["status"] == S.DRAFTING


def test_an_editor_sends_and_takes_back_but_cannot_sign(login, cast, unit_a):
    issue = issue_in(S.DRAFTING)
    article_in(AS.ACCEPTED, unit_a, issue=issue)
    client = login(cast.editor)
    client.post(transition_url(issue, "send_for_signoff"))
    assert row(issue)["status"] == S.PENDING_SIGNOFF
    page = client.get(compose_url(issue)).content.decode()
    assert 'data-action="take_back"' in page and 'data-action="sign"' not in page
    response = client.post(transition_url(issue, "sign"))
    assert "您无权对期次执行“签发”。" in response.content.decode()
    assert row(issue)["status"] == S.PENDING_SIGNOFF


def test_signing_asks_for_confirmation_and_takes_a_schedule(login, cast, unit_a):
    issue = issue_in(S.PENDING_SIGNOFF)
    article_in(AS.ACCEPTED, unit_a, issue=issue)
    client = login(cast.signer)
    page = client.get(transition_url(issue, "sign")).content.decode()
    assert 'name="publish_at"' in page
    assert row(issue)["status"] == S.PENDING_SIGNOFF
    bad = client.post(transition_url(issue, "sign"), {"publish_at": "2001-01-01T09:00"})
    assert "定时发布时间必须晚于当前时间。" in bad.content.decode()
    assert row(issue)["status"] == S.PENDING_SIGNOFF
    client.post(transition_url(issue, "sign"), {"publish_at": "2099-01-01T09:00"})
    stored = row(issue)
    assert (stored["status"], stored["signed_by_id"]) == (S.SIGNED, cast.signer.pk)
    assert stored["publish_at"].year == 2099


def test_recall_needs_a_reason(login, cast, unit_a):
    issue = issue_in(S.PUBLISHED)
    article_in(AS.PUBLISHED, unit_a, issue=issue)
    client = login(cast.signer)
    response = client.post(transition_url(issue, "recall"), {"note": ""})
    assert "请填写撤回发布的理由。" in response.content.decode()
    assert row(issue)["status"] == S.PUBLISHED
    client.post(transition_url(issue, "recall"), {"note": "发现错字"})
    assert row(issue)["status"] == S.DRAFTING
    assert IssueTransition.objects.get(issue=issue).note == "发现错字"


def test_create_next_issue_is_a_post(login, cast):
    client = login(cast.editor)
    url = reverse("admin:bulletin_issue_create_next")
    assert client.get(url).status_code == 405
    response = client.post(url)
    issue = Issue.objects.get()
    assert response["Location"] == compose_url(issue)
    assert (issue.number, issue.status) == (1, S.DRAFTING)


def test_a_signed_issue_is_no_longer_editable(login, cast):
    issue = issue_in(S.SIGNED)
    page = login(cast.editor).get(reverse("admin:bulletin_issue_change", args=[issue.pk])).content.decode()
    assert 'name="copies"' not in page


def test_the_preview_shows_the_unpublished_issue_as_readers_will(login, cast, unit_a):
    issue = issue_in(S.DRAFTING)
    article = article_in(AS.ACCEPTED, unit_a, issue=issue, title="预览中的稿件", byline="甲市总工会")
    IssueLineFactory(issue=issue, kind="distribute", text="各市（县）、区总工会")
    page = login(cast.editor).get(reverse("admin:bulletin_issue_preview", args=[issue.pk])).content.decode()
    assert article.title in page
    assert "（甲市总工会）" in page
    assert "各市（县）、区总工会" in page
    assert "读者目前还看不到" in page
    assert (
        login(cast.correspondent_a).get(reverse("admin:bulletin_issue_preview", args=[issue.pk])).status_code
        == 403
    )


def test_the_composition_page_has_a_query_budget(login, cast, unit_a, django_assert_max_num_queries):
    issue = issue_in(S.DRAFTING)
    for _ in range(25):
        article_in(AS.ACCEPTED, unit_a, issue=issue)
    for _ in range(10):
        waiting = article_in(AS.ACCEPTED, unit_a)
        Article.objects.filter(pk=waiting.pk).update(issue=None, section=None)
    client = login(cast.editor)
    with django_assert_max_num_queries(16):
        assert client.get(compose_url(issue)).status_code == 200


def test_the_issue_audit_log_is_for_the_office(login, cast, unit_a):
    issue = issue_in(S.DRAFTING)
    article_in(AS.ACCEPTED, unit_a, issue=issue)
    login(cast.editor).post(transition_url(issue, "send_for_signoff"))
    url = reverse("admin:bulletin_issuetransition_changelist")
    assert "送签" in login(cast.editor).get(url, {"action": "send_for_signoff"}).content.decode()
    assert login(cast.correspondent_a).get(url).status_code == 403
