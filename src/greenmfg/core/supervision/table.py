"""The annual dynamic management table (动态管理表, 工信部节〔2024〕13号 Art. 16, Annex 4).

Annex 4's form itself was not found (green_system_rules.md §1.9, unverified); the fields
here follow the proposed list there: identity and changes since listing, output value,
energy (total, per unit, renewable share), CO2 (total, intensity), water withdrawal and
reuse, solid-waste utilisation, pollutant concentrations against permit limits, the six
veto self-declarations (Art. 15) and the key indicators of the unit's standard.

:func:`prefill_table` builds a table from an accounting result's metrics (codes of
:mod:`greenmfg.core.metrics`) and the amounts of the annual filing, so nothing the
accounting engine computed is retyped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from greenmfg.core.domain import ListLevel, UnitKind, VetoItem
from greenmfg.core.errors import InvalidValueError, UnitMismatchError


class ChangeKind(StrEnum):
    """Changes a listed unit must declare (变更申报); each is re-verified."""

    RENAME = "rename"  # 更名
    MERGER = "merger"  # 兼并重组
    RELOCATION = "relocation"  # 搬迁
    BOUNDARY = "boundary"  # 边界变化


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class UnitIdentity(_Model):
    uscc: str = Field(min_length=18, max_length=18)
    name: str = Field(min_length=1)
    adcode: str = Field(pattern=r"^\d{6}$")
    industry: str | None = Field(default=None, pattern=r"^\d{2,4}$")  # None for a park
    kind: UnitKind
    level: ListLevel
    listed_year: int = Field(ge=2016, le=2100)


class ChangeRecord(_Model):
    kind: ChangeKind
    effective_on: date
    description: str = Field(min_length=1)


class PollutantReading(_Model):
    """One pollutant's measured concentration against its discharge-permit limit (排污许可)."""

    pollutant: str = Field(min_length=1)
    concentration: float = Field(ge=0)
    permit_limit: float = Field(gt=0)
    unit: str = "mg/m3"

    @property
    def exceeds(self) -> bool:
        return self.concentration > self.permit_limit

    @property
    def ratio(self) -> float:
        return self.concentration / self.permit_limit


class DynamicTable(_Model):
    """One listed unit's dynamic management table for one data year.

    Amounts: output value and value added in 万元, energy in tce, CO2 in tCO2e, water in
    m3, solid waste in t; intensities in the units of :mod:`greenmfg.core.metrics`; rates
    in percent (0–100).  An absent figure is ``None``, never zero.
    """

    identity: UnitIdentity
    year: int = Field(ge=2016, le=2100)
    changes: tuple[ChangeRecord, ...] = ()
    output_value_10k_yuan: float | None = Field(default=None, ge=0)
    value_added_10k_yuan: float | None = Field(default=None, ge=0)
    energy_total_tce: float | None = Field(default=None, ge=0)
    energy_per_value_added: float | None = Field(default=None, ge=0)
    energy_per_product: dict[str, float] = Field(default_factory=dict)
    renewable_share_pct: float | None = Field(default=None, ge=0)
    co2_total_t: float | None = Field(default=None, ge=0)
    co2_scope1_t: float | None = Field(default=None, ge=0)
    co2_scope2_t: float | None = None  # may be negative when exported electricity is deducted
    co2_per_value_added: float | None = Field(default=None, ge=0)
    co2_per_product: dict[str, float] = Field(default_factory=dict)
    water_withdrawal_m3: float | None = Field(default=None, ge=0)
    water_reused_m3: float | None = Field(default=None, ge=0)
    water_reuse_rate_pct: float | None = Field(default=None, ge=0)
    solid_waste_generated_t: float | None = Field(default=None, ge=0)
    solid_waste_utilised_t: float | None = Field(default=None, ge=0)
    solid_waste_utilisation_rate_pct: float | None = Field(default=None, ge=0)
    pollutants: tuple[PollutantReading, ...] = ()
    vetoes: dict[VetoItem, bool] = Field(default_factory=lambda: dict.fromkeys(VetoItem, False))
    standard: str | None = None
    key_indicators: dict[str, float] = Field(default_factory=dict)

    @field_validator("vetoes")
    @classmethod
    def _all_six_declared(cls, value: dict[VetoItem, bool]) -> dict[VetoItem, bool]:
        missing = [item.value for item in VetoItem if item not in value]
        if missing:
            raise ValueError(f"every veto item must be declared; missing: {', '.join(missing)}")
        return value

    @property
    def vetoes_declared(self) -> list[VetoItem]:
        return [item for item in VetoItem if self.vetoes.get(item)]

    def figures(self) -> dict[str, float]:
        """The numeric figures flat, keyed like the metric codes (products after a colon)."""
        out: dict[str, float] = {}
        for name in NUMERIC_FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = float(value)
        for product, value in self.energy_per_product.items():
            out[f"energy_per_product:{product}"] = value
        for product, value in self.co2_per_product.items():
            out[f"co2_per_product:{product}"] = value
        return out

    def public_part(self) -> dict[str, Any]:
        """What the public unit page discloses (信息公开): intensities, rates, permit
        compliance and the veto declaration; absolute amounts stay private."""
        data: dict[str, Any] = {name: getattr(self, name) for name in PUBLIC_FIELDS}
        data["energy_per_product"] = dict(self.energy_per_product)
        data["co2_per_product"] = dict(self.co2_per_product)
        data["pollutants_within_permit"] = all(not p.exceeds for p in self.pollutants)
        data["vetoes_declared"] = [v.value for v in self.vetoes_declared]
        return data


NUMERIC_FIELDS: tuple[str, ...] = (
    "output_value_10k_yuan",
    "value_added_10k_yuan",
    "energy_total_tce",
    "energy_per_value_added",
    "renewable_share_pct",
    "co2_total_t",
    "co2_scope1_t",
    "co2_scope2_t",
    "co2_per_value_added",
    "water_withdrawal_m3",
    "water_reused_m3",
    "water_reuse_rate_pct",
    "solid_waste_generated_t",
    "solid_waste_utilised_t",
    "solid_waste_utilisation_rate_pct",
)

PUBLIC_FIELDS: tuple[str, ...] = (
    "year",
    "energy_per_value_added",
    "renewable_share_pct",
    "co2_per_value_added",
    "water_reuse_rate_pct",
    "solid_waste_utilisation_rate_pct",
)

# Field → (Chinese name, English name, unit).
FIELD_LABELS: dict[str, tuple[str, str, str]] = {
    "output_value_10k_yuan": ("工业总产值", "Output value", "万元"),
    "value_added_10k_yuan": ("工业增加值", "Value added", "万元"),
    "energy_total_tce": ("综合能耗(当量值)", "Energy consumption (equivalent value)", "tce"),
    "energy_per_value_added": (
        "单位工业增加值综合能耗",
        "Energy per 10,000 yuan value added",
        "kgce/万元",
    ),
    "energy_per_product": ("单位产品综合能耗", "Energy per unit of product", "kgce/t"),
    "renewable_share_pct": ("可再生能源使用比例", "Renewable energy share", "%"),
    "co2_total_t": ("二氧化碳排放总量", "CO2 emissions", "tCO2e"),
    "co2_scope1_t": ("直接排放(范围一)", "Scope 1 emissions", "tCO2e"),
    "co2_scope2_t": ("间接排放(范围二)", "Scope 2 emissions", "tCO2e"),
    "co2_per_value_added": (
        "单位工业增加值碳排放",
        "CO2 per 10,000 yuan value added",
        "kgCO2e/万元",
    ),
    "co2_per_product": ("单位产品碳排放", "CO2 per unit of product", "tCO2e/t"),
    "water_withdrawal_m3": ("取水量", "Water withdrawal", "m3"),
    "water_reused_m3": ("重复利用水量", "Water reused", "m3"),
    "water_reuse_rate_pct": ("水重复利用率", "Water reuse rate", "%"),
    "solid_waste_generated_t": ("一般工业固体废物产生量", "Solid waste generated", "t"),
    "solid_waste_utilised_t": ("一般工业固体废物综合利用量", "Solid waste utilised", "t"),
    "solid_waste_utilisation_rate_pct": (
        "一般工业固体废物综合利用率",
        "Solid-waste utilisation rate",
        "%",
    ),
}

# Metric code (greenmfg.core.metrics) → table field, for the prefill.
METRIC_TO_FIELD: dict[str, str] = {
    "energy_total_tce": "energy_total_tce",
    "energy_per_value_added": "energy_per_value_added",
    "renewable_share": "renewable_share_pct",
    "co2_total_t": "co2_total_t",
    "co2_scope1_t": "co2_scope1_t",
    "co2_scope2_t": "co2_scope2_t",
    "co2_per_value_added": "co2_per_value_added",
    "water_reuse_rate": "water_reuse_rate_pct",
    "solid_waste_utilisation_rate": "solid_waste_utilisation_rate_pct",
}

AMOUNT_FIELDS: tuple[str, ...] = (
    "output_value_10k_yuan",
    "value_added_10k_yuan",
    "water_withdrawal_m3",
    "water_reused_m3",
    "solid_waste_generated_t",
    "solid_waste_utilised_t",
)


def prefill_table(
    *,
    identity: UnitIdentity,
    year: int,
    metrics: Mapping[str, float],
    amounts: Mapping[str, float] | None = None,
    key_indicator_metrics: Sequence[str] = (),
    standard: str | None = None,
    changes: Sequence[ChangeRecord] = (),
) -> DynamicTable:
    """A table prefilled from the year's accounting result.

    ``metrics`` is the accounting result's metric mapping (absent = not computable);
    ``amounts`` the filing's absolute amounts keyed by :data:`AMOUNT_FIELDS` (see
    :func:`amounts_from_filing`); ``key_indicator_metrics`` the metric codes that are the
    key indicators of the unit's standard.  Veto items start undeclared-false: the unit
    must confirm them before submitting.
    """
    data: dict[str, Any] = {"identity": identity, "year": year, "changes": tuple(changes)}
    for code, field in METRIC_TO_FIELD.items():
        if code in metrics:
            data[field] = float(metrics[code])
    energy_pp: dict[str, float] = {}
    co2_pp: dict[str, float] = {}
    for code, value in metrics.items():
        base, _, product = code.partition(":")
        if product and base == "energy_per_product":
            energy_pp[product] = float(value)
        elif product and base == "co2_per_product":
            co2_pp[product] = float(value)
    data["energy_per_product"] = energy_pp
    data["co2_per_product"] = co2_pp
    for field, value in (amounts or {}).items():
        if field not in AMOUNT_FIELDS:
            raise InvalidValueError(
                where="", field=field, value=value, expected="one of " + ", ".join(AMOUNT_FIELDS)
            )
        data[field] = float(value)
    data["key_indicators"] = {c: float(metrics[c]) for c in key_indicator_metrics if c in metrics}
    data["standard"] = standard
    return DynamicTable.model_validate(data)


# The few unit spellings of the filing interchange format (issue 3) for amounts, to the
# table's units.  Energy and carbon are not here: they come from the accounting metrics.
_AMOUNT_UNITS: dict[str, dict[str, float]] = {
    "money": {"万元": 1.0, "元": 1e-4, "亿元": 1e4, "千元": 0.1},
    "volume": {"m3": 1.0, "万m3": 1e4, "t": 1.0, "万t": 1e4},
    "mass": {"t": 1.0, "万t": 1e4, "kg": 1e-3},
}
_FILING_AMOUNTS: dict[str, tuple[str, str, str]] = {
    "output_value_10k_yuan": ("economics", "output_value", "money"),
    "value_added_10k_yuan": ("economics", "value_added", "money"),
    "water_withdrawal_m3": ("resources", "water_withdrawal", "volume"),
    "water_reused_m3": ("resources", "water_reused", "volume"),
    "solid_waste_generated_t": ("resources", "solid_waste_generated", "mass"),
    "solid_waste_utilised_t": ("resources", "solid_waste_utilised", "mass"),
}


def amounts_from_filing(filing: Mapping[str, Any]) -> dict[str, float]:
    """The table's amounts from a filing in the JSON interchange format (issue 3):
    ``economics.output_value`` … ``resources.solid_waste_utilised`` as ``{value, unit}``."""
    out: dict[str, float] = {}
    for field, (section, key, dimension) in _FILING_AMOUNTS.items():
        entry = (filing.get(section) or {}).get(key)
        if entry is None:
            continue
        unit = str(entry.get("unit", ""))
        factors = _AMOUNT_UNITS[dimension]
        if unit not in factors:
            raise UnitMismatchError(
                where=f"{section}.{key}: ",
                unit=unit,
                expected=", ".join(factors),
                dimension=dimension,
            )
        out[field] = float(entry["value"]) * factors[unit]
    return out
