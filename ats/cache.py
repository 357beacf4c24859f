"""The cache Tandem runs on Redis, failing open: rate limits and throttles (the careers form's,
allauth's, the API's) keep their counts in it, and an unreachable Redis must never turn a page
into a server error or cost anyone a write. A read finds nothing, a write is dropped, and each
failure is logged; with Redis back the counts start again."""

from __future__ import annotations

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("tandem.cache")


def _skipped(operation: str, error: Exception) -> None:
    logger.warning(
        "cache unreachable: %s skipped",
        operation,
        extra={"operation": operation, "error": type(error).__name__},
    )


class FailOpenRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            _skipped("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            _skipped("get_many", error)
            return {}

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # As if stored: a lock or a first count that cannot be kept never blocks anyone.
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            _skipped("add", error)
            return True

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            _skipped("set", error)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            _skipped("incr", error)
            return delta

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            _skipped("delete", error)
            return False
