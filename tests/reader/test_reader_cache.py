"""The page cache of the reader site: hits make no SQL query, conditional GETs answer 304, and a
change invalidates exactly the pages that show it."""

import pytest
from django.urls import reverse

from articles.models import Article
from bulletin.models import Issue, Publication
from contributors.models import Unit
from distribution.models import RecipientGroup

from .reader_support import build_issue, content, fresh_reader_cache, texts_of  # noqa: F401

pytestmark = pytest.mark.django_db


def issue_url(issue):
    return reverse("issue_detail", kwargs={"year": issue.year, "number": issue.number})


def article_url(article):
    return reverse("article_detail", kwargs={"pk": article.pk})


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change as if its transaction committed: the after-commit invalidation runs too."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


@pytest.fixture
def issue(commit):
    """Built and "committed", so that the changes a test makes are the only ones left to invalidate."""
    with_commit = {}
    commit(lambda: with_commit.update(issue=build_issue(year=2026, number=5, per_section=(2, 1, 1, 2))))
    return with_commit["issue"]


@pytest.fixture
def other_issue(commit):
    with_commit = {}
    commit(lambda: with_commit.update(issue=build_issue(year=2026, number=4, per_section=(1, 1, 0, 0))))
    return with_commit["issue"]


@pytest.mark.parametrize("page", ["issue", "article", "home"])
def test_it_serves_a_cache_hit_without_any_sql_query(client, issue, page, django_assert_num_queries):
    url = {"issue": issue_url(issue), "article": article_url(issue.articles.first()), "home": "/"}[page]
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content


def test_it_answers_a_repeat_request_with_304_by_etag(client, issue, django_assert_num_queries):
    first = client.get(issue_url(issue))
    assert first["ETag"]
    with django_assert_num_queries(0):
        repeat = client.get(issue_url(issue), headers={"if-none-match": first["ETag"]})
    assert repeat.status_code == 304
    assert repeat.content == b""
    assert repeat["ETag"] == first["ETag"]


def test_it_answers_a_repeat_request_with_304_by_date(client, issue):
    first = client.get(issue_url(issue))
    repeat = client.get(issue_url(issue), headers={"if-modified-since": first["Last-Modified"]})
    assert repeat.status_code == 304


def test_it_takes_the_last_modified_time_from_the_latest_change(client, issue):
    from django.utils.http import http_date

    newest = max([issue.updated, *(article.updated for article in issue.articles.all())])
    assert client.get(issue_url(issue))["Last-Modified"] == http_date(newest.timestamp())


def test_a_stale_etag_gets_the_new_page(client, issue, commit):
    first = client.get(issue_url(issue))
    article = Article.objects.filter(issue=issue).first()
    article.title = "改过的标题"
    commit(article.save)
    repeat = client.get(issue_url(issue), headers={"if-none-match": first["ETag"]})
    assert repeat.status_code == 200
    assert "改过的标题" in content(repeat)
    assert repeat["ETag"] != first["ETag"]


def test_an_edited_article_shows_on_its_issue_page_and_its_neighbours_pages(client, issue, commit):
    first, second = issue.articles.in_reading_order()[:2]
    client.get(issue_url(issue))
    client.get(article_url(second))
    article = Article.objects.get(pk=first.pk)  # its issue is not loaded: invalidated after commit
    article.title = "改过的标题"
    commit(article.save)
    assert "改过的标题" in content(client.get(issue_url(issue)))
    assert "改过的标题" in content(client.get(article_url(second)))


def test_an_article_change_leaves_other_issues_cached(
    client, issue, other_issue, commit, django_assert_num_queries
):
    client.get(issue_url(other_issue))
    article = issue.articles.first()
    article.title = "改过的标题"
    commit(article.save)
    with django_assert_num_queries(0):
        client.get(issue_url(other_issue))


def test_a_renamed_section_shows_on_issue_and_article_pages(client, issue, commit):
    article = issue.articles.in_reading_order()[0]
    client.get(issue_url(issue))
    client.get(article_url(article))
    section = article.section
    section.name = "基层风采"
    commit(section.save)
    assert "【基层风采】" in texts_of(content(client.get(issue_url(issue))), "section-heading")
    assert "基层风采" in content(client.get(article_url(article)))


def test_a_renamed_unit_shows_on_the_article_page_and_leaves_the_issue_page_cached(
    client, issue, commit, django_assert_num_queries
):
    article = issue.articles.in_reading_order()[0]
    client.get(issue_url(issue))
    client.get(article_url(article))
    unit = Unit.objects.get(pk=article.units.get().pk)
    unit.name = "改名后的区总工会"
    commit(unit.save)
    assert "改名后的区总工会" in content(client.get(article_url(article)))
    with django_assert_num_queries(0):
        client.get(issue_url(issue))


def test_a_renamed_recipient_group_shows_in_the_footer(client, issue, commit, django_assert_num_queries):
    article = issue.articles.first()
    client.get(issue_url(issue))
    client.get(article_url(article))
    group = RecipientGroup.objects.get(name="市有关领导")
    group.name = "市四套班子领导"
    commit(group.save)
    assert "本期印发：市四套班子领导、各区（县）工会" in texts_of(
        content(client.get(issue_url(issue))), "footer-line"
    )
    with django_assert_num_queries(0):
        client.get(article_url(article))


def test_a_changed_footer_line_shows_on_the_issue_page(client, issue, commit):
    client.get(issue_url(issue))
    line = issue.distribution_lines.get(kind="copy")
    line.text = "市总各部室、各直属单位"
    commit(line.save)
    assert "抄送：市总各部室、各直属单位" in texts_of(content(client.get(issue_url(issue))), "footer-line")


def test_a_changed_publication_shows_everywhere(client, issue, commit):
    client.get(issue_url(issue))
    client.get("/")
    publication = Publication.objects.default()
    publication.editing_unit = "某市总工会宣传部"
    commit(publication.save)
    assert "某市总工会宣传部编" in content(client.get(issue_url(issue)))
    assert "某市总工会宣传部编" in content(client.get("/"))


def test_a_recalled_issue_is_404_at_once(client, issue, commit):
    article = issue.articles.first()
    assert client.get(issue_url(issue)).status_code == 200
    assert client.get(article_url(article)).status_code == 200

    def recall():
        issue.status = Issue.Status.DRAFTING
        issue.published_at = None
        issue.save()
        Article.objects.filter(issue=issue).update(status=Article.Status.ACCEPTED, published_at=None)

    commit(recall)
    assert client.get(issue_url(issue)).status_code == 404
    assert client.get(article_url(article)).status_code == 404


def test_an_issue_made_internal_disappears_for_anonymous_visitors(client, issue, commit):
    assert client.get(issue_url(issue)).status_code == 200
    issue.visibility = "internal"
    commit(issue.save)
    assert client.get(issue_url(issue)).status_code == 404


def test_a_page_cached_for_a_reader_is_not_served_to_anonymous_visitors(client, reader):
    issue = build_issue(visibility="internal")
    client.force_login(reader)
    assert client.get(issue_url(issue)).status_code == 200
    client.logout()
    assert client.get(issue_url(issue)).status_code == 404


def test_a_newly_published_issue_becomes_the_home_page(client, issue, commit):
    assert texts_of(content(client.get("/")), "masthead-number") == ["第5期"]
    commit(lambda: build_issue(year=2026, number=6, per_section=(1, 0, 0, 0)))
    assert texts_of(content(client.get("/")), "masthead-number") == ["第6期"]


def test_pages_are_marked_for_revalidation(client, issue, reader):
    response = client.get(issue_url(issue))
    assert "max-age=0" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    client.force_login(reader)
    assert "private" in client.get(issue_url(issue))["Cache-Control"]


def test_it_still_serves_pages_when_the_cache_is_down(client, issue, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get_many", broken)
    response = client.get(issue_url(issue))
    assert response.status_code == 200
    assert texts_of(content(response), "article-title")


def test_a_cache_that_keeps_nothing_renders_every_page_without_errors(client, monkeypatch, caplog):
    """CACHE_URL=dummy:// (no page cache at all): every page is rendered, the home page included,
    and nothing is logged as a cache failure."""
    from django.core.cache.backends.dummy import DummyCache

    from reader import cache as reader_cache

    build_issue(year=2026, number=5, per_section=(1, 1, 1, 1))
    monkeypatch.setattr(reader_cache, "cache", DummyCache("dummy", {}))
    with caplog.at_level("ERROR", logger="reader.views"):
        for path in ("/", "/issues/2026/5/"):
            response = client.get(path)
            assert response.status_code == 200, path
            assert "2026" in response.content.decode()
    assert not [record for record in caplog.records if "cache unavailable" in record.getMessage()]
    # No ETag (it would change on every request), but Last-Modified answers a conditional request.
    response = client.get("/issues/2026/5/")
    assert "ETag" not in response and response["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert "Cookie" in response["Vary"]
    again = client.get("/issues/2026/5/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304 and again.content == b""


def test_the_page_cache_keys_change_with_any_template_of_the_reader(tmp_path, settings):
    """A deployment with new templates (Django's or Jinja2's) starts from fresh page-cache keys."""
    import shutil
    from pathlib import Path

    from reader import cache as reader_cache

    for folder in ("templates", "bulletin", "static"):
        shutil.copytree(Path(settings.BASE_DIR) / folder, tmp_path / folder)
    settings.BASE_DIR = tmp_path
    before = reader_cache._code_version()
    for template in ("templates/jinja2/reader/_issue_body.html", "templates/jinja2/_site_header.html"):
        with open(tmp_path / template, "a") as file:
            file.write("\n")
        after = reader_cache._code_version()
        assert after != before, template
        before = after


# --- List pages ------------------------------------------------------------------------------------


def list_urls(issue) -> dict[str, str]:
    article = issue.articles.order_by("pk").first()
    unit = article.units.first() or Unit.objects.order_by("pk").first()
    return {
        "archive": reverse("issue_archive"),
        "section": reverse("section_detail", kwargs={"slug": article.section.slug}),
        "unit": reverse("unit_detail", kwargs={"pk": unit.pk}),
    }


@pytest.mark.parametrize("which", ["archive", "section", "unit"])
def test_a_list_page_is_served_from_the_cache_and_renewed_by_an_edit(
    client, issue, commit, which, django_assert_num_queries
):
    article = issue.articles.order_by("pk").first()
    if not article.units.exists():
        article.units.add(Unit.objects.create(name="列表测试工会"))
    url = list_urls(issue)[which]
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        assert client.get(url).content == first.content

    def retitle():
        article.title = "改过的标题用于列表"
        article.save()

    commit(retitle)
    if which != "archive":  # the archive lists issues, not article titles
        assert "改过的标题用于列表" in client.get(url).content.decode()
    else:  # a new issue shows in the archive at once
        commit(lambda: build_issue(year=2026, number=9, per_section=(1, 0, 0, 0)))
        assert "第9期" in client.get(url).content.decode()


def test_list_pages_cache_each_page_number_and_not_odd_queries(client, commit, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with_commit = {}
    commit(lambda: with_commit.update(issue=build_issue(year=2026, number=7, per_section=(25, 0, 0, 0))))
    url = list_urls(with_commit["issue"])["section"]
    one, two = client.get(url), client.get(url + "?page=2")
    assert one.status_code == two.status_code == 200
    assert one.content != two.content
    with django_assert_num_queries(0):
        assert client.get(url + "?page=2").content == two.content
    # Anything else in the query is rendered each time, never stored.
    odd = client.get(url + "?page=2&utm=x")
    assert odd.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url + "?page=2&utm=x")
    assert len(queries) > 0
    assert client.get(url + "?page=abc").status_code == 404
    assert client.get(url + "?page=99").status_code == 404


def test_editing_a_draft_leaves_the_list_pages_cached(client, issue, commit, django_assert_num_queries):
    from tests.factories import ArticleFactory

    draft = ArticleFactory(title="还在写的草稿")
    url = list_urls(issue)["section"]
    client.get(url)

    def edit():
        draft.body = "<p>改了一遍。</p>"
        draft.save()

    commit(edit)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_giving_a_published_article_another_unit_renews_that_units_page(client, issue, commit):
    article = issue.articles.order_by("pk").first()
    unit = Unit.objects.create(name="新加的单位工会")
    url = reverse("unit_detail", kwargs={"pk": unit.pk})
    assert article.title not in client.get(url).content.decode()
    commit(lambda: article.units.add(unit))
    assert article.title in client.get(url).content.decode()
