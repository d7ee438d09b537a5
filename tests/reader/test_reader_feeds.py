"""/feed/ and /issues/feed/: Atom feeds of public content."""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.urls import reverse

from .reader_support import build_issue, fresh_reader_cache  # noqa: F401

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed, in a test)
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root):
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
            "category": [c.get("term") for c in entry.findall(f"{ATOM}category")],
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


def test_the_article_feed_is_atom_with_the_latest_public_articles(client):
    issue = build_issue(per_section=(2, 0, 0, 1))
    build_issue(year=2026, number=2, visibility="internal")
    build_issue(year=2026, number=3, published=False)
    root = parse(client.get(reverse("article_feed")))
    assert root.findtext(f"{ATOM}title") == "工会工作简报 · 最新稿件"
    items = entries(root)
    assert {item["title"] for item in items} == {a.title for a in issue.articles.all()}
    article = issue.articles.in_reading_order()[0]
    item = next(i for i in items if i["title"] == article.title)
    assert item["link"] == f"{settings.SITE_URL}{reverse('article_detail', kwargs={'pk': article.pk})}"
    assert item["author"] == article.byline
    assert item["category"] == [article.section.name]
    assert article.attribution in item["summary"]


def test_the_issue_feed_lists_public_issues_with_their_contents(client):
    issue = build_issue(year=2026, number=1, per_section=(2, 1, 0, 0))
    build_issue(year=2026, number=2, visibility="internal")
    root = parse(client.get(reverse("issue_feed")))
    items = entries(root)
    assert [item["title"] for item in items] == ["工会工作简报 2026年第1期"]
    assert items[0]["link"].endswith(reverse("issue_detail", kwargs={"year": 2026, "number": 1}))
    for article in issue.articles.all():
        assert article.title in items[0]["summary"]


def test_the_feeds_are_empty_but_valid_without_issues(client):
    assert entries(parse(client.get(reverse("article_feed")))) == []
    assert entries(parse(client.get(reverse("issue_feed")))) == []


@pytest.mark.parametrize("name", ["article_feed", "issue_feed"])
def test_feed_query_counts_do_not_grow(client, name, django_assert_max_num_queries):
    for number in (1, 2, 3):
        build_issue(year=2026, number=number, per_section=(10, 5, 5, 10), footer=False)
    with django_assert_max_num_queries(3):
        client.get(reverse(name))


def test_the_pages_advertise_the_feeds(client):
    build_issue()
    html = client.get("/").content.decode()
    assert f'<link rel="alternate" type="application/atom+xml" href="{reverse("article_feed")}"' in html
