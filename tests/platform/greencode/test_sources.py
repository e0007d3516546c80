"""The green code reads the real dynamic management filings (supervision services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from greenmfg.core.domain import Role
from greenmfg.core.supervision.table import VetoItem
from greenmfg.platform.greencode.models import GreenCode, NoCode
from greenmfg.platform.greencode.services import green_codes_grade
from greenmfg.platform.supervision.services import filing_save_draft, filing_submit

YEAR = 2024


def _fields(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "output_value_10k_yuan": 120000.0,
        "value_added_10k_yuan": 31000.0,
        "energy_total_tce": 155000.0,
        "energy_per_value_added": 5000.0,
        "renewable_share_pct": 3.0,
        "co2_total_t": 1_000_000.0,
        "co2_scope1_t": 900_000.0,
        "co2_scope2_t": 100_000.0,
        "co2_per_value_added": 1_000_000.0 * 1000 / 31000.0,
        "water_withdrawal_m3": 1_000_000.0,
        "water_reused_m3": 9_000_000.0,
        "water_reuse_rate_pct": 90.0,
        "solid_waste_generated_t": 50_000.0,
        "solid_waste_utilised_t": 46_000.0,
        "solid_waste_utilisation_rate_pct": 92.0,
        "vetoes": {v.value: False for v in VetoItem},
    }
    data.update(overrides)
    return data


AMOUNTS = (
    "output_value_10k_yuan",
    "value_added_10k_yuan",
    "energy_total_tce",
    "co2_total_t",
    "co2_scope1_t",
    "co2_scope2_t",
    "water_withdrawal_m3",
    "water_reused_m3",
    "solid_waste_generated_t",
    "solid_waste_utilised_t",
)


def _scaled(factor: float, **overrides: Any) -> dict[str, Any]:
    """A table of a unit twice the size (same intensities; not "identical figures")."""
    data = _fields(**overrides)
    for key in AMOUNTS:
        data[key] = data[key] * factor
    return data


def test_filed_flagged_and_missing_filings(
    make_enterprise: Any, make_listing: Any, make_user: Any
) -> None:
    units = []
    for _ in range(4):
        unit = make_enterprise()
        make_listing(unit, year=2022, listed_on=dt.date(2022, 12, 1))
        units.append((unit, make_user(Role.ENTERPRISE, enterprise=unit)))
    filed, flagged, draft, missing = units
    today = dt.date(YEAR + 1, 4, 1)
    filing_submit(actor=filed[1], unit=filed[0], year=YEAR, fields=_fields(), today=today)
    vetoes = {v.value: False for v in VetoItem} | {VetoItem.DISHONEST_DEBTOR.value: True}
    flagged_filing = filing_submit(
        actor=flagged[1],
        unit=flagged[0],
        year=YEAR,
        fields=_scaled(2.0, vetoes=vetoes),
        today=today,
    )
    assert flagged_filing.flags.exists()
    filing_save_draft(actor=draft[1], unit=draft[0], year=YEAR, fields=_fields())

    run = green_codes_grade(actor=None, year=YEAR)
    assert run.population == 4
    assert list(GreenCode.objects.values_list("enterprise_id", flat=True)) == [filed[0].pk]
    reasons = dict(NoCode.objects.values_list("enterprise_id", "reason"))
    assert reasons == {
        flagged[0].pk: "abnormal",
        draft[0].pk: "not_filed",  # a draft is not a filing
        missing[0].pk: "not_filed",
    }
