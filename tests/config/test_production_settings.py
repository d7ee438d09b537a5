"""The production path: settings from the environment, `check --deploy` clean, bad values named."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3Jv8-production-like-secret-with-enough-entropy-0123456789-abcdefghij",
    "ALLOWED_HOSTS": "bulletin.example.org",
    "BEHIND_HTTPS_PROXY": "1",
    "SITE_URL": "https://bulletin.example.org",
}


def manage(*args, **env):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' fixture, for their own process only.
    # CACHE_URL: the PostgreSQL run of the suite sets a LocMem one, which production refuses.
    unwanted = ("DEBUG", "SECRET_KEY", "MEDIA_STORAGE", "DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL", "REDIS_URL")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(unwanted)}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def python(code: str, **env):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_check_deploy_reports_nothing_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production_turns_https_and_cookies_on():
    result = python(
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_PROXY_SSL_HEADER, s.SESSION_ENGINE)",
        **PRODUCTION,
    )
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "31536000",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "django.contrib.sessions.backends.cached_db",
    ]


def test_a_malformed_database_url_names_the_variable():
    result = python("import django; django.setup()", DATABASE_URL="nosuchdb://x/y")
    assert result.returncode != 0
    assert "DATABASE_URL is malformed" in result.stderr


def test_a_malformed_cache_url_names_the_variable():
    result = python("import django; django.setup()", CACHE_URL="memcache://x")
    assert "CACHE_URL has an unsupported scheme" in result.stderr


def test_an_unknown_media_storage_names_the_variable():
    result = python("import django; django.setup()", MEDIA_STORAGE="ftp")
    assert "MEDIA_STORAGE must be 'local' or 's3', got 'ftp'." in result.stderr


def test_s3_media_needs_a_bucket():
    result = python("import django; django.setup()", MEDIA_STORAGE="s3")
    assert "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME." in result.stderr


def test_s3_media_goes_through_django_storages():
    result = python(
        "import django; django.setup(); from django.core.files.storage import storages; d = storages['default']; "
        "print(type(d).__name__, d.bucket_name, d.endpoint_url, d.location)",
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="bulletin-media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    assert result.stdout.split() == ["S3Storage", "bulletin-media", "http://127.0.0.1:9000", "media"], (
        result.stderr
    )


def test_the_database_task_backend_is_selectable():
    result = python(
        "from django.conf import settings as s; print(s.TASKS['default']['BACKEND'])",
        TASKS_BACKEND="database",
    )
    assert result.stdout.strip() == "django_tasks_db.DatabaseBackend"
    result = python("import django.conf as c; c.settings.TASKS", TASKS_BACKEND="celery")
    assert "TASKS_BACKEND must be one of" in result.stderr


def test_security_headers_on_reader_and_admin_pages(client, db):
    for url in ["/", "/admin/login/"]:
        response = client.get(url, follow=True)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_every_page_carries_a_script_tight_content_security_policy(client, db):
    for url in ["/", "/admin/login/"]:
        policy = client.get(url, follow=True)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["script-src"] == "'self'"
        assert "unsafe-inline" not in directives["script-src"]
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"


def test_check_deploy_asks_for_the_site_address():
    env = {key: value for key, value in PRODUCTION.items() if key != "SITE_URL"}
    result = manage("check", "--deploy", **env)
    assert "bulletin.W001" in result.stderr + result.stdout
    result = manage("check", "--deploy", **{**PRODUCTION, "SITE_URL": "http://bulletin.example.org"})
    assert "bulletin.W002" in result.stderr + result.stdout


def test_check_deploy_refuses_a_per_process_cache():
    result = manage("check", "--deploy", **PRODUCTION, CACHE_URL="locmem://bulletin")
    assert result.returncode != 0
    assert "bulletin.E001" in result.stderr
    assert "is held in each process" in result.stderr


def test_production_shares_a_file_cache_under_var_dir_by_default(tmp_path):
    code = (
        "from django.conf import settings as s; c = s.CACHES['default']; print(c['BACKEND'], c['LOCATION'])"
    )
    result = python(code, **PRODUCTION, VAR_DIR=str(tmp_path), CACHE_URL="", REDIS_URL="")
    assert result.stdout.split() == [
        "django.core.cache.backends.filebased.FileBasedCache",
        str((tmp_path / "cache").resolve()),
    ], result.stderr
    # Development shares the same file cache (a command-line import renews the server's pages); an
    # explicit CACHE_URL wins in production.
    result = python(code, DEBUG="1", VAR_DIR=str(tmp_path), CACHE_URL="", REDIS_URL="")
    assert result.stdout.split()[0] == "django.core.cache.backends.filebased.FileBasedCache"
    result = python(code, **PRODUCTION, CACHE_URL="redis://127.0.0.1:6379/3")
    assert result.stdout.split()[0] == "config.cache_backend.ResilientRedisCache"
