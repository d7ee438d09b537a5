"""`manage.py rebuild_static_pages` and `manage.py check_static_pages [--fix]`."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bulletin.models import Issue

from .reader_support import build_issue, fresh_reader_cache  # noqa: F401
from .static_pages_support import commit_fixture, pages_dir_fixture, pages_in, published_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_rebuild_writes_every_public_page_and_removes_what_is_not_public(pages_dir):
    public = build_issue(year=2026, number=1)
    build_issue(year=2026, number=2, visibility="internal")
    stray = pages_dir / "articles/99999/index.html"
    stray.parent.mkdir(parents=True)
    stray.write_text("<html>旧文章</html>")

    output = run("rebuild_static_pages")

    written = pages_in(pages_dir)
    assert "issues/2026/1/index.html" in written and "issues/2026/1.txt" in written
    assert {f"articles/{a.pk}/index.html" for a in public.articles.all()} <= written
    assert not [name for name in written if name.startswith("issues/2026/2")]
    assert not stray.exists()
    assert "0 failed" in output


def test_rebuild_refuses_when_static_publishing_is_off(settings):
    settings.STATIC_PAGES = False

    with pytest.raises(CommandError, match="--force"):
        run("rebuild_static_pages")


def test_check_passes_when_the_files_are_up_to_date(pages_dir, published):
    published(year=2026, number=1)

    assert "All page files are up to date." in run("check_static_pages")


def test_check_lists_missing_stale_and_extra_files_and_fix_repairs_them(pages_dir, published):
    issue = published(year=2026, number=1)
    article = issue.articles.first()
    (pages_dir / f"articles/{article.pk}/index.html").unlink()
    (pages_dir / "issues/2026/1/index.html").write_text("<html>旧版本</html>")
    # An internal issue's page written by mistake must go.
    internal = build_issue(year=2026, number=2, visibility="internal")
    leaked = pages_dir / "issues/2026/2/index.html"
    leaked.parent.mkdir(parents=True)
    leaked.write_text("<html>内部</html>")
    Issue.objects.filter(pk=internal.pk).update(visibility="internal")

    with pytest.raises(CommandError, match="run with --fix"):
        call_command("check_static_pages", stdout=(out := StringIO()))
    report = out.getvalue()
    assert f"missing: /articles/{article.pk}/" in report
    assert "stale: /issues/2026/1/" in report
    assert "not public, must go: /issues/2026/2/" in report

    run("check_static_pages", "--fix")

    assert not leaked.exists()
    assert "旧版本" not in (pages_dir / "issues/2026/1/index.html").read_text()
    assert (pages_dir / f"articles/{article.pk}/index.html").exists()
    assert "All page files are up to date." in run("check_static_pages")
