"""/issues/<year>/<number>/: the issue as a bulletin."""

import pytest
from django.urls import reverse

from bulletin.models import Publication

from .reader_support import build_issue, content, default_sections, fresh_reader_cache, texts_of  # noqa: F401

pytestmark = pytest.mark.django_db


def issue_url(issue):
    return reverse("issue_detail", kwargs={"year": issue.year, "number": issue.number})


def test_it_shows_the_masthead(client):
    issue = build_issue(year=2026, number=7, total_number=318)
    publication = Publication.objects.default()
    html = content(client.get(issue_url(issue)))
    assert texts_of(html, "masthead-title") == [publication.title]
    assert texts_of(html, "masthead-number") == ["第7期（总第318期）"]
    assert texts_of(html, "masthead-unit") == [f"{publication.editing_unit}编"]
    assert texts_of(html, "masthead-date") == ["2026年7月10日"]


def test_it_leaves_out_the_total_number_when_there_is_none(client):
    issue = build_issue(number=3, total_number=None)
    assert texts_of(content(client.get(issue_url(issue))), "masthead-number") == ["第3期"]


def test_it_lists_sections_in_order_under_bracketed_headings(client):
    issue = build_issue(per_section=(1, 1, 1, 1))
    names = [section.name for section in default_sections()]
    html = content(client.get(issue_url(issue)))
    assert texts_of(html, "section-heading") == [f"【{name}】" for name in names]


def test_it_leaves_out_sections_without_articles(client):
    issue = build_issue(per_section=(1, 0, 2, 0))
    names = [section.name for section in default_sections()]
    html = content(client.get(issue_url(issue)))
    assert texts_of(html, "section-heading") == [f"【{names[0]}】", f"【{names[2]}】"]


def test_it_shows_articles_in_reading_order(client):
    issue = build_issue(per_section=(3, 2, 0, 0))
    expected = [article.title for article in issue.articles.in_reading_order()]
    html = content(client.get(issue_url(issue)))
    assert texts_of(html, "article-title") == expected


def test_it_ends_each_article_with_its_attribution(client):
    issue = build_issue(per_section=(2, 0, 0, 0))
    articles = list(issue.articles.in_reading_order())
    html = content(client.get(issue_url(issue)))
    assert texts_of(html, "attribution") == [article.attribution for article in articles]
    body = texts_of(html, "article-body")[0]
    assert body.endswith(articles[0].attribution)


def test_it_runs_the_bold_lead_sentence_of_a_brief_into_its_text(client):
    issue = build_issue(per_section=(0, 0, 0, 2))
    brief = issue.articles.in_reading_order()[0]
    html = content(client.get(issue_url(issue)))
    assert (
        f'<strong class="lead"><a href="{reverse("article_detail", args=[brief.pk])}">{brief.title}。</a></strong>近日'
        in html
    )
    assert texts_of(html, "brief")[0].startswith(f"{brief.title}。近日，")
    assert texts_of(html, "brief")[0].endswith(f"（{brief.byline}）")


def test_it_prints_the_footer_lines_and_copies(client):
    issue = build_issue(copies=120)
    html = content(client.get(issue_url(issue)))
    assert texts_of(html, "footer-line") == [
        "本期报送：省总工会、市委办公室",
        "本期印发：市有关领导、各区（县）工会",
        "抄送：市总各部室",
    ]
    assert texts_of(html, "footer-copies") == ["共印120份"]


def test_it_has_no_footer_when_there_is_nothing_to_print(client):
    issue = build_issue(footer=False, copies=None)
    assert 'class="issue-footer"' not in content(client.get(issue_url(issue)))


def test_it_shows_a_table_of_contents_for_an_issue_with_many_articles(client):
    issue = build_issue(per_section=(3, 2, 2, 2))
    html = content(client.get(issue_url(issue)))
    toc = texts_of(html, "toc-articles")
    assert len(toc) == 4
    first = issue.articles.in_reading_order()[0]
    assert f'<a href="#article-{first.pk}">{first.title}</a>' in html


def test_it_has_no_table_of_contents_for_a_short_issue(client):
    issue = build_issue(per_section=(1, 1, 1, 1))
    assert 'class="toc"' not in content(client.get(issue_url(issue)))


def test_it_links_the_text_export_when_it_exists(client):
    issue = build_issue()
    html = content(client.get(issue_url(issue)))
    try:
        url = reverse("issue_export", kwargs={"year": issue.year, "number": issue.number, "format": "txt"})
    except Exception:
        pytest.skip("the text export has not landed")
    assert f'href="{url}"' in html


def test_it_marks_an_internal_issue_for_a_reader(client, reader):
    issue = build_issue(visibility="internal")
    client.force_login(reader)
    response = client.get(issue_url(issue))
    assert response.status_code == 200
    assert texts_of(content(response), "masthead-internal") == ["内部资料"]


def test_it_hides_an_internal_issue_from_anonymous_visitors(client):
    issue = build_issue(visibility="internal")
    assert client.get(issue_url(issue)).status_code == 404


@pytest.mark.parametrize("who", ["correspondent_a", "editor", "reader"])
def test_it_shows_an_internal_issue_to_anyone_logged_in(client, request, who):
    issue = build_issue(visibility="internal")
    client.force_login(request.getfixturevalue(who))
    assert client.get(issue_url(issue)).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "reader", "editor"])
def test_it_hides_an_unpublished_issue_from_everybody(client, request, who):
    issue = build_issue(published=False)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(issue_url(issue)).status_code == 404


def test_it_is_404_for_an_issue_that_does_not_exist(client):
    assert client.get(reverse("issue_detail", kwargs={"year": 1999, "number": 1})).status_code == 404


def test_its_query_count_does_not_grow_with_articles(client, django_assert_max_num_queries):
    issue = build_issue(per_section=(15, 15, 15, 15))
    with django_assert_max_num_queries(6):
        response = client.get(issue_url(issue))
    assert len(texts_of(content(response), "article-body")) == 60


def test_its_query_count_for_a_logged_in_reader_stays_within_budget(
    client, reader, django_assert_max_num_queries
):
    issue = build_issue(per_section=(15, 15, 15, 15), visibility="internal")
    client.force_login(reader)
    with django_assert_max_num_queries(7):
        response = client.get(issue_url(issue))
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["issue", "article", "section"])
def test_reader_pages_do_not_read_the_search_copies_of_the_text(client, page):
    """search_text/search_units repeat the whole article for the index: a page never needs them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    issue = build_issue(year=2026, number=3)
    article = issue.articles.order_by("pk").first()
    url = {
        "issue": issue_url(issue),
        "article": reverse("article_detail", kwargs={"pk": article.pk}),
        "section": reverse("section_detail", kwargs={"slug": article.section.slug}),
    }[page]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert any("articles_article" in query["sql"] for query in queries.captured_queries)
    assert not [query["sql"] for query in queries.captured_queries if "search_text" in query["sql"]]
    assert not [query["sql"] for query in queries.captured_queries if "search_units" in query["sql"]]


@pytest.mark.parametrize("per_section", [(1, 0, 0, 1), (10, 8, 6, 12)])
def test_an_uncached_issue_page_costs_the_same_few_queries_whatever_its_size(
    client, per_section, django_assert_num_queries
):
    # The issue, its articles, the sections, the footer lines and their groups; nothing per article
    # (the article rows carry only what the page prints: a lazy field would cost a query each).
    issue = build_issue(per_section=per_section)
    with django_assert_num_queries(5):
        html = content(client.get(issue_url(issue)))
    assert html.count('<article class="article"') + html.count('<div class="brief') == sum(per_section)
    assert "本期印发" in html
