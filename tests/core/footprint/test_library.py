"""The footprint factor library: provenance on every row, resolution by year and region."""

from __future__ import annotations

import pytest

from greenmfg.core.errors import DataFileInvalidError
from greenmfg.core.footprint import FootprintFactor, default_library, load_library


def test_every_row_has_source_clause_and_status() -> None:
    lib = default_library()
    assert len(lib.rows) >= 20
    for row in lib.rows:
        assert row.source_doc and row.clause
        assert row.status in ("verified", "secondary", "unverified")
    # the starter material / transport set is recalled, not checked: never "verified"
    assert all(r.status == "unverified" for r in lib.by_kind("material"))
    assert lib.get("elec.CN.2023").value == 0.6205
    assert lib.get("elec.CN.2023").status == "verified"


@pytest.mark.parametrize(
    ("year", "expected", "warns_year"),
    [
        (2023, "elec.CN.2023", False),
        (2024, "elec.CN.2024", False),
        (2026, "elec.CN.2024", False),
        (2020, "elec.CN.2023", True),
    ],
)
def test_electricity_resolution(year: int, expected: str, warns_year: bool) -> None:
    row, warning = default_library().electricity(year, "320500")
    assert row.factor_id == expected
    assert warning is not None  # no provincial factor is published
    assert ("is used" in warning) and (str(row.data_year) in warning) == warns_year


def test_provincial_row_wins_when_present() -> None:
    own = FootprintFactor(
        factor_id="user.elec.32.2024",
        kind="electricity",
        code="electricity",
        name_zh="江苏电力碳足迹因子（示例）",
        region="32",
        data_year=2024,
        value=0.5,
        unit="kgCO2e/kWh",
        source_doc="a user's own factor",
        clause="-",
        status="user",
    )
    lib = default_library().with_rows([own])
    row, warning = lib.electricity(2025, "320500")
    assert row is own and warning is None
    assert default_library().electricity(2025, "330100")[0].factor_id == "elec.CN.2024"
    with pytest.raises(DataFileInvalidError):
        lib.with_rows([own])


def test_bad_data_file_names_row_and_field() -> None:
    text = "rows:\n  - {factor_id: x.y, kind: material, code: c, name_zh: c, value: -1, unit: kgCO2e/kg, source_doc: sd, clause: c, status: verified}\n"
    with pytest.raises(DataFileInvalidError) as info:
        load_library([("bad.yaml", text)])
    assert info.value.params["line"] == "row 1" and info.value.params["field"] == "value"
