"""A Redis cache that degrades to "no cache" while Redis is unreachable.

Django's RedisCache raises on a lost connection, which would turn every cached page into an error
during a Redis restart. The site does not need the cache to be correct — only to be fast — so
here a connection failure is logged and treated as a miss (reads) or a no-op (writes); when Redis
is back, the next call reconnects by itself. ``/readyz`` still reports the cache as failed.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

try:  # the redis package is a dependency; keep the import local to this backend
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    FAILURES: tuple[type[Exception], ...] = (RedisConnectionError, RedisTimeoutError, OSError)
except ImportError:  # pragma: no cover
    FAILURES = (OSError,)


def _degrading(default_factory):
    def wrap(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except FAILURES as error:
                logger.warning("cache unavailable, %s treated as a miss: %s", method.__name__, error)
                return default_factory(*args, **kwargs)

        return wrapper

    return wrap


class ResilientRedisCache(RedisCache):
    get = _degrading(lambda key, default=None, version=None: default)(RedisCache.get)
    get_many = _degrading(lambda keys, version=None: {})(RedisCache.get_many)
    has_key = _degrading(lambda key, version=None: False)(RedisCache.has_key)
    set = _degrading(lambda *args, **kwargs: None)(RedisCache.set)
    add = _degrading(lambda *args, **kwargs: False)(RedisCache.add)
    touch = _degrading(lambda *args, **kwargs: False)(RedisCache.touch)
    set_many = _degrading(lambda data, timeout=None, version=None: list(data))(RedisCache.set_many)
    delete = _degrading(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = _degrading(lambda *args, **kwargs: None)(RedisCache.delete_many)
    clear = _degrading(lambda *args, **kwargs: False)(RedisCache.clear)
