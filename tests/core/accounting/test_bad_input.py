"""Bad input → a specific error naming the line (or a warning naming the factor used)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from greenmfg.core.accounting import account, check_filing
from greenmfg.core.errors import (
    InvalidUnitError,
    InvalidValueError,
    MissingValueError,
    UnitMismatchError,
    UnknownCodeError,
)
from greenmfg.core.filing import Filing


def _f(energy: list[dict[str, Any]], year: int = 2024, **extra: Any) -> Filing:
    return Filing.from_dict({
        "enterprise": {"uscc": "91000000MA00000001", "name": "b", "industry": "3011", "adcode": "320500"},
        "year": year, "energy": energy, **extra,
    })  # fmt: skip


COAL = {"carrier": "raw_coal", "quantity": 10, "unit": "t"}


def test_negative_quantity_is_rejected() -> None:
    with pytest.raises(ValidationError) as err:
        _f([COAL, {**COAL, "quantity": -1}])
    assert err.value.errors()[0]["loc"] == ("energy", 1, "quantity")


def test_missing_quantity_is_rejected() -> None:
    with pytest.raises(ValidationError) as err:
        _f([{"carrier": "coke", "unit": "t"}])
    assert err.value.errors()[0]["loc"] == ("energy", 0, "quantity")


def test_unknown_carrier_names_the_line() -> None:
    with pytest.raises(UnknownCodeError) as err:
        account(_f([COAL, {"carrier": "unobtainium", "quantity": 1, "unit": "t"}]))
    assert err.value.params["where"] == "energy line 2: "
    assert "raw_coal" in err.value.params["expected"]


def test_every_problem_is_reported_by_check_filing() -> None:
    f = _f(
        [
            {"carrier": "unobtainium", "quantity": 1, "unit": "t"},
            {"carrier": "raw_coal", "quantity": 1, "unit": "kWh"},
            {"carrier": "coke", "quantity": 1, "unit": "bogus-unit"},
        ],
        process=[{"material": "clinker", "quantity": 1, "unit": "t"}],
        products=[{"product": "widget", "quantity": 1, "unit": "t"}],
    )
    errors = check_filing(f)
    kinds = [type(e) for e in errors]
    assert kinds == [
        UnknownCodeError,
        UnitMismatchError,
        InvalidUnitError,
        MissingValueError,
        UnknownCodeError,
    ]
    assert errors[1].params["where"] == "energy line 2: "
    assert "energy line 2" in str(errors[1])


def test_unit_mismatch_on_a_measured_value() -> None:
    f = _f([{**COAL, "ncv": {"value": 20, "unit": "kWh"}}])
    with pytest.raises(UnitMismatchError) as err:
        account(f)
    assert err.value.params["where"].startswith("energy line 1: ncv")


def test_origin_only_for_electricity() -> None:
    with pytest.raises(InvalidValueError):
        account(_f([{**COAL, "origin": "green"}]))


def test_year_without_a_published_grid_factor_uses_the_latest_earlier_one() -> None:
    r = account(_f([{"carrier": "electricity", "quantity": 100, "unit": "MWh"}], year=2030))
    # 2030 → data year 2028 is not published: grid.CN.location.2023 is used, with a warning naming it.
    assert r.scope2_tco2e == pytest.approx(100 * 0.5306)
    assert any("grid.CN.location.2023" in w and "2028" in w for w in r.warnings)


def test_year_before_any_grid_factor_uses_the_earliest_one_with_a_warning() -> None:
    r = account(_f([{"carrier": "electricity", "quantity": 100, "unit": "MWh"}], year=2020))
    assert r.scope2_tco2e == pytest.approx(100 * 0.5568)
    assert any("grid.CN.location.2021" in w for w in r.warnings)


def test_unknown_gwp_set() -> None:
    with pytest.raises(InvalidValueError):
        account(_f([COAL]), gwp_set="AR9")


@pytest.mark.parametrize(
    ("option", "value"), [("grid_scope", "provincal"), ("grid_basis", "marginal")]
)
def test_unknown_grid_option_is_refused_not_replaced_by_national(option: str, value: str) -> None:
    with pytest.raises(InvalidValueError) as err:
        account(_f([COAL]), **{option: value})  # type: ignore[arg-type]
    assert err.value.params["field"] == option


def test_gwp_set_changes_non_co2_only() -> None:
    f = _f([{"carrier": "anthracite", "quantity": 1000, "unit": "t"}])
    sar, ar6 = account(f, gwp_set="SAR", method="ipcc"), account(f, gwp_set="AR6", method="ipcc")
    # 1000 t × 26.7 GJ = 26.7 TJ; CH4 267 kg, N2O 40.05 kg.
    diff = 0.267 * (27.9 - 21) + 0.04005 * (273 - 310)
    assert ar6.scope1_tco2e - sar.scope1_tco2e == pytest.approx(diff)


def test_product_tag_must_name_a_filed_product() -> None:
    with pytest.raises(UnknownCodeError):
        account(_f([{**COAL, "product": "clinker"}]))


def test_measured_ncv_overrides_the_coefficient() -> None:
    r = account(_f([{**COAL, "ncv": {"value": 5000, "unit": "kcal/kg"}}]))
    # 5000 kcal/kg = 20 934 kJ/kg ÷ 29 307.6 = 0.714286 kgce/kg × 10 t.
    assert r.equivalent_tce == pytest.approx(10 * 5000 / 7000)


def test_ets_basis() -> None:
    r = account(
        _f([{"carrier": "electricity", "quantity": 100, "unit": "MWh"}], year=2022),
        grid_basis="ets",
    )
    assert r.scope2_tco2e == pytest.approx(57.03)


def test_fuel_defaults_are_keyed_by_guideline() -> None:
    f = _f([{"carrier": "lng", "quantity": 100, "unit": "t"}])
    new = account(f, include_non_co2=False)
    old = account(f, guideline="NDRC-2015", include_non_co2=False)
    # GB/T 32151.22-2024: 100 t × 51.498 GJ/t × 0.0153 tC/GJ × 0.98 × 44/12;
    # NDRC 2015 (recalled, unverified): NCV 44.2 GJ/t, CC 17.2 tC/TJ, OF from the current table.
    assert new.scope1_tco2e == pytest.approx(100 * 51.498 * 0.0153 * 0.98 * 44 / 12)
    assert old.scope1_tco2e == pytest.approx(100 * 44.2 * 0.0172 * 0.98 * 44 / 12)
    assert {"ndrc2015.ncv.lng", "ndrc2015.cc.lng"} <= {r.factor_id for r in old.factors_used}
    assert old.unverified_count >= 2
