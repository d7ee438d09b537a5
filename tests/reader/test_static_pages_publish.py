"""Publishing an issue writes exactly its public pages, each byte for byte what Django serves an
anonymous visitor, with compressed variants beside them."""

import gzip

import pytest
from django.urls import reverse

from articles.models import Article
from reader import publishing
from reader.publishing import files

from .reader_support import fresh_reader_cache  # noqa: F401
from .static_pages_support import commit_fixture, pages_dir_fixture, pages_in, published_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def expected_pages(issue) -> set[str]:
    articles = list(Article.objects.filter(issue=issue))
    units = {unit.pk for article in articles for unit in article.units.all()}
    sections = {article.section.slug for article in articles}
    return {
        "index.html",
        "issues/index.html",
        "feed/index.atom",
        "issues/feed/index.atom",
        f"issues/{issue.year}/{issue.number}/index.html",
        f"issues/{issue.year}/{issue.number}.txt",
        *(f"articles/{article.pk}/index.html" for article in articles),
        *(f"sections/{slug}/index.html" for slug in sections),
        *(f"units/{pk}/index.html" for pk in units),
    }


def url_of(name: str) -> str:
    if name.endswith("index.html") or name.endswith("index.atom"):
        return "/" + name.rsplit("index.", 1)[0]
    return "/" + name


def test_it_writes_exactly_the_public_pages_of_a_published_issue(pages_dir, published):
    issue = published(year=2026, number=1)

    assert pages_in(pages_dir) == expected_pages(issue)
    assert len(expected_pages(issue)) == 6 + 7 + 4 + 2


def test_each_file_is_what_django_serves_an_anonymous_visitor(pages_dir, published, client):
    issue = published(year=2026, number=1)

    for name in pages_in(pages_dir):
        response = client.get(url_of(name))
        assert response.status_code == 200, name
        assert (pages_dir / name).read_bytes() == response.content, name
    page = (pages_dir / "issues/2026/1/index.html").read_text()
    assert issue.articles.first().title in page


def test_it_writes_compressed_variants_of_the_same_bytes(pages_dir, published):
    published(year=2026, number=1)

    for name in pages_in(pages_dir):
        page = pages_dir / name
        data = page.read_bytes()
        assert gzip.decompress(page.with_name(page.name + ".gz").read_bytes()) == data, name
        if files.brotli is not None:
            assert files.brotli.decompress(page.with_name(page.name + ".br").read_bytes()) == data, name


def test_files_are_readable_by_the_web_server_user(pages_dir, published):
    published(year=2026, number=1)

    for name in pages_in(pages_dir):
        assert (pages_dir / name).stat().st_mode & 0o777 == 0o644, name


def test_the_home_page_file_shows_the_newest_issue(pages_dir, published):
    published(year=2026, number=1)
    second = published(year=2026, number=2)

    home = (pages_dir / "index.html").read_text()
    assert reverse("issue_detail", kwargs={"year": 2026, "number": 2}) in home
    assert second.articles.order_by("pk").first().title in home


def test_it_writes_nothing_when_static_publishing_is_off(pages_dir, published, settings):
    settings.STATIC_PAGES = False

    published(year=2026, number=1)

    assert not pages_dir.exists()


def test_it_writes_every_download_and_renders_them_again_without_rewriting(
    pages_dir, published, settings, client
):
    from formats.exporters import available_formats

    settings.STATIC_PAGES_FORMATS = []  # every available format: txt, pdf, docx
    published(year=2026, number=1)
    formats = sorted(available_formats())

    downloads = sorted(name for name in pages_in(pages_dir) if name.startswith("issues/2026/1."))
    assert downloads == [f"issues/2026/1.{name}" for name in formats]
    for name in downloads:
        response = client.get("/" + name)
        assert response.status_code == 200
        assert (pages_dir / name).read_bytes()[:4] == response.content[:4]
    assert not (pages_dir / "issues/2026/1.pdf.gz").exists()  # already compressed formats
    before = {name: (pages_dir / name).stat().st_ino for name in downloads}

    publishing.sync_names(["issue:2026:1"])  # made again: new dates inside, same content

    assert {name: (pages_dir / name).stat().st_ino for name in downloads} == before
