"""Allocation (分配) shares among co-products, GB/T 24067-2024 order."""

from __future__ import annotations

from typing import Any

from greenmfg.core.errors import GreenmfgError
from greenmfg.core.footprint.engine.base import SHARE_TOLERANCE, _issue
from greenmfg.core.footprint.model import (
    AllocationMethod,
    FootprintInput,
)
from greenmfg.core.units import factor_to


def _shares(
    inp: FootprintInput, issues: list[dict[str, Any]]
) -> tuple[dict[str, float], dict[str, Any]]:
    """Allocation share of each co-product, and the statement for the result."""
    alloc = inp.allocation
    me = inp.product.name
    if alloc is None:
        return {me: 1.0}, {
            "method": "none",
            "statement": "single product: no co-products, no allocation",
            "share": 1.0,
        }
    names = [p.name for p in alloc.products]
    if me not in names:
        issues.append(
            _issue(
                "allocation", None, "products", f"the declared product {me!r} is not among {names}"
            )
        )
        return {}, {}
    shares: dict[str, float] = {}
    basis = None
    if alloc.shares is not None:
        if set(alloc.shares) != set(names):
            issues.append(
                _issue(
                    "allocation",
                    None,
                    "shares",
                    f"give a share for each of {names} and nothing else",
                )
            )
            return {}, {}
        total = 0.0
        for n in names:
            total += alloc.shares[n]
        if any(v < 0 for v in alloc.shares.values()) or abs(total - 1.0) > SHARE_TOLERANCE:
            issues.append(
                _issue(
                    "allocation",
                    None,
                    "shares",
                    f"shares add to {total:g}; they must be ≥ 0 and add to 1",
                )
            )
            return {}, {}
        shares = {n: float(alloc.shares[n]) for n in names}
        basis = "stated shares"
    elif alloc.method is AllocationMethod.PHYSICAL:
        basis = "mass"
        masses: list[float] = []
        for i, p in enumerate(alloc.products, start=1):
            if p.mass is None:
                issues.append(
                    _issue(
                        "allocation.products",
                        i,
                        "mass",
                        "is missing: physical allocation is by mass",
                    )
                )
                return {}, {}
            try:
                masses.append(p.mass.value * factor_to(p.mass.unit, "kg"))
            except GreenmfgError as exc:
                issues.append(_issue("allocation.products", i, "mass.unit", exc.message))
                return {}, {}
        denom = sum(masses)
        if denom <= 0:
            issues.append(_issue("allocation.products", None, "mass", "the masses add to 0"))
            return {}, {}
        shares = {n: m / denom for n, m in zip(names, masses, strict=True)}
    elif alloc.method is AllocationMethod.ECONOMIC:
        basis = "economic value"
        if not alloc.justification:
            issues.append(
                _issue(
                    "allocation",
                    None,
                    "justification",
                    "is missing: GB/T 24067 allocates by economic value only when no physical "
                    "relationship can be used; say why",
                )
            )
            return {}, {}
        values: list[float] = []
        for i, p in enumerate(alloc.products, start=1):
            if p.value is None:
                issues.append(
                    _issue(
                        "allocation.products",
                        i,
                        "value",
                        "is missing: economic allocation is by value",
                    )
                )
                return {}, {}
            try:
                values.append(p.value.value * factor_to(p.value.unit, "yuan"))
            except GreenmfgError as exc:
                issues.append(_issue("allocation.products", i, "value.unit", exc.message))
                return {}, {}
        denom = sum(values)
        if denom <= 0:
            issues.append(_issue("allocation.products", None, "value", "the values add to 0"))
            return {}, {}
        shares = {n: v / denom for n, v in zip(names, values, strict=True)}
    else:  # subdivision: no shared line may remain (checked per line)
        shares = {n: (1.0 if n == me else 0.0) for n in names}
        basis = None
    statement = {
        "method": str(alloc.method),
        "basis": basis,
        "share": shares.get(me, 0.0),
        "shares": shares,
        "justification": alloc.justification,
        "statement": {
            AllocationMethod.SUBDIVISION: "allocation avoided by subdividing the process (GB/T 24067-2024, step 1)",
            AllocationMethod.PHYSICAL: "shared flows allocated by a physical relationship (mass) (step 2)",
            AllocationMethod.ECONOMIC: "shared flows allocated by economic value (step 3), because: "
            + (alloc.justification or ""),
        }[alloc.method],
    }
    return shares, statement
