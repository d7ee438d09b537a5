"""The tests empty their cache without flushing a Redis database that other runs share."""

import os
import uuid

import pytest
from django.core.cache.backends.locmem import LocMemCache

from config.cache_backend import ResilientRedisCache
from tests.cache_helpers import clear_own_keys

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


def redis_cache(prefix: str) -> ResilientRedisCache:
    return ResilientRedisCache(REDIS_URL, {"KEY_PREFIX": prefix, "OPTIONS": {"socket_connect_timeout": 0.5}})


@pytest.fixture
def redis_pair():
    run = uuid.uuid4().hex
    ours, theirs = redis_cache(f"test-{run}"), redis_cache(f"other-{run}")
    try:
        ours._cache.get_client(write=True).ping()
    except Exception:
        pytest.skip(f"no Redis at {REDIS_URL}")
    yield ours, theirs
    theirs.delete_many(["page", "count"])


def test_it_deletes_only_keys_under_its_own_prefix(redis_pair):
    ours, theirs = redis_pair
    ours.set_many({"page": "ours", "count": 1})
    theirs.set_many({"page": "theirs", "count": 2})

    assert clear_own_keys(ours) == 2

    assert ours.get_many(["page", "count"]) == {}
    assert theirs.get_many(["page", "count"]) == {"page": "theirs", "count": 2}


def test_it_takes_a_glob_character_in_the_prefix_literally(redis_pair):
    ours, theirs = redis_pair
    starred = redis_cache(theirs.key_prefix[:8] + "*")
    starred.set("page", "starred")
    theirs.set("page", "theirs")

    clear_own_keys(starred)

    assert starred.get("page") is None
    assert theirs.get("page") == "theirs"


def test_it_clears_a_private_cache_whole():
    cache = LocMemCache(f"clear-{uuid.uuid4().hex}", {})
    cache.set("page", "x")

    clear_own_keys(cache)

    assert cache.get("page") is None
