"""The Polars batch path equals the single path exactly (bit for bit)."""

from __future__ import annotations

import random

from greenmfg.core.batch.footprint import compute_frames, frames_from_inputs
from greenmfg.core.footprint import compute, parse_input

from .generate import footprint_dict


def test_batch_equals_single_path_exactly() -> None:
    rng = random.Random(24067)
    inputs = [parse_input(footprint_dict(rng, i)) for i in range(300)]
    batch = compute_frames(frames_from_inputs(inputs))
    assert batch.height == len(inputs)
    for inp, row in zip(inputs, batch.iter_rows(named=True), strict=True):
        single = compute(inp)
        assert row["total_kgco2e"] == single.total_kgco2e
        assert row["total_kgco2e_per_unit"] == single.total_kgco2e_per_unit
        for stage, value in single.by_stage.items():
            assert row[stage] == value, stage
        assert row["primary_data_share"] == single.primary_data_share


def test_empty_batch() -> None:
    assert compute_frames(frames_from_inputs([])).height == 0
