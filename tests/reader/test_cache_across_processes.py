"""Production runs several gunicorn workers, each its own process: a recall done in one must be seen
by the others at once. Two real processes with the production settings (DEBUG=0, no CACHE_URL: the
file cache under VAR_DIR) and their own database in a temporary VAR_DIR: a reader process that has
the pages cached, and a signer process that recalls the issue. Against the per-process LocMem cache
the same steps show the stale page, which is what `check --deploy` now refuses (bulletin.E001)."""

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Static files are not collected for this test: the plain storage instead of the manifest one.
PRELUDE = """
import django
from django.conf import settings
settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
django.setup()
"""

READER = (
    PRELUDE
    + """
import json, sys
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
for line in sys.stdin:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(line.strip())
    print(json.dumps({"status": response.status_code, "queries": len(queries),
                      "body": response.content.decode()}), flush=True)
"""
)

SET_UP = (
    PRELUDE
    + """
from tests.factories import UserFactory
from tests.reader.reader_support import build_issue
issue = build_issue(year=2026, number=5, per_section=(1, 1, 0, 0))
UserFactory(username="signer_user", role="signer")
print(issue.articles.first().pk)
"""
)

RECALL = (
    PRELUDE
    + """
from django.contrib.auth import get_user_model
from bulletin.models import Issue
from bulletin.services import issue_recall
issue_recall(issue=Issue.objects.get(year=2026, number=5),
             actor=get_user_model().objects.get(username="signer_user"), reason="数据有误，需更正")
"""
)


def environment(var_dir: Path, **extra) -> dict:
    dropped = ("DATABASE_URL", "CACHE_", "REDIS_URL", "MEDIA_", "STATIC_", "DEBUG", "SECRET_KEY", "TASKS_")
    env = {key: value for key, value in os.environ.items() if not key.startswith(dropped)}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY="two-processes-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        VAR_DIR=str(var_dir),
        LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def run(code_or_args, env) -> str:
    args = ["manage.py", *code_or_args] if isinstance(code_or_args, list) else ["-c", code_or_args]
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@contextlib.contextmanager
def reader_process(env):
    """A long-running process with its own page cache, as a server worker: ``get(path)`` asks it for
    a page and returns ``{"status", "queries", "body"}``."""
    reader = subprocess.Popen(
        [sys.executable, "-c", READER],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def get(path):
        reader.stdin.write(path + "\n")
        reader.stdin.flush()
        line = reader.stdout.readline()
        assert line, reader.stderr.read()[-3000:]
        return json.loads(line)

    try:
        yield get
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)


@pytest.mark.parametrize(
    ("cache_url", "shared"),
    [(None, True), ("locmem://bulletin", False)],
    ids=["production-default", "per-process-locmem"],
)
def test_a_recall_in_one_process_is_seen_at_once_by_another(tmp_path, cache_url, shared):
    env = environment(tmp_path, **({"CACHE_URL": cache_url} if cache_url else {}))
    run(["migrate", "--noinput", "-v", "0"], env)
    article = run(SET_UP, env).strip()
    pages = ["/issues/2026/5/", f"/articles/{article}/"]

    with reader_process(env) as get:
        for path in pages:
            assert get(path)["status"] == 200
            cached = get(path)
            assert (cached["status"], cached["queries"]) == (200, 0)  # served from the reader's cache
        home = get("/")["body"]
        assert "2026年第5期" in home

        run(RECALL, env)  # another process, as another gunicorn worker would

        after = [get(path)["status"] for path in pages]
        if shared:
            assert after == [404, 404]
            assert "2026年第5期" not in get("/")["body"]
            assert (tmp_path / "cache").is_dir()
        else:
            assert after == [200, 200]  # the stale copies the issue describes
