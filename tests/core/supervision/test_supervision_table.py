from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from greenmfg.core.domain import VetoItem
from greenmfg.core.errors import InvalidValueError, UnitMismatchError
from greenmfg.core.supervision.table import (
    DynamicTable,
    PollutantReading,
    amounts_from_filing,
    prefill_table,
)

METRICS = {
    "energy_total_tce": 155000.0,
    "energy_total_equal_value_tce": 170000.0,
    "energy_per_value_added": 5000.0,
    "energy_per_product:clinker": 105.0,
    "renewable_share": 3.0,
    "co2_total_t": 1_000_000.0,
    "co2_scope1_t": 900_000.0,
    "co2_scope2_t": 100_000.0,
    "co2_per_product:clinker": 0.83,
    "water_reuse_rate": 90.0,
    "solid_waste_utilisation_rate": 92.0,
    "output_per_employee": 141.2,
}

FILING = {
    "economics": {
        "output_value": {"value": 12.0, "unit": "亿元"},
        "value_added": {"value": 3.1e4, "unit": "万元"},
    },
    "resources": {
        "water_withdrawal": {"value": 110.0, "unit": "万m3"},
        "water_reused": {"value": 9.0e6, "unit": "m3"},
        "solid_waste_generated": {"value": 5.0, "unit": "万t"},
        "solid_waste_utilised": {"value": 4.6e4, "unit": "t"},
    },
}


def test_prefill_maps_metrics_and_amounts(make_identity: Any) -> None:
    amounts = amounts_from_filing(FILING)
    # 12 亿元 = 120000 万元; 110 万m3 = 1.1e6 m3; 5 万t = 50000 t
    assert amounts == {
        "output_value_10k_yuan": 120000.0,
        "value_added_10k_yuan": 31000.0,
        "water_withdrawal_m3": 1_100_000.0,
        "water_reused_m3": 9_000_000.0,
        "solid_waste_generated_t": 50_000.0,
        "solid_waste_utilised_t": 46_000.0,
    }
    t = prefill_table(
        identity=make_identity(),
        year=2024,
        metrics=METRICS,
        amounts=amounts,
        key_indicator_metrics=["energy_per_product:clinker", "renewable_share", "missing_metric"],
        standard="GB/T 36132-2025",
    )
    assert t.energy_total_tce == 155000.0
    assert t.renewable_share_pct == 3.0
    assert t.energy_per_product == {"clinker": 105.0}
    assert t.co2_per_product == {"clinker": 0.83}
    assert t.water_reuse_rate_pct == 90.0
    assert t.output_value_10k_yuan == 120000.0
    assert t.key_indicators == {"energy_per_product:clinker": 105.0, "renewable_share": 3.0}
    assert t.vetoes == dict.fromkeys(VetoItem, False)
    # absent metrics stay absent, never zero
    assert t.co2_per_value_added is None
    assert "co2_per_value_added" not in t.figures()


def test_prefill_rejects_unknown_amount(make_identity: Any) -> None:
    with pytest.raises(InvalidValueError, match="water_total"):
        prefill_table(identity=make_identity(), year=2024, metrics={}, amounts={"water_total": 1.0})


def test_amounts_unit_mismatch_names_the_field() -> None:
    with pytest.raises(UnitMismatchError, match=r"resources.water_withdrawal.*'kWh'"):
        amounts_from_filing({"resources": {"water_withdrawal": {"value": 1, "unit": "kWh"}}})


def test_negative_amount_rejected(make_table: Any) -> None:
    with pytest.raises(ValidationError, match="energy_total_tce"):
        make_table(energy_total_tce=-1.0)


def test_all_six_vetoes_must_be_declared(make_table: Any) -> None:
    with pytest.raises(ValidationError, match="dishonest_debtor"):
        make_table(vetoes={v: False for v in VetoItem if v is not VetoItem.DISHONEST_DEBTOR})


def test_public_part_hides_amounts(make_table: Any) -> None:
    t: DynamicTable = make_table(
        pollutants=(PollutantReading(pollutant="NOx", concentration=80, permit_limit=100),),
    )
    pub = t.public_part()
    assert "energy_total_tce" not in pub
    assert "output_value_10k_yuan" not in pub
    assert pub["water_reuse_rate_pct"] == 90.0
    assert pub["pollutants_within_permit"] is True
    assert pub["vetoes_declared"] == []
