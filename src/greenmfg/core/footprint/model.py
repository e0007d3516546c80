"""The footprint input format (see docs/footprint-format.md).

One product (产品), one enterprise, one period (``year``): ``quantity`` declared units made
in the period, and every flow as a total for the period.  Sections:

* ``materials`` (原材料): quantity and unit, with exactly one factor source: ``factor``
  (value and unit, kgCO2e per unit of the flow), ``library`` (a factor id of the
  footprint factor library) or ``supplier`` (a supplier's footprint per declared unit,
  e.g. the pcf of a PACT ProductFootprint);
* ``energy`` (能源): lines in the filing format (:class:`~greenmfg.core.filing.model.EnergyLine`);
  electricity without its own factor takes the electricity carbon-footprint factor;
* ``process`` (工艺过程排放): greenhouse-gas masses emitted, by gas;
* ``transport`` (运输): mass × distance × mode factor; inbound (``stage: raw_materials``,
  the default) or distribution (``stage: distribution``);
* ``waste`` (废弃物处理): production waste treated, quantity × factor;
* ``use`` (使用) and ``end_of_life`` (寿命终止): cradle-to-grave flows;
* ``allocation`` (分配): co-products and the method, in GB/T 24067's order.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from greenmfg.core.filing.model import EnergyLine, EnterpriseRef, Measured

__all__ = [
    "Allocation",
    "AllocationMethod",
    "Boundary",
    "CoProduct",
    "Factor",
    "FlowLine",
    "FootprintInput",
    "MaterialLine",
    "ProcessEmission",
    "ProductRef",
    "Stage",
    "SupplierFootprint",
    "TransportLine",
]

STANDARD = "GB/T 24067-2024"

_FROZEN = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Boundary(StrEnum):
    """System boundary (系统边界), GB/T 24067-2024."""

    CRADLE_TO_GATE = "cradle_to_gate"  # 从摇篮到大门 (the default)
    GATE_TO_GATE = "gate_to_gate"  # 从大门到大门
    CRADLE_TO_GRAVE = "cradle_to_grave"  # 从摇篮到坟墓


class Stage(StrEnum):
    """Life-cycle stages (生命周期阶段) of the result."""

    RAW_MATERIALS = "raw_materials"  # 原材料获取 (incl. inbound transport)
    PRODUCTION = "production"  # 生产
    DISTRIBUTION = "distribution"  # 分销
    USE = "use"  # 使用
    END_OF_LIFE = "end_of_life"  # 寿命终止


STAGES: tuple[Stage, ...] = tuple(Stage)


class AllocationMethod(StrEnum):
    """GB/T 24067-2024 order: avoid allocation by subdivision, then allocate by a physical
    relationship, then by economic value."""

    SUBDIVISION = "subdivision"  # 细分 (every shared line is assigned to a product)
    PHYSICAL = "physical"  # 物理关系 (mass)
    ECONOMIC = "economic"  # 经济价值


class Factor(BaseModel):
    """An emission factor written in the input: kgCO2e (or tCO2e, gCO2e) per flow unit."""

    model_config = _FROZEN

    value: float = Field(ge=0, allow_inf_nan=False)
    unit: str = Field(min_length=1)
    source: str | None = None  # where the user took it from (provenance)


class SupplierFootprint(BaseModel):
    """A supplier's footprint of the material, per its declared unit: primary data.

    ``pact`` (optional) is the supplier's whole PACT ProductFootprint; when given, value
    and unit are read from it (its pcf per declared unit) and must agree."""

    model_config = _FROZEN

    value: float = Field(ge=0, allow_inf_nan=False)
    unit: str = Field(min_length=1)  # e.g. kgCO2e/kg, kgCO2e/piece
    company: str | None = None
    product: str | None = None
    pact_id: str | None = None


class ProductRef(BaseModel):
    model_config = _FROZEN

    name: str = Field(min_length=1)
    declared_unit: str = Field(min_length=1)  # 声明单位 / 功能单位: piece, kg, t, m2, kWh …
    functional_unit: str | None = None  # the function described in words, if any
    mass: Measured | None = None  # mass of one declared unit (needed for PACT per kg)
    cpc: str | None = None  # UN CPC code (PACT productCategoryCpc)
    model: str | None = None
    packaging_included: bool = False  # packaging is among the materials (PACT flag)


class _Line(BaseModel):
    model_config = _FROZEN

    name: str = Field(min_length=1)
    # subdivision (细分): the co-product this line belongs to; None = shared by all
    product: str | None = None


class MaterialLine(_Line):
    quantity: float = Field(ge=0, allow_inf_nan=False)
    unit: str = Field(min_length=1)
    factor: Factor | None = None
    library: str | None = None
    supplier: SupplierFootprint | None = None
    pact: dict[str, Any] | None = None  # the supplier's whole PACT ProductFootprint
    primary: bool = False  # a measured, site-specific factor of the user's own

    @model_validator(mode="after")
    def _one_source(self) -> MaterialLine:
        given = [
            k for k in ("factor", "library", "supplier", "pact") if getattr(self, k) is not None
        ]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of factor, library, supplier or pact"
                + (f" (got {', '.join(given)})" if given else "")
            )
        return self


class FlowLine(_Line):
    """A waste, use-stage or end-of-life flow: quantity × factor."""

    quantity: float = Field(ge=0, allow_inf_nan=False)
    unit: str = Field(min_length=1)
    factor: Factor | None = None
    library: str | None = None
    treatment: str | None = None  # landfill, incineration, recycling … (waste / end of life)
    primary: bool = False

    @model_validator(mode="after")
    def _one_source(self) -> FlowLine:
        if (self.factor is None) == (self.library is None):
            raise ValueError("give exactly one of factor or library")
        return self


class ProcessEmission(_Line):
    """A greenhouse gas emitted by the process (measured or calculated on site)."""

    gas: str = Field(min_length=1)  # CO2, CH4, N2O, SF6, CF4, HFC-134a …
    quantity: float = Field(ge=0, allow_inf_nan=False)
    unit: str = Field(min_length=1)  # a mass: t, kg


class TransportLine(_Line):
    name: str = Field(default="transport", min_length=1)
    material: str | None = None
    mass: Measured
    distance: Measured
    mode: str = Field(min_length=1)  # road, rail, water … (or a library code)
    factor: Factor | None = None
    library: str | None = None
    stage: Literal["raw_materials", "distribution"] = "raw_materials"
    primary: bool = False

    @model_validator(mode="after")
    def _one_source(self) -> TransportLine:
        if self.factor is not None and self.library is not None:
            raise ValueError("give factor or library, not both")
        return self


class CoProduct(BaseModel):
    model_config = _FROZEN

    name: str = Field(min_length=1)
    mass: Measured | None = None  # output in the period (physical allocation)
    value: Measured | None = None  # economic value in the period (economic allocation)


class Allocation(BaseModel):
    """Co-products of the plant and how shared flows are split among them."""

    model_config = _FROZEN

    method: AllocationMethod
    products: tuple[CoProduct, ...] = Field(min_length=1)
    shares: dict[str, float] | None = None  # explicit shares; must add to 1
    justification: str | None = None  # why the earlier steps of the order were not used

    @field_validator("products", mode="before")
    @classmethod
    def _list_to_tuple(cls, value: Any) -> Any:
        return tuple(value) if isinstance(value, list) else value


class FootprintInput(BaseModel):
    """One product footprint's input: the ``greenmfg footprint`` file."""

    model_config = _FROZEN

    product: ProductRef
    enterprise: EnterpriseRef
    year: int = Field(ge=2000, le=2100)
    quantity: float = Field(gt=0, allow_inf_nan=False)  # declared units made in the period
    boundary: Boundary = Boundary.CRADLE_TO_GATE
    gwp_set: Literal["AR4", "AR5", "AR6"] = "AR5"
    materials: tuple[MaterialLine, ...] = ()
    energy: tuple[EnergyLine, ...] = ()
    process: tuple[ProcessEmission, ...] = ()
    transport: tuple[TransportLine, ...] = ()
    waste: tuple[FlowLine, ...] = ()
    use: tuple[FlowLine, ...] = ()
    end_of_life: tuple[FlowLine, ...] = ()
    allocation: Allocation | None = None

    @field_validator(
        "materials",
        "energy",
        "process",
        "transport",
        "waste",
        "use",
        "end_of_life",
        mode="before",
    )
    @classmethod
    def _list_to_tuple(cls, value: Any) -> Any:
        return tuple(value) if isinstance(value, list) else value

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)
