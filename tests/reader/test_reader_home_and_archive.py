"""/ (the latest issue in full) and /issues/ (the archive by year)."""

import datetime

import pytest
from django.urls import reverse

from .reader_support import build_issue, content, fresh_reader_cache, texts_of  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_the_latest_issue_in_full(client):
    build_issue(year=2025, number=12, issue_date=datetime.date(2025, 12, 20))
    latest = build_issue(year=2026, number=1, issue_date=datetime.date(2026, 1, 15), per_section=(2, 1, 0, 1))
    html = content(client.get("/"))
    assert texts_of(html, "masthead-number") == ["第1期"]
    assert texts_of(html, "article-title") == [a.title for a in latest.articles.in_reading_order()][:3]
    assert texts_of(html, "footer-line")[0] == "本期报送：省总工会、市委办公室"


def test_the_home_page_links_recent_issues(client):
    for number in range(1, 5):
        build_issue(year=2026, number=number, per_section=(1, 0, 0, 0))
    html = content(client.get("/"))
    links = [reverse("issue_detail", kwargs={"year": 2026, "number": n}) for n in (3, 2, 1)]
    positions = [html.index(f'href="{link}"') for link in links]
    assert positions == sorted(positions)
    assert texts_of(html, "masthead-number") == ["第4期"]


def test_the_home_page_skips_issues_anonymous_visitors_may_not_read(client, reader):
    build_issue(year=2026, number=1)
    build_issue(year=2026, number=2, visibility="internal")
    build_issue(year=2026, number=3, published=False)
    assert texts_of(content(client.get("/")), "masthead-number") == ["第1期"]
    client.force_login(reader)
    assert texts_of(content(client.get("/")), "masthead-number") == ["第2期"]


def test_the_home_page_says_when_nothing_is_published(client):
    build_issue(published=False)
    response = client.get("/")
    assert response.status_code == 200
    assert "尚未发布任何一期。" in content(response)


def test_the_home_page_query_count_does_not_grow_with_articles(client, django_assert_max_num_queries):
    for number in range(1, 4):
        build_issue(year=2026, number=number, per_section=(15, 15, 15, 15) if number == 3 else (1, 0, 0, 0))
    with django_assert_max_num_queries(7):
        response = client.get("/")
    assert len(texts_of(content(response), "article-body")) == 60


def test_the_archive_lists_issues_by_year_with_counts(client):
    for number in (1, 2, 3):
        build_issue(year=2025, number=number, per_section=(1, 0, 0, 0))
    for number in (1, 2):
        build_issue(year=2026, number=number, per_section=(1, 0, 0, 0))
    html = content(client.get(reverse("issue_archive")))
    headings = texts_of(html, "archive-year")
    assert headings[0].startswith("2026年（2期）")
    assert headings[1].startswith("2025年（3期）")
    assert "2026年第2期" in headings[0] and "2026年2月10日" in headings[0]
    assert headings[1].index("2025年第3期") < headings[1].index("2025年第1期")


def test_the_archive_hides_internal_and_unpublished_issues_from_anonymous_visitors(client, reader):
    build_issue(year=2026, number=1)
    build_issue(year=2026, number=2, visibility="internal")
    build_issue(year=2026, number=3, published=False)
    assert "2026年（1期）" in content(client.get(reverse("issue_archive")))
    client.force_login(reader)
    html = content(client.get(reverse("issue_archive")))
    assert "2026年（2期）" in html
    assert "内部" in texts_of(html, "archive-year")[0]


def test_the_archive_lists_sections_with_their_article_counts(client):
    build_issue(year=2026, number=1, per_section=(2, 0, 1, 3))
    html = content(client.get(reverse("issue_archive")))
    assert texts_of(html, "section-index") == ["栏目 【工作动态】 2篇【立功竞赛】 1篇【工作简讯】 3篇"]


def test_the_archive_query_count_does_not_grow_with_issues(client, django_assert_max_num_queries):
    for number in range(1, 25):
        build_issue(year=2024 + number % 3, number=number, per_section=(1, 0, 0, 1), footer=False)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("issue_archive"))
    assert response.status_code == 200
