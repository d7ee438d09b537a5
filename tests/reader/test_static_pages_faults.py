"""Faults: a failed render keeps the previous file, is logged, recorded, reported and retried; a
directory that cannot take the pages is an error in `manage.py check` and when publishing."""

import logging
from collections import namedtuple

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from articles.services import WorkflowError
from bulletin import services
from bulletin.models import Issue
from reader import publishing
from reader.publishing import checks, files, pages

from .reader_support import build_issue, fresh_reader_cache  # noqa: F401
from .static_pages_support import commit_fixture, pages_dir_fixture, published_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def break_render_of(monkeypatch, url):
    real = pages.render

    def render(page):
        if page.url == url:
            raise pages.RenderError(f"{url}: TemplateSyntaxError: broken")
        return real(page)

    monkeypatch.setattr(pages, "render", render)


def test_a_failed_render_keeps_the_previous_file_and_is_logged(
    pages_dir, published, commit, monkeypatch, caplog
):
    issue = published(year=2026, number=1)
    page = pages_dir / "issues/2026/1/index.html"
    previous = page.read_bytes()
    break_render_of(monkeypatch, "/issues/2026/1/")

    def edit():
        article = issue.articles.first()
        article.title = "新标题"
        article.save()

    with caplog.at_level(logging.ERROR, logger="reader.publishing"):
        commit(edit)

    assert page.read_bytes() == previous
    assert "could not publish /issues/2026/1/" in caplog.text
    assert list(publishing.load_failures()) == ["/issues/2026/1/"]


def test_a_failed_page_is_reported_to_the_office_and_by_check(pages_dir, published, commit, monkeypatch):
    issue = published(year=2026, number=1)
    break_render_of(monkeypatch, "/issues/2026/1/")
    commit(lambda: issue.articles.first().save())

    (warning,) = publishing.admin_warnings()
    assert "/issues/2026/1/" in warning
    (found,) = checks.static_pages_check(None)
    assert found.id == "bulletin.W020"
    assert "/issues/2026/1/" in found.msg


def test_a_failed_page_is_retried_by_the_next_run(pages_dir, published, commit, monkeypatch):
    issue = published(year=2026, number=1)
    article = issue.articles.first()
    break_render_of(monkeypatch, "/issues/2026/1/")

    def edit():
        article.title = "新标题"
        article.save()

    commit(edit)
    monkeypatch.undo()

    publishing.sync_names([])  # any later run, e.g. the deferred retry

    assert "新标题" in (pages_dir / "issues/2026/1/index.html").read_text()
    assert publishing.load_failures() == {}
    assert publishing.admin_warnings() == []


def test_an_unwritable_directory_is_an_error_in_check(settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings.STATIC_PAGES = True
    settings.STATIC_PAGES_ROOT = blocker / "pages"

    (error,) = checks.static_pages_check(None)

    assert error.id == "bulletin.E021"
    assert str(blocker / "pages") in error.msg
    with pytest.raises(SystemCheckError):
        call_command("check")


def test_a_full_disk_is_an_error_in_check(pages_dir, monkeypatch):
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(files.shutil, "disk_usage", lambda path: usage(10**9, 10**9 - 10**6, 10**6))

    (error,) = checks.static_pages_check(None)

    assert error.id == "bulletin.E021"
    assert "仅剩 0 MB 空间" in error.msg


def test_publishing_is_refused_with_the_reason_when_the_directory_cannot_take_the_pages(
    settings, tmp_path, commit, editor, signer
):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings.STATIC_PAGES = True
    settings.STATIC_PAGES_ROOT = blocker / "pages"
    issue = commit(lambda: build_issue(published=False))
    issue = services.issue_sign(
        issue=services.issue_send_for_signoff(issue=issue, actor=editor), actor=signer
    )

    with pytest.raises(WorkflowError) as raised:
        services.issue_publish(issue=issue, actor=signer)

    assert raised.value.message == f"无法创建静态页面目录 {blocker / 'pages'}：Not a directory"
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SIGNED


def test_a_scheduled_publication_that_cannot_write_its_pages_fails_loudly(
    settings, tmp_path, commit, editor, signer, caplog
):
    import datetime

    from django.core.management.base import CommandError
    from django.utils import timezone

    issue = commit(lambda: build_issue(published=False))
    issue = services.issue_sign(
        issue=services.issue_send_for_signoff(issue=issue, actor=editor),
        actor=signer,
        publish_at=timezone.now() + datetime.timedelta(minutes=5),
    )
    Issue.objects.filter(pk=issue.pk).update(publish_at=timezone.now() - datetime.timedelta(minutes=1))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings.STATIC_PAGES = True
    settings.STATIC_PAGES_ROOT = blocker / "pages"

    failures = []
    with caplog.at_level(logging.ERROR, logger="bulletin.services"):
        assert services.publish_due(failures=failures) == []
    assert [(failed.pk, message) for failed, message in failures] == [
        (issue.pk, f"无法创建静态页面目录 {blocker / 'pages'}：Not a directory")
    ]
    assert any("Scheduled publication" in record.getMessage() for record in caplog.records)
    with pytest.raises(CommandError) as raised:
        call_command("publish_scheduled")
    assert "1 期定时发布未能完成" in str(raised.value)
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SIGNED

    settings.STATIC_PAGES_ROOT = tmp_path / "pages"  # fixed: the next run publishes it
    call_command("publish_scheduled")
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.PUBLISHED


def test_a_recall_is_refused_when_the_files_cannot_be_removed(
    pages_dir, published, signer, settings, tmp_path
):
    issue = published(year=2026, number=1)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings.STATIC_PAGES_ROOT = blocker / "pages"

    with pytest.raises(WorkflowError):
        services.issue_recall(issue=issue, actor=signer, reason="数据有误")

    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.PUBLISHED


def test_nothing_is_checked_when_static_publishing_is_off(settings, tmp_path):
    settings.STATIC_PAGES = False
    settings.STATIC_PAGES_ROOT = tmp_path / "a-file" / "pages"

    assert checks.static_pages_check(None) == []
