"""Accounting results: per energy line, per product and per filing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from greenmfg.core.accounting.factors import FactorRow, Status
from greenmfg.core.accounting.messages import message_dict
from greenmfg.core.accounting.quotas import QuotaGrade
from greenmfg.core.accounting.sectors import (
    ProcessLineResult,
)

# Sources (排放源) and the scope each belongs to.
SOURCE_SCOPE: dict[str, int] = {
    "fuel_combustion": 1,
    "exported_fuel": 1,
    "process": 1,
    "purchased_electricity": 2,
    "purchased_heat": 2,
    "exported_electricity": 2,
    "exported_heat": 2,
}


@dataclass(frozen=True, slots=True)
class EnergyLineResult:
    index: int
    carrier: str
    origin: str
    activity: float  # in activity_unit
    activity_unit: str
    tce_equivalent: float
    tce_equal_value: float
    co2_t: float
    ch4_t: float
    n2o_t: float
    co2e_t: float
    source: str | None  # None: no emissions (media, self-generated renewable)
    renewable: bool
    product: str | None
    factor_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProductResult:
    """One product's output and intensities.  ``quantity`` is in ``unit`` (t for most
    products; m2, piece, kWh … for others) and every ``…_per_t`` intensity is per that
    unit."""

    product: str
    name_zh: str
    quantity: float
    allocation: Literal["tagged", "whole_plant", "none"]
    energy_tce: float | None
    electricity_mwh: float | None
    co2e_t: float | None
    energy_kgce_per_t: float | None
    electricity_kwh_per_t: float | None
    co2e_t_per_t: float | None
    quotas: tuple[QuotaGrade, ...]
    unit: str = "t"

    @property
    def quantity_t(self) -> float | None:
        """The quantity in tonnes (None for a product not counted by mass)."""
        return self.quantity if self.unit == "t" else None

    @property
    def quota(self) -> QuotaGrade | None:
        return self.quotas[0] if self.quotas else None


@dataclass(frozen=True)
class AccountingResult:
    """Typed, frozen result of :func:`account` for one filing."""

    uscc: str
    name: str
    year: int
    adcode: str
    industry: str
    equivalent_tce: float
    equal_value_tce: float
    renewable_tce: float
    scope1_tco2e: float
    scope2_tco2e: float
    energy_lines: tuple[EnergyLineResult, ...]
    process_lines: tuple[ProcessLineResult, ...]
    products: tuple[ProductResult, ...]
    factors_used: tuple[FactorRow, ...]
    warnings: tuple[str, ...]
    factor_set_version: str
    gwp_set: str
    grid_scope: str
    grid_basis: str
    guideline: str
    method: str = "cn-guideline"
    method_info: dict[str, Any] = field(default_factory=dict, compare=False)
    self_renewable_tce: float = 0.0
    output_value_wan: float | None = None
    value_added_wan: float | None = None
    employees: int | None = None
    water_withdrawal_m3: float | None = None
    water_reused_m3: float | None = None
    solid_waste_generated_t: float | None = None
    solid_waste_utilised_t: float | None = None
    land_area_m2: float | None = None
    floor_area_m2: float | None = None
    building_footprint_m2: float | None = None
    _metrics: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    @property
    def total_tco2e(self) -> float:
        return self.scope1_tco2e + self.scope2_tco2e

    @property
    def renewable_share(self) -> float | None:
        """Renewable electricity ÷ total energy, equivalent basis (当量值), %.

        Renewable electricity = green power purchased + self-generated renewable power
        consumed on site (generation minus the electricity exported, never below 0)."""
        if self.equivalent_tce <= 0:
            return None
        return self.renewable_tce / self.equivalent_tce * 100.0

    @property
    def unverified_count(self) -> int:
        return sum(1 for r in self.factors_used if r.status is Status.UNVERIFIED)

    def by_source(self) -> dict[str, float]:
        """tCO2e by emission source, in a stable order."""
        out: dict[str, float] = {}
        for line in self.energy_lines:
            if line.source is not None:
                out[line.source] = out.get(line.source, 0.0) + line.co2e_t
        for p in self.process_lines:
            out[p.source] = out.get(p.source, 0.0) + p.co2e_t
        return out

    def by_carrier(self) -> dict[str, dict[str, float]]:
        """Energy (tce, both bases) and tCO2e by carrier."""
        out: dict[str, dict[str, float]] = {}
        for line in self.energy_lines:
            if line.origin == "by_product":
                continue  # made and burnt inside: not in the totals (see by_product_tce)
            row = out.setdefault(
                line.carrier, {"tce_equivalent": 0.0, "tce_equal_value": 0.0, "co2e_t": 0.0}
            )
            row["tce_equivalent"] += line.tce_equivalent
            row["tce_equal_value"] += line.tce_equal_value
            row["co2e_t"] += line.co2e_t
        return out

    def by_product_tce(self) -> dict[str, float]:
        """tce (当量值) of the by-product gases made and burnt inside, by carrier: shown
        apart, as they are not counted again in the totals."""
        out: dict[str, float] = {}
        for line in self.energy_lines:
            if line.origin == "by_product":
                out[line.carrier] = out.get(line.carrier, 0.0) + line.tce_equivalent
        return out

    def metrics(self) -> dict[str, float]:
        """Metric codes of ``greenmfg.core.metrics`` → value; uncomputable ones are absent."""
        return dict(self._metrics)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form printed by ``greenmfg account --json`` and stored by the platform."""
        return {
            "enterprise": {
                "uscc": self.uscc,
                "name": self.name,
                "adcode": self.adcode,
                "industry": self.industry,
            },
            "year": self.year,
            "energy": {
                "equivalent_tce": self.equivalent_tce,
                "equal_value_tce": self.equal_value_tce,
                "renewable_tce": self.renewable_tce,
                "by_carrier": self.by_carrier(),
                "by_product_gas_tce": self.by_product_tce(),
            },
            "emissions": {
                "scope1_tco2e": self.scope1_tco2e,
                "scope2_tco2e": self.scope2_tco2e,
                "total_tco2e": self.total_tco2e,
                "by_source": self.by_source(),
                "gwp_set": self.gwp_set,
                "grid": {"scope": self.grid_scope, "basis": self.grid_basis},
                "guideline": self.guideline,
                "method": self.method_info or {"method": self.method},
            },
            "method": self.method,
            "renewable_share": self.renewable_share,
            "intensities": {
                p.product: {
                    "name_zh": p.name_zh,
                    "quantity": p.quantity,
                    "unit": p.unit,
                    "quantity_t": p.quantity_t,
                    "allocation": p.allocation,
                    "energy_kgce_per_t": p.energy_kgce_per_t,
                    "electricity_kwh_per_t": p.electricity_kwh_per_t,
                    "co2e_t_per_t": p.co2e_t_per_t,
                }
                for p in self.products
            },
            "quota": {p.product: (p.quota.as_dict() if p.quota else None) for p in self.products},
            "quotas": {p.product: [q.as_dict() for q in p.quotas] for p in self.products},
            "metrics": self.metrics(),
            "lines": [
                {
                    "index": ln.index,
                    "carrier": ln.carrier,
                    "origin": ln.origin,
                    "activity": ln.activity,
                    "activity_unit": ln.activity_unit,
                    "tce_equivalent": ln.tce_equivalent,
                    "tce_equal_value": ln.tce_equal_value,
                    "co2e_t": ln.co2e_t,
                    "source": ln.source,
                    "factor_ids": list(ln.factor_ids),
                }
                for ln in self.energy_lines
            ],
            "process": [
                {
                    "index": p.index,
                    "material": p.material,
                    "source": p.source,
                    "quantity_t": p.quantity_t,
                    "co2e_t": p.co2e_t,
                    "factor_ids": list(p.factor_ids),
                }
                for p in self.process_lines
            ],
            "factors_used": [r.ref() for r in self.factors_used],
            "unverified_factors": self.unverified_count,
            "warnings": [str(w) for w in self.warnings],
            # the same warnings as template + params, for the platform to translate
            "messages": [message_dict(w) for w in self.warnings],
            "factor_set_version": self.factor_set_version,
        }
