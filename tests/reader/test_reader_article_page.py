"""/articles/<id>/: one article with its issue, section, attribution, neighbours and canonical link."""

import pytest
from django.urls import reverse

from tests.factories import PublicationFactory

from .reader_support import build_issue, content, fresh_reader_cache, texts_of  # noqa: F401

pytestmark = pytest.mark.django_db


def article_url(article):
    return reverse("article_detail", kwargs={"pk": article.pk})


@pytest.fixture
def issue(db):
    return build_issue(year=2026, number=9, total_number=320, per_section=(2, 1, 0, 1))


def test_it_shows_the_article_with_its_issue_section_and_attribution(client, issue):
    article = issue.articles.in_reading_order()[0]
    html = content(client.get(article_url(article)))
    assert texts_of(html, "article-title") == [article.title]
    assert texts_of(html, "attribution") == [article.attribution]
    context = texts_of(html, "article-context")[0]
    assert "2026年第9期（总第320期）" in context
    assert f"【{article.section.name}】" in context
    assert f'href="{reverse("issue_detail", kwargs={"year": 2026, "number": 9})}"' in html
    assert f'href="{reverse("section_detail", kwargs={"slug": article.section.slug})}"' in html


def test_it_links_the_units_of_the_article(client, issue):
    article = issue.articles.in_reading_order()[0]
    unit = article.units.get()
    html = content(client.get(article_url(article)))
    assert texts_of(html, "article-units") == [f"来稿单位： {unit.name}"]
    assert f'href="{reverse("unit_detail", kwargs={"pk": unit.pk})}"' in html


def test_it_links_the_previous_and_next_articles_of_the_issue(client, issue):
    first, second, third, _fourth = issue.articles.in_reading_order()
    html = content(client.get(article_url(second)))
    assert texts_of(html, "pager-prev") == [f"上一篇： {first.title}"]
    assert texts_of(html, "pager-next") == [f"下一篇： {third.title}"]


def test_the_first_article_has_no_previous_one(client, issue):
    first = issue.articles.in_reading_order()[0]
    html = content(client.get(article_url(first)))
    assert texts_of(html, "pager-prev") == []
    assert len(texts_of(html, "pager-next")) == 1


def test_it_has_a_canonical_link(client, issue):
    article = issue.articles.first()
    assert f'<link rel="canonical" href="http://testserver{article_url(article)}">' in content(
        client.get(article_url(article))
    )


def test_a_brief_reads_as_a_plain_article_on_its_own_page(client, issue):
    brief = issue.articles.in_reading_order().last()
    html = content(client.get(article_url(brief)))
    assert texts_of(html, "article-title") == [brief.title]
    assert 'class="lead"' not in html


def test_it_hides_an_article_of_an_internal_issue_from_anonymous_visitors(client, reader):
    article = build_issue(visibility="internal").articles.first()
    assert client.get(article_url(article)).status_code == 404
    client.force_login(reader)
    assert client.get(article_url(article)).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "reader", "editor"])
def test_it_hides_an_article_of_an_unpublished_issue_from_everybody(client, request, who):
    article = build_issue(published=False).articles.first()
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(article_url(article)).status_code == 404


def test_it_is_404_for_an_article_that_does_not_exist(client):
    assert client.get(reverse("article_detail", kwargs={"pk": 999999})).status_code == 404


def test_its_query_count_does_not_grow_with_articles(client, django_assert_max_num_queries):
    issue = build_issue(per_section=(15, 15, 15, 15))
    article = issue.articles.in_reading_order()[30]
    with django_assert_max_num_queries(4):
        response = client.get(article_url(article))
    assert response.status_code == 200


def test_it_only_shows_articles_of_the_reader_sites_publication(client):
    other = PublicationFactory(title="另一份简报")
    article = build_issue(publication=other).articles.first()
    assert client.get(article_url(article)).status_code == 404
