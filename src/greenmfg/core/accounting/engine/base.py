"""Helpers the accounting engine's steps share."""

from __future__ import annotations

from greenmfg.core.accounting.sectors import (
    resolve_product,
)
from greenmfg.core.errors import (
    GreenmfgError,
)
from greenmfg.core.filing.model import Filing
from greenmfg.core.units import factor_to


def _where_energy(i: int) -> str:
    return f"energy line {i + 1}: "


def _product_codes(filing: Filing) -> dict[str, str]:
    """Each product as filed (code or name) → its resolved code (unresolvable ones left out)."""
    out: dict[str, str] = {}
    for p in filing.products:
        try:
            out[p.product] = resolve_product(p).code
        except GreenmfgError:
            continue
    for code in list(out.values()):
        out.setdefault(code, code)
    return out


def _resource_multiplier(unit: str, target: str, *, where: str) -> float:
    # water is filed in m3 or t (1 t = 1 m3); waste in t; areas in m2 / hm2 / 亩.
    if target == "m3":
        try:
            return factor_to(unit, "m3", where=where)
        except GreenmfgError:
            return factor_to(unit, "t", where=where)
    return factor_to(unit, target, where=where)
