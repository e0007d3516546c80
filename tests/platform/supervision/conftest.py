"""Factories for the dynamic-management tests (built through the real services)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from greenmfg.core.domain import ListLevel, Role, VetoItem
from tests.platform.workflow.conftest import make_round, today  # noqa: F401 - workflow fixtures


def fields(**overrides: Any) -> dict[str, Any]:
    """A table whose parts add up (see tests/core/supervision/conftest.py for the arithmetic)."""
    data: dict[str, Any] = {
        "output_value_10k_yuan": 120000.0,
        "value_added_10k_yuan": 31000.0,
        "energy_total_tce": 155000.0,
        "energy_per_value_added": 5000.0,
        "energy_per_product": {"clinker": 105.0},
        "renewable_share_pct": 3.0,
        "co2_total_t": 1_000_000.0,
        "co2_scope1_t": 900_000.0,
        "co2_scope2_t": 100_000.0,
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


@pytest.fixture
def table_fields() -> Callable[..., dict[str, Any]]:
    return fields


@pytest.fixture
def listed(
    make_enterprise: Callable[..., Any],
    make_listing: Callable[..., Any],
    make_user: Callable[..., Any],
) -> Callable[..., Any]:
    """A listed enterprise with its own account: returns (enterprise, listing, user)."""

    def factory(
        *,
        adcode: str = "320500",
        level: ListLevel = ListLevel.NATIONAL,
        year: int = 2023,
        industry: str = "3011",
        **kw: Any,
    ) -> tuple[Any, Any, Any]:
        ent = make_enterprise(adcode=adcode, industry=industry, **kw)
        listing = make_listing(ent, level=level, year=year, listed_on=dt.date(year, 12, 1))
        user = make_user(Role.ENTERPRISE, enterprise=ent)
        return ent, listing, user

    return factory
