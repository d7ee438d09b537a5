"""/issues/<year>/<number>.txt serves published issues to whoever may read them, and no one else."""

import pytest
from django.urls import reverse

from bulletin.models import Section
from tests.factories import ArticleFactory, IssueFactory, IssueLineFactory


def url(issue, format="txt") -> str:
    return reverse("issue_export", kwargs={"year": issue.year, "number": issue.number, "format": format})


@pytest.fixture
def public_issue(db):
    issue = IssueFactory(year=2019, number=7, published=True)
    ArticleFactory(
        title="东湖区总工会举办劳动法律知识竞赛",
        body="<p>东湖区总工会日前举办竞赛。</p>",
        byline="东湖区总工会",
        status="published",
        published_at=issue.published_at,
        issue=issue,
        section=Section.objects.first(),
    )
    return issue


def test_it_has_the_contract_address(public_issue):
    assert url(public_issue) == "/issues/2019/7.txt"


def test_it_serves_a_public_issue_to_anonymous_visitors_as_utf8_text(client, public_issue):
    response = client.get(url(public_issue))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="gonghui-gongzuo-jianbao-2019-07.txt"'
    text = response.content.decode("utf-8")
    assert text.startswith("工会工作简报\n第7期\n")
    assert "东湖区总工会日前举办竞赛。\u3000\u3000（东湖区总工会）" in text


def test_it_hides_an_internal_issue_from_anonymous_visitors(client, db):
    issue = IssueFactory(year=2019, number=8, published=True, visibility="internal")
    assert client.get(url(issue)).status_code == 404


def test_it_serves_an_internal_issue_to_a_logged_in_reader(client, reader):
    issue = IssueFactory(year=2019, number=8, published=True, visibility="internal")
    client.force_login(reader)
    assert client.get(url(issue)).status_code == 200


def test_it_hides_an_unpublished_issue_even_from_the_editor(client, editor):
    issue = IssueFactory(year=2019, number=9)
    client.force_login(editor)
    assert client.get(url(issue)).status_code == 404


def test_it_answers_404_for_an_issue_that_does_not_exist(client, db):
    assert client.get("/issues/2019/99.txt").status_code == 404


def test_it_answers_404_for_an_unknown_format(client, public_issue):
    assert client.get(url(public_issue, "rtf")).status_code == 404


def test_it_reads_a_large_issue_in_a_fixed_number_of_queries(
    client, public_issue, django_assert_max_num_queries
):
    sections = list(Section.objects.all())
    for position in range(40):
        ArticleFactory(
            title=f"第{position}篇稿件",
            body="<p>正文。</p>",
            byline="某单位",
            status="published",
            published_at=public_issue.published_at,
            issue=public_issue,
            section=sections[position % 4],
            position=position,
        )
    IssueLineFactory(issue=public_issue, kind="distribute", text="市各有关部门")
    # First download: the issue, the version digest's reads and the render's reads.
    with django_assert_max_num_queries(10):
        assert client.get(url(public_issue)).status_code == 200
    # Later downloads of the same version: the stored file, no render.
    with django_assert_max_num_queries(6):
        assert client.get(url(public_issue)).status_code == 200
