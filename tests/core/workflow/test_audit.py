from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenmfg.core.workflow.audit import (
    AuditRecord,
    content_hash,
    genesis_hash,
    seal,
    verify_chain,
)

T0 = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
PATH = ["draft", "submitted", "municipal_review", "provincial_review", "provincial_listed"]


def chain(n: int = 4, chain_id: str = "app-1") -> list[AuditRecord]:
    records: list[AuditRecord] = []
    for i in range(n):
        records.append(
            seal(
                chain_id=chain_id,
                previous=records[-1] if records else None,
                actor=f"user{i}",
                at=T0 + timedelta(hours=i),
                event="step",
                from_state=PATH[i],
                to_state=PATH[i + 1],
                reason="",
                content_hash=content_hash({"step": i}),
            )
        )
    return records


def test_an_intact_chain_verifies() -> None:
    report = verify_chain(chain())
    assert report.ok and report.checked == 4


def test_the_first_record_links_to_the_genesis_of_its_chain() -> None:
    assert chain()[0].previous_hash == genesis_hash("app-1")


def test_an_altered_record_is_named() -> None:
    records = chain()
    records[2] = dataclasses.replace(records[2], reason="changed afterwards")
    report = verify_chain(records)
    assert not report.ok
    assert report.broken is not None
    assert (report.broken.sequence, report.broken.problem) == (3, "hash")
    assert report.checked == 2


def test_an_altered_record_with_a_recomputed_hash_breaks_the_next_link() -> None:
    records = chain()
    forged = dataclasses.replace(records[1], actor="someone else")
    records[1] = dataclasses.replace(forged, hash=forged.compute_hash())
    report = verify_chain(records)
    assert report.broken is not None and (report.broken.sequence, report.broken.problem) == (
        3,
        "previous_hash",
    )


def test_a_deleted_record_is_found() -> None:
    records = chain()
    del records[1]
    report = verify_chain(records)
    assert report.broken is not None and report.broken.problem == "sequence"
    assert "record #3" in str(report.broken)


def test_a_record_from_another_chain_is_found() -> None:
    records = chain()
    records[0] = chain(chain_id="app-2")[0]
    report = verify_chain(records, chain_id="app-1")
    assert report.broken is not None and report.broken.problem == "chain_id"


def test_a_state_gap_is_found() -> None:
    records = chain(2)
    bad = seal(
        chain_id="app-1",
        previous=records[-1],
        actor="x",
        at=T0,
        event="step",
        from_state="draft",
        to_state="listed",
        reason="",
        content_hash="0" * 64,
    )
    report = verify_chain([*records, bad])
    assert report.broken is not None and report.broken.problem == "state"


def test_naive_timestamps_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        seal(
            chain_id="c",
            previous=None,
            actor="a",
            at=datetime(2025, 1, 1),
            event="e",
            from_state="a",
            to_state="b",
            reason="",
            content_hash="",
        )


def test_content_hash_is_independent_of_key_order() -> None:
    assert content_hash({"a": 1, "b": [1, 2]}) == content_hash({"b": [1, 2], "a": 1})
    assert content_hash({"a": 1}) != content_hash({"a": 2})


@given(st.integers(min_value=0, max_value=3), st.text(min_size=1, max_size=20))
def test_any_change_to_any_field_is_detected(index: int, text: str) -> None:
    records = chain()
    original = records[index]
    changed = dataclasses.replace(original, reason=original.reason + text)
    records[index] = changed
    report = verify_chain(records)
    assert report.broken is not None and report.broken.sequence == index + 1
