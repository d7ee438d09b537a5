"""Errors get a friendly Chinese page, never a traceback, even when the database is down."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent


def test_a_missing_page_is_a_chinese_404(client, db, settings):
    settings.DEBUG = False
    response = client.get("/issues/1900/1/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "页面不存在" in content
    assert "Traceback" not in content


def test_a_crash_is_a_chinese_500(db, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    from unittest import mock

    with mock.patch("reader.views.HomeView.get", side_effect=RuntimeError("boom")):
        response = client.get("/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "出错了" in content
    assert "boom" not in content and "Traceback" not in content


@pytest.mark.parametrize("url", ["/", "/issues/", "/admin/login/"])
def test_pages_fail_cleanly_when_the_database_is_down(url):
    script = (
        "import django; django.setup(); from django.test import Client; "
        f"r = Client(raise_request_exception=False).get({url!r}); print(r.status_code); print(r.content.decode())"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "test-secret-key-for-the-database-down-check-0123456789",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nothing",
        "LOG_LEVEL": "CRITICAL",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    status, _, body = result.stdout.partition("\n")
    assert status == "500", result.stderr[-2000:]
    assert "出错了" in body
    assert "OperationalError" not in body and "Traceback" not in body
