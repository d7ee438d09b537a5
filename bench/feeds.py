"""Benchmark: the Atom feeds (/feed/, /issues/feed/) through Django's test client, cached and not.

Runs standalone (`make bench`): a temporary SQLite database with 60 published public issues of 15
articles (each body with a picture, so the absolute-address rewrite is measured), DEBUG off. For
each feed it reports requests per second over a few seconds, one client in one process:

1. uncached — ``CACHE_URL=dummy://``: every request queries and writes the feed;
2. cached   — the in-process LocMem cache, warmed: a hit makes no SQL query.

    python bench/feeds.py [--seconds 3] [--issues 60] [--cache-url dummy://|locmem://bench-feeds]
"""

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def measure(client, path: str, seconds: float) -> tuple[float, float]:
    """(requests per second, ms per request) of GET ``path`` for ``seconds``."""
    assert client.get(path).status_code == 200  # warm (fills the cache when there is one)
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        response = client.get(path)
        assert response.status_code == 200
        count += 1
    return count / elapsed, 1000 * elapsed / count


def child(arguments) -> None:
    """One configuration in a process of its own (settings are read once per process)."""
    import django
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from articles.models import Article

    call_command("migrate", verbosity=0)
    from tests.reader.reader_support import build_issue

    for number in range(1, arguments.issues + 1):
        build_issue(year=2025 + number // 25, number=number % 25 + 1, per_section=(5, 3, 3, 4))
    picture = '<p><img src="/media/articles/2026/01/photo.jpg" alt="照片"></p>'
    for article in Article.objects.all():
        Article.objects.filter(pk=article.pk).update(body=article.body + picture)
    client = Client()
    for path in ("/feed/", "/issues/feed/"):
        rate, ms = measure(client, path, arguments.seconds)
        print(f"{path:15} {arguments.cache_url:22} {rate:8.1f} requests/s  {ms:7.2f} ms/request", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--issues", type=int, default=60)
    parser.add_argument("--cache-url", default=None)
    arguments = parser.parse_args()
    if arguments.cache_url:
        child(arguments)
        return
    for cache_url in ("dummy://", "locmem://bench-feeds"):
        with tempfile.TemporaryDirectory() as folder:
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
                "VAR_DIR": folder,
                "DEBUG": "0",
                "SECRET_KEY": secrets.token_urlsafe(60),
                "ALLOWED_HOSTS": "testserver",
                "SECURE_SSL_REDIRECT": "0",
                "SITE_URL": "https://bulletin.example.org",
                "CACHE_URL": cache_url,
                "LOG_LEVEL": "WARNING",
            }
            command = [sys.executable, __file__, "--cache-url", cache_url]
            command += ["--seconds", str(arguments.seconds), "--issues", str(arguments.issues)]
            subprocess.run(command, env=env, check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
