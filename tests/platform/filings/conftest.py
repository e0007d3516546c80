from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from greenmfg.core.domain import Role


def filing_data(uscc: str, year: int = 2023, coal: float = 15.0) -> dict[str, Any]:
    return {
        "enterprise": {"uscc": uscc, "name": "x", "industry": "3011", "adcode": "320500"},
        "year": year,
        "energy": [
            {"carrier": "bituminous_coal", "quantity": coal, "unit": "万t"},
            {"carrier": "electricity", "quantity": 9000, "unit": "万kWh", "origin": "grid"},
            {"carrier": "electricity", "quantity": 500, "unit": "MWh", "origin": "self_renewable"},
        ],
        "process": [{"material": "limestone", "quantity": 1400000, "unit": "t"}],
        "products": [{"product": "clinker", "quantity": 120, "unit": "万t"}],
        "economics": {
            "value_added": {"value": 3.1e4, "unit": "万元"},
            "output_value": {"value": 1.2e5, "unit": "万元"},
        },
        "resources": {"water_withdrawal": {"value": 1.1e6, "unit": "m3"}},
    }


@pytest.fixture
def cement(make_enterprise: Callable[..., Any], make_user: Callable[..., Any]) -> tuple[Any, Any]:
    """A Suzhou cement plant and its own account."""
    ent = make_enterprise(adcode="320500", name="苏州示例水泥有限公司")
    user = make_user(Role.ENTERPRISE, enterprise=ent)
    return ent, user
