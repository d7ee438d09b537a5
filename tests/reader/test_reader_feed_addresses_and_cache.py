"""The Atom feeds carry absolute addresses only (SITE_URL), pictures and links inside the entries
too, and are served from the page cache, renewed by the changes that renew the other reader pages."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from articles.models import Article
from bulletin.services import issue_recall
from reader.publishing import pages
from tests.factories import UserFactory

from .reader_support import build_issue, fresh_reader_cache  # noqa: F401

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://bulletin.example.org"
PICTURE = '<p><img src="/media/articles/2026/01/photo.jpg" alt="照片"><a href="/articles/1/">另见</a></p>'


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE


def addresses(xml: bytes) -> list[str]:
    root = ET.fromstring(xml)  # noqa: S314 (our own feed, in a test)
    found = [link.get("href") for link in root.iter(f"{ATOM}link")]
    found += [element.text for element in root.iter(f"{ATOM}id")]
    for summary in root.iter(f"{ATOM}summary"):
        found += re.findall(r"""(?:src|href)="([^"]*)\"""", summary.text or "")
    return found


@pytest.mark.parametrize("name", ["article_feed", "issue_feed"])
def test_every_address_in_a_feed_is_absolute_on_the_site_url(client, site_url, name):
    issue = build_issue(per_section=(1, 0, 0, 0))
    Article.objects.filter(issue=issue).update(body=PICTURE)
    found = addresses(client.get(reverse(name)).content)
    assert len(found) >= 3
    assert [address for address in found if not address.startswith(SITE + "/")] == []


def test_a_picture_in_an_article_reaches_the_feed_with_its_absolute_address(client, site_url):
    issue = build_issue(per_section=(1, 0, 0, 0))
    Article.objects.filter(issue=issue).update(body=PICTURE)
    summary = ET.fromstring(client.get(reverse("article_feed")).content).find(f"{ATOM}entry/{ATOM}summary")  # noqa: S314
    assert f'src="{SITE}/media/articles/2026/01/photo.jpg"' in summary.text
    assert f'href="{SITE}/articles/1/"' in summary.text


@pytest.mark.parametrize("name", ["article_feed", "issue_feed"])
def test_a_feed_is_served_from_the_page_cache(client, name, django_assert_num_queries):
    build_issue(per_section=(2, 1, 0, 0))
    first = client.get(reverse(name))
    with django_assert_num_queries(0):
        again = client.get(reverse(name))
    assert again.content == first.content
    assert again["Content-Type"].startswith("application/atom+xml")
    assert client.get(reverse(name), HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 304


def test_a_cached_feed_is_renewed_when_an_article_changes_and_when_an_issue_is_recalled(
    client, django_capture_on_commit_callbacks
):
    issue = build_issue(per_section=(1, 0, 0, 0))
    article = issue.articles.get()
    assert article.title in client.get(reverse("article_feed")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "改过的标题"
        article.save()
    assert "改过的标题" in client.get(reverse("article_feed")).content.decode()
    assert "2026年第1期" in client.get(reverse("issue_feed")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        issue_recall(issue=issue, actor=UserFactory(role="signer"), reason="数据有误，需更正")
    assert "改过的标题" not in client.get(reverse("article_feed")).content.decode()
    assert "2026年第1期" not in client.get(reverse("issue_feed")).content.decode()


def test_static_publishing_writes_the_feed_as_it_is_now_past_the_cache(site_url, settings, client):
    settings.ALLOWED_HOSTS = ["testserver", "bulletin.example.org"]
    issue = build_issue(per_section=(1, 0, 0, 0))
    client.get(reverse("article_feed"))  # cached with the old title
    Article.objects.filter(issue=issue).update(
        title="不经信号改过的标题"
    )  # no signal: the cache keeps the old
    written = pages.render(pages.Page(reverse("article_feed"))).decode()
    assert "不经信号改过的标题" in written
    assert f'href="{SITE}/feed/"' in written
