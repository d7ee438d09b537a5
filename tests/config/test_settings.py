import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import cache_from_url, mailer_from_url

ROOT = Path(__file__).resolve().parents[2]


def import_settings(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = import_settings(DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr


STRONG_KEY = "Xq7-3vR_pL9wZk2mNc8tYb5hJd4gFs6aQe1uIo0yTr-WxEvBnMlKjHgC"


def test_it_starts_with_a_secret_key_when_debug_is_off():
    result = import_settings(DEBUG="0", SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "x",
        "a-long-random-secret",
        "a" * 60,  # long, but one character
        "django-insecure-" + STRONG_KEY,  # Django's mark of a generated development key
    ],
)
def test_it_refuses_a_weak_secret_key_when_debug_is_off(key):
    result = import_settings(DEBUG="0", SECRET_KEY=key)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is too weak for production" in result.stderr
    assert "at least 50 characters" in result.stderr


def test_a_short_secret_key_is_fine_for_development():
    assert import_settings(DEBUG="1", SECRET_KEY="x").returncode == 0


def test_it_refuses_a_malformed_boolean():
    result = import_settings(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_it_speaks_chinese_in_shanghai_time(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ


def test_it_reads_a_redis_cache_url():
    assert cache_from_url("redis://127.0.0.1:6379/1")["BACKEND"] == "config.cache_backend.ResilientRedisCache"
    with pytest.raises(Exception, match="unsupported scheme"):
        cache_from_url("memcached://x")


def test_it_reads_an_smtp_email_url():
    config = mailer_from_url("smtp://mailer:s%40cret@mail.example.org:587?tls=1")
    assert config["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert config["OPTIONS"]["host"] == "mail.example.org"
    assert config["OPTIONS"]["port"] == 587
    assert config["OPTIONS"]["password"] == "s@cret"
    assert config["OPTIONS"]["use_tls"] is True


def test_it_refuses_an_unknown_mail_scheme():
    with pytest.raises(Exception, match="unsupported scheme"):
        mailer_from_url("pigeon://loft")


def test_a_file_cache_url_names_an_absolute_folder():
    config = cache_from_url("file:///srv/bulletin/var/cache")
    assert config["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert config["LOCATION"] == "/srv/bulletin/var/cache"
    with pytest.raises(ImproperlyConfigured, match="needs an absolute folder"):
        cache_from_url("file://var/cache")
