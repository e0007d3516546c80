"""Generation tokens: read once per request, renewed by writes, and what is kept under a
generation served from the process's memory until the generation changes."""

from __future__ import annotations

import pytest
from django.core.cache import cache, caches

from greenmfg.platform.common import generations


def _renewed_elsewhere(name: str) -> None:
    """What another process's write does: a new token in the shared cache only."""
    cache.set(f"generation:{name}", "renewed-by-another-process", None)


def test_a_request_reads_each_token_once() -> None:
    with generations.request_scope():
        first = generations.current("things")
        _renewed_elsewhere("things")
        assert generations.current("things") == first
    assert generations.current("things") == "renewed-by-another-process"


@pytest.mark.django_db
def test_a_renewal_inside_the_request_is_read_at_once() -> None:
    with generations.request_scope():
        first = generations.current("things")
        generations.renew("things")
        assert generations.current("things") != first
        assert generations.current("things") == cache.get("generation:things")


def test_without_a_request_every_read_asks_the_shared_cache() -> None:
    generations.current("things")
    _renewed_elsewhere("things")
    assert generations.current("things") == "renewed-by-another-process"


def test_kept_values_come_from_memory_until_the_generation_changes() -> None:
    computed: list[int] = []

    def compute() -> dict[str, int]:
        computed.append(1)
        return {"total": len(computed)}

    assert generations.cached("things", "total", compute, 60) == {"total": 1}
    cache.delete(f"things:{generations.current('things')}:total")  # only memory has it
    assert generations.cached("things", "total", compute, 60) == {"total": 1}
    assert len(computed) == 1
    _renewed_elsewhere("things")
    assert generations.cached("things", "total", compute, 60) == {"total": 2}
    assert len(computed) == 2


def test_a_value_kept_by_another_process_is_not_computed_again() -> None:
    generations.cached("things", "total", lambda: "from the shared cache", 60)
    caches[generations.LOCAL_CACHE].clear()  # a process that has not seen it yet
    assert generations.cached("things", "total", lambda: "computed again", 60) == (
        "from the shared cache"
    )
