"""Accounting options: grid scope and basis, GWP set, method choice."""

from __future__ import annotations

from typing import Literal, get_args

from greenmfg.core.accounting.methods import MethodChoice, resolve_method
from greenmfg.core.errors import (
    InvalidValueError,
)
from greenmfg.core.filing.model import Filing

GridScope = Literal["national", "regional", "provincial"]


GridBasis = Literal["location", "market", "ets"]


GWP_SETS = ("SAR", "AR4", "AR5", "AR6")


def check_options(gwp_set: str | None, grid_scope: str, grid_basis: str) -> None:
    """``InvalidValueError`` for an unknown GWP set, grid scope or grid basis."""
    for name, value, allowed in (
        ("gwp_set", gwp_set, GWP_SETS),
        ("grid_scope", grid_scope, get_args(GridScope)),
        ("grid_basis", grid_basis, get_args(GridBasis)),
    ):
        if value is not None and value not in allowed:
            raise InvalidValueError(
                where="", field=name, value=value, expected="one of " + ", ".join(allowed)
            )


def method_choice(
    filing: Filing, method: str | None, gwp_set: str | None, include_non_co2: bool | None
) -> MethodChoice:
    """The method a filing is accounted by: ``method`` if given, else the filing's own,
    else ``cn-guideline``; ``include_non_co2`` (when given) overrides the method's rule."""
    choice = resolve_method(
        method or (str(filing.method) if filing.method else None),
        filing.enterprise.industry,
        gwp_set,
    )
    if include_non_co2 is not None and include_non_co2 != choice.include_non_co2:
        choice = MethodChoice(choice.method, choice.guideline, choice.gwp_set, include_non_co2)
    return choice
