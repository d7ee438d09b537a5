"""Emptying the cache between tests without touching anybody else's keys.

``cache.clear()`` on Redis is ``FLUSHDB``: it wipes the whole database, which other test runs (and a
developer's own server) may share. The Makefile gives each run its own ``CACHE_KEY_PREFIX``, so a
test run deletes only the keys under that prefix.
"""

import re

from django.core.cache import cache as default_cache
from django.core.cache.backends.redis import RedisCache

# SCAN's MATCH is a glob: a prefix holding *, ?, [ or \ must match itself only.
_GLOB_SPECIAL = re.compile(r"([*?\[\]\\])")


def clear_own_keys(cache=default_cache) -> int:
    """Delete this run's keys (those under the cache's key prefix) and return how many; any other
    backend is private to the process and is simply cleared."""
    if not isinstance(cache, RedisCache):
        cache.clear()
        return 0
    # Django's keys are "<prefix>:<version>:<key>" (make_key), so the colon ends the prefix.
    pattern = _GLOB_SPECIAL.sub(r"\\\1", cache.key_prefix) + ":*"
    client = cache._cache.get_client(write=True)
    deleted = 0
    batch = []
    for key in client.scan_iter(match=pattern, count=500):
        batch.append(key)
        if len(batch) == 500:
            deleted += client.delete(*batch)
            batch = []
    if batch:
        deleted += client.delete(*batch)
    return deleted
