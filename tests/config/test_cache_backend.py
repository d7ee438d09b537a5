"""The Redis cache: real Redis when it answers (mandatory in CI), and degrading while it is down."""

import os
import socket

import pytest
from django.core.cache.backends.redis import RedisCache

from config.cache_backend import ResilientRedisCache


def redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), 1).close()
        return True
    except OSError:
        return False


def make(location: str) -> ResilientRedisCache:
    return ResilientRedisCache(
        location,
        {
            "KEY_PREFIX": f"unit-{os.getpid()}",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.5},
        },
    )


@pytest.mark.skipif(not redis_up() and os.environ.get("CI") != "true", reason="no Redis on 127.0.0.1:6379")
def test_it_caches_in_real_redis():
    cache = make("redis://127.0.0.1:6379/14")
    cache.set("answer", {"value": 42}, 30)
    assert cache.get("answer") == {"value": 42}
    assert cache.get_many(["answer", "missing"]) == {"answer": {"value": 42}}
    assert cache.add("answer", "other") is False
    cache.delete("answer")
    assert cache.get("answer", "gone") == "gone"


def test_a_down_redis_is_a_miss_not_an_error(caplog):
    cache = make("redis://127.0.0.1:1/0")  # nothing listens on port 1
    assert cache.get("key", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set("key", "value") is None
    assert cache.add("key", "value") is False
    assert cache.delete("key") is False
    assert not cache.has_key("key")
    assert "cache unavailable" in caplog.text


def test_plain_redis_cache_would_have_raised():
    with pytest.raises(Exception):  # noqa: B017 — the point is that it raises at all
        RedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}).get("key")
