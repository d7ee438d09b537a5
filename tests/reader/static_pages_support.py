"""Shared set-up for the static publishing tests: a pages directory per test, issues taken through
the real workflow (send for sign-off, sign, publish) with the after-commit work run, and a snapshot
of the directory to tell exactly which files were written."""

import os
from pathlib import Path

import pytest

from bulletin import services
from bulletin.models import Issue
from tests.reader.reader_support import build_issue


@pytest.fixture(name="pages_dir")
def pages_dir_fixture(settings, tmp_path) -> Path:
    """Static publishing on, into a fresh directory; only the .txt download (PDF and Word are slow
    and have their own test). The site address is the test client's, so the files must equal what
    the client gets."""
    root = tmp_path / "pages"
    settings.STATIC_PAGES = True
    settings.STATIC_PAGES_ROOT = root
    settings.STATIC_PAGES_FORMATS = ["txt"]
    settings.SITE_URL = "http://testserver"
    return root


@pytest.fixture(name="commit")
def commit_fixture(django_capture_on_commit_callbacks):
    """Run ``change()`` and then what would run after its commit (cache bumps, page rendering)."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            result = change()
        return result

    return run


def publish(issue: Issue, *, editor, signer) -> Issue:
    issue = services.issue_send_for_signoff(issue=issue, actor=editor)
    issue = services.issue_sign(issue=issue, actor=signer)
    return services.issue_publish(issue=issue, actor=signer)


@pytest.fixture(name="published")
def published_fixture(commit, editor, signer):
    """``published(year=…, number=…, **build_issue options)``: an issue built as accepted articles in
    a drafting issue, then published through the services."""

    def make(**options):
        issue = commit(lambda: build_issue(published=False, **options))
        return commit(lambda: publish(issue, editor=editor, signer=signer))

    return make


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """``{relative path: (inode, mtime_ns)}`` of every file: a rewrite (a new inode by rename)
    shows even within the same clock tick."""
    found = {}
    for dirpath, _dirnames, filenames in os.walk(root):
        for name in filenames:
            path = Path(dirpath) / name
            stat = path.stat()
            found[path.relative_to(root).as_posix()] = (stat.st_ino, stat.st_mtime_ns)
    return found


def pages_in(root: Path) -> set[str]:
    """The page files (no compressed variants, no state files)."""
    return {
        name
        for name in snapshot(root)
        if not name.endswith((".gz", ".br")) and not Path(name).name.startswith(".")
    }


def changed(before: dict, after: dict) -> set[str]:
    return {name for name in after if before.get(name) != after[name]} | (set(before) - set(after))
