from __future__ import annotations

from typing import Any

from greenmfg.core.domain import VetoItem
from greenmfg.core.supervision.checks import (
    Severity,
    blocking,
    check_against_accounting,
    check_identical,
    check_parts,
    check_plausibility,
    check_table,
    check_yoy,
    plausible_range,
)
from greenmfg.core.supervision.table import PollutantReading


def codes(flags: list[Any]) -> list[tuple[str, str]]:
    return [(f.code.value, f.field) for f in flags]


def test_consistent_table_has_no_flags(table: Any) -> None:
    assert check_table(table, previous=table, metrics={"energy_total_tce": 155000.0}) == []


def test_rate_above_100_is_blocking(make_table: Any) -> None:
    t = make_table(renewable_share_pct=120.0)
    flags = check_parts(t)
    assert codes(flags) == [("rate_out_of_range", "renewable_share_pct")]
    assert flags[0].severity is Severity.BLOCKING
    assert "120.00 %" in flags[0].reason


def test_scopes_not_adding_up_is_blocking(make_table: Any) -> None:
    t = make_table(co2_scope2_t=200_000.0)  # 900000 + 200000 = 1.1e6 ≠ 1e6
    flags = blocking(check_parts(t))
    assert codes(flags) == [("parts_mismatch", "co2_total_t")]
    assert "1.1e+06" in flags[0].reason


def test_water_reuse_rate_must_match_its_parts(make_table: Any) -> None:
    t = make_table(water_reuse_rate_pct=95.0)  # parts give 90 %
    assert codes(check_parts(t)) == [("parts_mismatch", "water_reuse_rate_pct")]


def test_reused_water_cannot_exceed_total(make_table: Any) -> None:
    # reused 9e6 of a total 1e6 + 9e6 stated as 100 % → the parts give 90 %
    t = make_table(water_reuse_rate_pct=100.0)
    assert codes(blocking(check_parts(t))) == [("parts_mismatch", "water_reuse_rate_pct")]


def test_utilised_above_generated_is_abnormal_not_blocking(make_table: Any) -> None:
    t = make_table(solid_waste_utilised_t=60_000.0, solid_waste_utilisation_rate_pct=100.0)
    flags = check_parts(t)
    assert codes(flags) == [("utilised_exceeds_generated", "solid_waste_utilised_t")]
    assert flags[0].severity is Severity.ABNORMAL


def test_intensity_per_value_added_must_match(make_table: Any) -> None:
    t = make_table(energy_per_value_added=4000.0)  # 155000 × 1000 / 31000 = 5000
    assert codes(check_parts(t)) == [("parts_mismatch", "energy_per_value_added")]


def test_permit_exceeded_and_veto_declared(make_table: Any) -> None:
    vetoes = dict.fromkeys(VetoItem, False)
    vetoes[VetoItem.DISHONEST_DEBTOR] = True
    t = make_table(
        pollutants=(
            PollutantReading(pollutant="SO2", concentration=120, permit_limit=100),
            PollutantReading(pollutant="NOx", concentration=50, permit_limit=100),
        ),
        vetoes=vetoes,
    )
    assert codes(check_parts(t)) == [
        ("permit_exceeded", "pollutant:SO2"),
        ("veto_declared", "veto:dishonest_debtor"),
    ]


def test_yoy_band(make_table: Any) -> None:
    before = make_table()
    now = make_table(
        energy_total_tce=155000.0 * 1.7,
        energy_per_value_added=5000.0 * 1.7,
        output_value_10k_yuan=120000.0,
    )
    flags = check_yoy(now, before)
    # energy total × 1.7 > 1.6; energy per value added × 1.7 > 1.4
    assert codes(flags) == [
        ("yoy_jump", "energy_total_tce"),
        ("yoy_jump", "energy_per_value_added"),
    ]
    assert "× 1.70" in flags[0].reason
    assert "unverified" in flags[0].reason
    assert check_yoy(now, None) == []


def test_plausible_intensity_from_quota(make_table: Any) -> None:
    # clinker: level 1 = 100, level 3 = 117 kgce/t → 70 … 175.5
    assert plausible_range("clinker") == (70.0, 175.5)
    assert check_plausibility(make_table(energy_per_product={"clinker": 70.0})) == []
    flags = check_plausibility(make_table(energy_per_product={"clinker": 40.0, "widget": 1.0}))
    assert codes(flags) == [("implausible_intensity", "energy_per_product:clinker")]
    assert "GB 16780-2021" in flags[0].reason and "secondary" in flags[0].reason


def test_contradicts_accounting(table: Any) -> None:
    metrics = {
        "energy_total_tce": 150000.0,
        "co2_total_t": 1_005_000.0,
        "energy_per_product:clinker": 105.0,
    }
    flags = check_against_accounting(table, metrics)
    # 155000 vs 150000: 3.2 % > 1 %; 1e6 vs 1.005e6: 0.5 % within 1 %
    assert codes(flags) == [("contradicts_accounting", "energy_total_tce")]
    assert flags[0].params["accounted"] == 150000.0


def test_identical_figures_across_units(make_table: Any, make_identity: Any) -> None:
    a = make_table()
    b = make_table(identity=make_identity(uscc="91320500MA1XXXXX02", name="B"))
    c = make_table(
        identity=make_identity(uscc="91320500MA1XXXXX03", name="C"),
        energy_total_tce=1.0,
        energy_per_value_added=1000 / 31000,
    )
    same_unit_other_year = make_table(year=2023)
    out = check_identical({1: a, 2: b, 3: c, 4: same_unit_other_year})
    assert sorted(out) == [1, 2, 4]
    # the reason counts the other units but never names them (it is shown to the unit)
    assert "1 other unit(s)" in out[1][0].reason
    assert "B" not in out[1][0].reason and "91320500MA1XXXXX02" not in out[1][0].reason
    assert "苏州示例水泥有限公司" not in out[2][0].reason
    assert out[2][0].params["other_usccs"] == a.identity.uscc
    # the same unit's two years alone never count as "identical across units"
    assert check_identical({1: a, 4: same_unit_other_year}) == {}
