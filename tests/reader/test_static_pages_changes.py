"""Later changes: an edit rewrites the pages that show it and nothing else; a recall or making an
issue internal removes its files (at once, before the queue runs); internal issues never get files."""

from types import SimpleNamespace

import pytest

from articles.models import Article
from bulletin import services
from bulletin.models import Section
from bulletin.selectors import article_neighbours
from reader import publishing
from reader.publishing import tasks

from .reader_support import default_sections, fresh_reader_cache  # noqa: F401
from .static_pages_support import (  # noqa: F401
    changed,
    commit_fixture,
    pages_dir_fixture,
    pages_in,
    published_fixture,
    snapshot,
)

pytestmark = pytest.mark.django_db


def page_names(names) -> set[str]:
    return {name for name in names if not name.endswith((".gz", ".br")) and not name.startswith(".")}


def test_an_edit_rewrites_its_article_and_issue_pages_and_nothing_unrelated(pages_dir, published, commit):
    older = published(year=2026, number=1)
    published(year=2026, number=2)
    first_section = default_sections()[0]
    article = Article.objects.get(issue=older, section=first_section, position=2)
    neighbours = article_neighbours(article)
    before = snapshot(pages_dir)

    def edit():
        article.title = "甲区工会职工书屋建设经验交流会召开"
        article.save()

    commit(edit)

    (unit,) = article.units.all()
    assert page_names(changed(before, snapshot(pages_dir))) == {
        f"articles/{article.pk}/index.html",
        f"articles/{neighbours.previous['pk']}/index.html",  # "previous: <title>"
        f"articles/{neighbours.next['pk']}/index.html",  # "next: <title>"
        "issues/2026/1/index.html",
        "issues/2026/1.txt",
        f"sections/{first_section.slug}/index.html",
        f"units/{unit.pk}/index.html",
        "feed/index.atom",
        "issues/feed/index.atom",
    }
    assert (
        "甲区工会职工书屋建设经验交流会召开" in (pages_dir / f"articles/{article.pk}/index.html").read_text()
    )
    assert "甲区工会职工书屋建设经验交流会召开" in (pages_dir / "issues/2026/1/index.html").read_text()


def test_a_save_rewrites_only_what_shows_it(pages_dir, published, commit):
    issue = published(year=2026, number=1)
    article = issue.articles.first()
    before = snapshot(pages_dir)

    commit(lambda: article.save())

    # Only the article feed shows the time of the save (<updated>); every other page is the same.
    assert page_names(changed(before, snapshot(pages_dir))) == {"feed/index.atom"}


def test_rendering_everything_again_rewrites_nothing(pages_dir, published):
    published(year=2026, number=1)
    before = snapshot(pages_dir)

    outcome = publishing.rebuild()

    assert outcome.written == [] and outcome.removed == [] and outcome.unchanged == len(pages_in(pages_dir))
    assert changed(before, snapshot(pages_dir)) == set()


def test_a_recall_removes_the_issue_files_before_the_queue_runs(
    pages_dir, published, commit, signer, monkeypatch
):
    issue = published(year=2026, number=1)
    queued = []
    monkeypatch.setattr(
        tasks, "publish_static_pages", SimpleNamespace(enqueue=lambda **kw: queued.append(kw))
    )

    commit(lambda: services.issue_recall(issue=issue, actor=signer, reason="数据有误"))

    assert queued  # the re-rendering is still queued
    left = pages_in(pages_dir)
    assert not {name for name in left if name.startswith(("issues/2026/", "articles/"))}
    assert not list(pages_dir.glob("issues/2026/1*"))  # the variants too


def test_after_a_recall_the_catalogue_no_longer_shows_the_issue(pages_dir, published, commit, signer, client):
    issue = published(year=2026, number=1)
    title = issue.articles.first().title

    commit(lambda: services.issue_recall(issue=issue, actor=signer, reason="数据有误"))

    for name in pages_in(pages_dir):
        assert title not in (pages_dir / name).read_text(), name
    assert client.get("/issues/2026/1/").status_code == 404


def test_making_an_issue_internal_removes_its_files(pages_dir, published, commit):
    issue = published(year=2026, number=1)
    article_pks = list(issue.articles.values_list("pk", flat=True))

    def make_internal():
        issue.visibility = "internal"
        issue.save(update_fields=["visibility", "updated"])

    commit(make_internal)

    left = pages_in(pages_dir)
    assert "issues/2026/1/index.html" not in left
    assert "issues/2026/1.txt" not in left
    assert not {f"articles/{pk}/index.html" for pk in article_pks} & left


def test_an_internal_issue_never_produces_files(pages_dir, published):
    issue = published(year=2026, number=1, visibility="internal")

    assert not [name for name in pages_in(pages_dir) if name.startswith(("issues/2026", "articles/"))]
    for name in pages_in(pages_dir):
        for article in issue.articles.all():
            assert article.title not in (pages_dir / name).read_text(), name


def test_a_renamed_section_moves_its_page(pages_dir, published, commit):
    published(year=2026, number=1)
    section = default_sections()[0]
    old_slug = section.slug

    def rename():
        section.name, section.slug = "基层风采", "jiceng-fengcai"
        section.save()

    commit(rename)

    left = pages_in(pages_dir)
    assert f"sections/{old_slug}/index.html" not in left
    assert "sections/jiceng-fengcai/index.html" in left
    assert "【基层风采】" in (pages_dir / "issues/2026/1/index.html").read_text()
    assert Section.objects.filter(slug="jiceng-fengcai").exists()


def test_a_renamed_unit_shows_on_its_pages(pages_dir, published, commit):
    issue = published(year=2026, number=1)
    unit = issue.articles.first().units.get()

    def rename():
        unit.name = "丙县总工会"
        unit.save()

    commit(rename)

    assert "丙县总工会" in (pages_dir / f"units/{unit.pk}/index.html").read_text()
