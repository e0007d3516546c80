"""The footprint result (per line and per declared unit) and its computation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from greenmfg.core.accounting.factors import FactorSet, default_factor_set
from greenmfg.core.footprint.engine.base import PRIMARY_RULE
from greenmfg.core.footprint.engine.resolution import resolve_lines
from greenmfg.core.footprint.library import FactorLibrary, default_library
from greenmfg.core.footprint.model import (
    STAGES,
    STANDARD,
    FootprintInput,
)
from greenmfg.core.notices import message_dict


@dataclass(frozen=True, slots=True)
class LineResult:
    section: str
    line: int  # 1-based, within its section
    name: str
    stage: str
    amount: float
    coefficient: float  # kgCO2e per unit of amount
    share: float  # allocation share applied
    primary: bool
    kgco2e: float  # amount × coefficient × share (the period total)
    by_gas: tuple[tuple[str, float], ...]  # kgCO2e per gas, after the share
    factor_ids: tuple[str, ...]


@dataclass(frozen=True)
class FootprintResult:
    product: str
    declared_unit: str
    uscc: str
    enterprise: str
    adcode: str
    year: int
    boundary: str
    quantity: float
    total_kgco2e: float
    total_kgco2e_per_unit: float
    by_stage: dict[str, float]
    by_gas: dict[str, float]
    primary_kgco2e: float
    primary_data_share: float | None
    allocation: dict[str, Any]
    lines: tuple[LineResult, ...]
    factors_used: tuple[dict[str, Any], ...]
    warnings: tuple[str, ...]
    library_version: str
    factor_set_version: str
    gwp_set: str
    product_mass_kg: float | None = None
    cpc: str | None = None
    packaging_included: bool = False
    _extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def unverified_count(self) -> int:
        return sum(1 for r in self.factors_used if r.get("status") == "unverified")

    def to_dict(self) -> dict[str, Any]:
        """The JSON form printed by ``greenmfg footprint --json`` and stored by the platform."""
        return {
            "standard": STANDARD,
            "product": {
                "name": self.product,
                "declared_unit": self.declared_unit,
                "mass_kg": self.product_mass_kg,
                "cpc": self.cpc,
            },
            "enterprise": {"uscc": self.uscc, "name": self.enterprise, "adcode": self.adcode},
            "year": self.year,
            "boundary": self.boundary,
            "quantity": self.quantity,
            "total_kgco2e": self.total_kgco2e,
            "total_kgco2e_per_unit": self.total_kgco2e_per_unit,
            "by_stage": dict(self.by_stage),
            "by_gas": dict(self.by_gas),
            "primary_data_share": self.primary_data_share,
            "primary_data_rule": PRIMARY_RULE,
            "allocation": dict(self.allocation),
            "lines": [
                {
                    "section": ln.section,
                    "line": ln.line,
                    "name": ln.name,
                    "stage": ln.stage,
                    "amount": ln.amount,
                    "coefficient": ln.coefficient,
                    "share": ln.share,
                    "primary": ln.primary,
                    "kgco2e": ln.kgco2e,
                    "kgco2e_per_unit": ln.kgco2e / self.quantity,
                    "by_gas": dict(ln.by_gas),
                    "factor_ids": list(ln.factor_ids),
                }
                for ln in self.lines
            ],
            "factors_used": [dict(r) for r in self.factors_used],
            "unverified_factors": self.unverified_count,
            "warnings": [str(w) for w in self.warnings],
            # the same warnings as template + params (accounting ones), for translation
            "messages": [message_dict(w) for w in self.warnings],
            "library_version": self.library_version,
            "factor_set_version": self.factor_set_version,
            "gwp_set": self.gwp_set,
        }


def compute(
    inp: FootprintInput,
    *,
    library: FactorLibrary | None = None,
    factor_set: FactorSet | None = None,
    file: str = "input",
) -> FootprintResult:
    """The product carbon footprint of ``inp`` (raises :class:`FootprintInvalidError`)."""
    lib = library or default_library()
    fs = factor_set or default_factor_set()
    res = resolve_lines(inp, library=lib, factor_set=fs, file=file)
    total = 0.0
    primary = 0.0
    stages = dict.fromkeys((str(s) for s in STAGES), 0.0)
    gases: dict[str, float] = {}
    lines: list[LineResult] = []
    for r in res.lines:
        kg = r.amount * r.coefficient
        allocated = kg * r.share
        total += allocated
        stages[str(r.stage)] += allocated
        if r.primary:
            primary += allocated
        by_gas = tuple((g, r.amount * c * r.share) for g, c in r.gases)
        for g, v in by_gas:
            gases[g] = gases.get(g, 0.0) + v
        lines.append(
            LineResult(
                r.section,
                r.index,
                r.name,
                str(r.stage),
                r.amount,
                r.coefficient,
                r.share,
                r.primary,
                allocated,
                by_gas,
                r.factor_ids,
            )
        )
    q = inp.quantity
    return FootprintResult(
        product=inp.product.name,
        declared_unit=inp.product.declared_unit,
        uscc=inp.enterprise.uscc,
        enterprise=inp.enterprise.name,
        adcode=inp.enterprise.adcode,
        year=inp.year,
        boundary=str(inp.boundary),
        quantity=q,
        total_kgco2e=total,
        total_kgco2e_per_unit=total / q,
        by_stage={k: v / q for k, v in stages.items()},
        by_gas={k: v / q for k, v in gases.items()},
        primary_kgco2e=primary,
        primary_data_share=(primary / total) if total > 0 else None,
        allocation=res.allocation,
        lines=tuple(lines),
        factors_used=tuple(res.refs[k] for k in sorted(res.refs)),
        warnings=tuple(res.warnings),
        library_version=lib.version,
        factor_set_version=fs.version,
        gwp_set=inp.gwp_set,
        product_mass_kg=res.product_mass_kg,
        cpc=inp.product.cpc,
        packaging_included=inp.product.packaging_included,
    )
