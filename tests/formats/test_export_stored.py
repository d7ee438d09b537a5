"""Downloads are made once per issue version and served from storage after that."""

import dataclasses
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from bulletin.models import Section
from formats.exporters import get_format
from formats.exporters.stored import issue_version, render_stored
from tests.factories import ArticleFactory, IssueFactory, UserFactory


@pytest.fixture
def issue(db):
    issue = IssueFactory(year=2026, number=5, published=True)
    ArticleFactory(
        title="市总工会召开推进会",
        body="<p>正文。</p>",
        byline="市总办公室",
        status="published",
        published_at=timezone.now(),
        issue=issue,
        section=Section.objects.first(),
        position=1,
    )
    return issue


@pytest.fixture
def counting_txt():
    """The text format with its renders counted in ``.calls``."""
    original = get_format("txt")
    calls = []

    def render(**kwargs):
        calls.append(kwargs["issue"].pk)
        return original.render(**kwargs)

    export_format = dataclasses.replace(original, render=render)
    return export_format, calls


def test_it_renders_once_per_version(issue, counting_txt):
    txt, counted = counting_txt
    first, version = render_stored(issue, txt)
    again, same = render_stored(issue, txt)
    assert first == again and version == same
    assert counted == [issue.pk]


def test_an_edit_makes_a_new_version(issue, counting_txt):
    txt, counted = counting_txt
    render_stored(issue, txt)
    before = issue_version(issue)
    article = issue.articles.get()
    article.body = "<p>改过的正文。</p>"
    article.save()
    assert issue_version(issue) != before
    content, _ = render_stored(issue, txt)
    assert "改过的正文。" in content.decode()
    assert counted == [issue.pk, issue.pk]


def test_a_section_rename_changes_the_version(issue):
    before = issue_version(issue)
    Section.objects.filter(pk=issue.articles.get().section_id).update(name="基层动态")
    assert issue_version(issue) != before


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_downloads_render_once(counting_txt):
    issue = IssueFactory(year=2026, number=6, published=True)
    ArticleFactory(
        title="并发下载的一期",
        body="<p>正文。</p>",
        status="published",
        published_at=timezone.now(),
        issue=issue,
        section=Section.objects.first(),
        position=1,
    )
    txt, counted = counting_txt
    results, errors = [], []

    def download():
        try:
            results.append(render_stored(issue, txt)[1])
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=download) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(results)) == 1 and len(results) == 6
    assert counted == [issue.pk]


def test_a_repeat_download_answers_304(client, issue):
    url = reverse("issue_export", kwargs={"year": 2026, "number": 5, "format": "txt"})
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_staff_download_any_issue_with_a_draft_mark(client, editor):
    draft = IssueFactory(year=2026, number=9)
    ArticleFactory(
        title="尚未发布的稿件",
        body="<p>正文。</p>",
        status="accepted",
        issue=draft,
        section=Section.objects.first(),
        position=1,
    )
    url = reverse("issue_export_staff", kwargs={"pk": draft.pk, "format": "docx"})
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    import docx

    document = docx.Document(io.BytesIO(response.content))
    assert "样稿" in document.sections[0].header.paragraphs[0].text
    assert any(p.text == "尚未发布的稿件" for p in document.paragraphs)


def test_readers_cannot_use_the_staff_download(client, db):
    reader = UserFactory(username="r1", role="reader", is_staff=True)
    client.force_login(reader)
    draft = IssueFactory(year=2026, number=10)
    assert (
        client.get(reverse("issue_export_staff", kwargs={"pk": draft.pk, "format": "txt"})).status_code == 403
    )
