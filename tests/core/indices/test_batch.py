"""The Polars path agrees exactly with the per-unit path (same data, same results)."""

from __future__ import annotations

import pytest

from greenmfg.core.batch.indices import (
    aggregate_regions_frame,
    grade_frame,
    inputs_to_frame,
    units_to_frame,
)
from greenmfg.core.indices.greencode import grade_units
from greenmfg.core.indices.methods import green_code_method
from greenmfg.core.indices.regional import aggregate_regions, city_of, province_of
from tests.core.indices.indices_synth import make_unit_years, make_units


@pytest.mark.parametrize(("n", "seed"), [(0, 0), (1, 1), (7, 2), (60, 3), (513, 4), (2000, 5)])
def test_batch_grading_equals_per_unit_grading(n: int, seed: int) -> None:
    method = green_code_method()
    units = make_units(n, seed=seed, nonfilers=n // 10, abnormal=n // 20)
    expected = grade_units(units, method).results
    frame = grade_frame(inputs_to_frame(units, method), method)
    assert frame.height == len(expected)
    for row, result in zip(frame.iter_rows(named=True), expected, strict=True):
        assert row["uscc"] == result.uscc
        assert row["score"] == result.score  # exact, not approximate
        assert row["rank_overall"] == result.rank_overall
        assert row["overall_size"] == result.overall_size
        assert row["rank_industry"] == result.rank_industry
        assert row["industry_size"] == result.industry_size
        assert row["grade"] == (None if result.grade is None else result.grade.value)
        assert row["peer_group"] == result.peer_group
        assert row["excluded"] == (None if result.excluded is None else result.excluded.value)


@pytest.mark.parametrize("region_of", [province_of, city_of])
@pytest.mark.parametrize(("n", "seed"), [(0, 0), (9, 1), (800, 2)])
def test_batch_region_aggregates_equal_per_unit(n: int, seed: int, region_of) -> None:  # type: ignore[no-untyped-def]
    units = make_unit_years(n, seed)
    expected = aggregate_regions(units, region_of)
    frame = units_to_frame(units, "region", [region_of(u.adcode) for u in units])
    assert aggregate_regions_frame(frame, "region") == expected


@pytest.mark.parametrize(("n", "seed"), [(0, 0), (1, 1), (60, 3), (2000, 5)])
def test_grade_units_batch_returns_the_per_unit_grading_run(n: int, seed: int) -> None:
    """The platform grades through :func:`grade_units_batch`; apart from the per-indicator
    percentiles (not kept by the frame) its run is the per-unit run, field for field."""
    import dataclasses

    from greenmfg.core.batch.indices import grade_units_batch

    method = green_code_method()
    units = make_units(n, seed=seed, nonfilers=n // 10, abnormal=n // 20)
    expected = grade_units(units, method)
    got = grade_units_batch(units, method)
    assert got.method_version == expected.method_version
    assert got.results == tuple(dataclasses.replace(r, percentiles={}) for r in expected.results)


def test_grade_units_batch_refuses_what_the_per_unit_path_refuses() -> None:
    import dataclasses

    from greenmfg.core.batch.indices import grade_units_batch
    from greenmfg.core.errors import InvalidValueError

    method = green_code_method()
    units = make_units(5, seed=1)
    units[3] = dataclasses.replace(units[3], industry="13")
    with pytest.raises(InvalidValueError) as per_unit:
        grade_units(units, method)
    with pytest.raises(InvalidValueError) as batch:
        grade_units_batch(units, method)
    assert str(batch.value) == str(per_unit.value)
