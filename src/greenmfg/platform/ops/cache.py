"""The shared cache on Redis: Django's own backend, with its Redis clients reused.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` client (some 170 response
callbacks) for every cache operation; a page reads the cache several times (session,
generation tokens), which made building the clients cost more than the reads.  Here a
process builds one client for writes and one for reads, on Django's connection pools,
and every operation uses them (redis-py's clients and pools are safe to share between
threads).  With replicas, each process reads from the replica its read client was built
on (chosen at random, as Django chooses per operation).
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis import Redis


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client, building its ``redis.Redis`` clients once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[bool, Redis] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Redis:
        client = self._clients.get(write)
        if client is None:
            client = self._clients.setdefault(write, super().get_client(key, write=write))
        return client


class RedisCache(DjangoRedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with reused clients."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
