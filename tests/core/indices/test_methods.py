from __future__ import annotations

from pathlib import Path

import pytest

from greenmfg.core.errors import DataFileInvalidError, UnknownCodeError
from greenmfg.core.indices.methods import (
    available_versions,
    green_code_method,
    leading_values,
    load_green_code_method,
    regional_index_method,
)


def test_packaged_methods_load_and_carry_status() -> None:
    method = green_code_method()
    assert method.status == "unverified"
    assert sum(i.weight for i in method.indicators) == 100
    assert [g.grade for g in method.grades] == ["A+", "A", "B"]
    assert sum(i.weight for i in regional_index_method().indicators) == 100
    for row in leading_values().rows:
        assert row.source and row.clause and row.status in {"verified", "secondary", "unverified"}
    assert "2025.1" in available_versions("greencode-method")


def test_unknown_product_and_version() -> None:
    with pytest.raises(UnknownCodeError, match="clinker"):
        leading_values().get("no-such-product")
    with pytest.raises(UnknownCodeError, match=r"2025\.1"):
        green_code_method("0.9")


def test_a_broken_method_file_names_the_field(tmp_path: Path) -> None:
    text = (
        Path(__file__).resolve().parents[3]
        / "src/greenmfg/core/data/indices/greencode-method-2025.1.yaml"
    ).read_text()
    bad = tmp_path / "m.yaml"
    bad.write_text(
        text.replace(
            "metric: water_reuse_rate, weight: 10, direction: higher",
            "metric: water_reuse_rate, weight: 10, direction: lower",
        )
    )
    with pytest.raises(DataFileInvalidError, match=r"indicators\.3"):
        load_green_code_method(bad)
    bad.write_text(text.replace("cumulative_percent: 100", "cumulative_percent: 90"))
    with pytest.raises(DataFileInvalidError, match="end"):
        load_green_code_method(bad)
