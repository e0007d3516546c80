"""A small country: listed and unlisted enterprises in Jiangsu and Zhejiang with two years
of dynamic management filings, graded green codes and computed index snapshots."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from greenmfg.core.domain import ListLevel, Role
from tests.platform.greencode.filing_tables import _scaled

YEARS = (2023, 2024)
UNITS = (
    # adcode, industry, level, scale
    ("320500", "3011", ListLevel.NATIONAL, 1.0),
    ("320500", "3011", ListLevel.NATIONAL, 1.5),
    ("320500", "2614", ListLevel.PROVINCIAL, 2.0),
    ("320200", "3120", ListLevel.MUNICIPAL, 2.5),
    ("330100", "3011", ListLevel.NATIONAL, 3.0),
    ("330100", "1713", ListLevel.PROVINCIAL, 3.5),
)


def build_country(
    make_enterprise: Callable[..., Any],
    make_listing: Callable[..., Any],
    make_user: Callable[..., Any],
) -> list[Any]:
    from greenmfg.platform.dashboards.services import index_snapshots_compute
    from greenmfg.platform.greencode.services import green_codes_grade
    from greenmfg.platform.supervision.services import filing_submit

    units = []
    for adcode, industry, level, scale in UNITS:
        unit = make_enterprise(adcode=adcode, industry=industry, employees=int(400 * scale))
        make_listing(unit, level=level, year=2022, listed_on=dt.date(2022, 12, 1))
        user = make_user(Role.ENTERPRISE, enterprise=unit)
        for year in YEARS:
            grow = scale * (1.0 if year == YEARS[0] else 1.1)
            fields = _scaled(grow)
            saving = 1.0 if year == YEARS[0] else 0.95  # 5 % less energy per output
            fields["energy_total_tce"] *= saving
            fields["energy_per_value_added"] *= saving
            if industry == "3011":  # cement: clinker CO2 per tonne for the low-carbon degree
                fields["co2_per_product"] = {"clinker": 0.80 + 0.05 * scale}
            filing_submit(
                actor=user, unit=unit, year=year, fields=fields, today=dt.date(year + 1, 4, 1)
            )
        units.append(unit)
    # an unlisted enterprise that only counts in the population
    make_enterprise(adcode="320200", industry="3011", output_value_10k_yuan=50000)
    for year in YEARS:
        green_codes_grade(actor=None, year=year)
    for year in YEARS:
        index_snapshots_compute(actor=None, year=year, data_as_of=dt.date(year + 1, 5, 31))
    return units


@pytest.fixture
def country(make_enterprise: Any, make_listing: Any, make_user: Any) -> list[Any]:
    return build_country(make_enterprise, make_listing, make_user)
