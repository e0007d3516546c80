"""A graded population of national green factories, built through the real services."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

import pytest

from greenmfg.core.indices.greencode import GreenCodeInput
from greenmfg.core.indices.methods import green_code_method

YEAR = 2024
INDUSTRIES = ("3011", "3011", "3120", "2614", "1713")
CITIES = ("320500", "320200", "330100")


def build_population(
    make_enterprise: Callable[..., Any],
    make_listing: Callable[..., Any],
    *,
    graded: int,
    nonfilers: int = 0,
    abnormal: int = 0,
    seed: int = 7,
) -> tuple[list[Any], list[GreenCodeInput]]:
    rng = random.Random(seed)
    method = green_code_method()
    units: list[Any] = []
    inputs: list[GreenCodeInput] = []
    for i in range(graded + nonfilers + abnormal):
        industry = INDUSTRIES[i % len(INDUSTRIES)]
        unit = make_enterprise(adcode=CITIES[i % len(CITIES)], industry=industry)
        make_listing(unit, year=2022, listed_on=dt.date(2022, 12, 1))
        units.append(unit)
        metrics = {ind.metric: float(rng.randint(0, 20)) for ind in method.indicators}
        inputs.append(
            GreenCodeInput(
                uscc=unit.uscc,
                industry=industry,
                filed=i < graded + abnormal,
                abnormal=graded <= i < graded + abnormal,
                metrics=metrics if i < graded + abnormal else {},
            )
        )
    return units, inputs


@pytest.fixture
def population(make_enterprise: Callable[..., Any], make_listing: Callable[..., Any]) -> Any:
    def factory(**kw: Any) -> tuple[list[Any], list[GreenCodeInput]]:
        return build_population(make_enterprise, make_listing, **kw)

    return factory
