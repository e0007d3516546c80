"""The Redis cache backend: Django's own, with one Redis client per server reused by every
operation (a real Redis: the tests' database ``GREENMFG_TEST_REDIS_URL`` plus 2)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis

from greenmfg.platform.ops.cache import RedisCache
from tests.platform.ops.stack import redis_url


@pytest.fixture
def shared() -> Iterator[RedisCache]:
    url = redis_url(2)
    redis.Redis.from_url(url).flushdb()
    backend = RedisCache(url, {"KEY_PREFIX": "cache-test"})
    yield backend
    backend.clear()
    backend.close()


def test_it_reads_and_writes_like_djangos_backend(shared: RedisCache) -> None:
    assert shared.get("missing") is None
    shared.set("figures", {"listings": 110_865}, 60)
    assert shared.get("figures") == {"listings": 110_865}
    assert shared.add("figures", "other", 60) is False
    assert shared.add("token", "a", None) is True
    assert shared.get_many(["figures", "token"]) == {"figures": {"listings": 110_865}, "token": "a"}
    shared.set("hits", 1, 60)
    assert shared.incr("hits") == 2
    shared.delete("figures")
    assert shared.get("figures") is None


def test_every_operation_uses_the_same_client(shared: RedisCache) -> None:
    first = shared._cache.get_client("a")
    assert shared._cache.get_client("b") is first
    writer = shared._cache.get_client("c", write=True)
    assert shared._cache.get_client("d", write=True) is writer
