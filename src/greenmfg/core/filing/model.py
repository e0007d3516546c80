"""The filing interchange format (see docs/filing-format.md).

A filing is what one enterprise reports for one year: energy lines (能源消费), process
lines (工业过程, e.g. limestone calcined), products (产品产量), economics (经济指标) and
resources (资源: water, solid waste, land).  Quantities carry the unit the enterprise
wrote; the accounting engine converts them with the one pint registry.

Codes (carrier, material, product) are validated against the catalogue in
:mod:`greenmfg.core.accounting.catalogue` by the accounting engine and the importers,
so that every unknown code is reported with the line it is on.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "AccountingMethod",
    "EconomicData",
    "EnergyLine",
    "EnterpriseRef",
    "Filing",
    "Measured",
    "Origin",
    "ProcessLine",
    "ProductLine",
    "ResourceData",
]

# No quantity or figure of one enterprise-year comes near 10^15 in any unit the format
# allows (China's whole power use is about 9 x 10^12 kWh a year); a larger number is a
# typing error, and numbers near the float limit (1e308) overflow to infinity once
# converted, so they are refused here, at the reader.
MAX_MAGNITUDE = 1e15

_FROZEN = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Measured(BaseModel):
    """A number with its unit, e.g. ``{"value": 20.9, "unit": "GJ/t"}``."""

    model_config = _FROZEN

    value: float = Field(ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE, allow_inf_nan=False)
    unit: str = Field(min_length=1)


class Origin(StrEnum):
    """Where an energy line's energy comes from or goes to (能源来源/去向)."""

    PURCHASED = "purchased"  # 外购 (fuels, heat; the default)
    GRID = "grid"  # 外购电网电力
    GREEN = "green"  # 外购绿电 (green-certificate / green-power trading)
    SELF_RENEWABLE = "self_renewable"  # 自发自用可再生能源电力 (PV, wind)
    EXPORTED = "exported"  # 外供 (delivered to others; subtracted)
    BY_PRODUCT = "by_product"  # 自产自用副产煤气 (made and burnt inside the works)


class AccountingMethod(StrEnum):
    """The named accounting method (核算方法) a filing is accounted by."""

    CN_GUIDELINE = "cn-guideline"  # the MEE / NDRC guideline of the enterprise's industry
    IPCC = "ipcc"  # GB/T 32150 with IPCC Tier 1 CH4 and N2O for combustion


class EnterpriseRef(BaseModel):
    """Who files: unified social credit code, name, GB/T 4754 industry, GB/T 2260 adcode."""

    model_config = _FROZEN

    uscc: str = Field(min_length=1, max_length=18)
    name: str = Field(min_length=1)
    industry: str = Field(pattern=r"^\d{2,4}$")
    adcode: str = Field(pattern=r"^\d{6}$")


class EnergyLine(BaseModel):
    """One energy carrier consumed (or exported) in the year.

    Optional measured values override the defaults: ``ncv`` (实测低位发热量) changes both
    the standard-coal coefficient (LHV / 29 307.6 kJ per kgce) and the combustion
    emissions; ``carbon_content`` (单位热值含碳量) and ``oxidation`` (碳氧化率, a
    fraction) change the emissions; ``emission_factor`` overrides the whole CO2 factor
    (for electricity: tCO2/MWh; for fuels: tCO2 per unit of fuel).  ``product`` assigns
    the line to one product for per-product intensities and quota grades.

    Steam (蒸汽) and hot water (热水) lines may carry ``enthalpy`` (kJ/kg), or
    ``pressure`` (MPa absolute; saturated steam when no temperature is given) with an
    optional ``temperature`` (°C): the heat delivered is then
    ``mass × (En − 83.74) / 1000`` GJ (IAPWS-IF97 enthalpy), which the heat emission
    factor multiplies.
    """

    model_config = _FROZEN

    carrier: str = Field(min_length=1)
    quantity: float = Field(ge=0, le=MAX_MAGNITUDE, allow_inf_nan=False)
    unit: str = Field(min_length=1)
    origin: Origin = Origin.PURCHASED
    ncv: Measured | None = None
    carbon_content: Measured | None = None
    oxidation: float | None = Field(default=None, gt=0, le=1)
    emission_factor: Measured | None = None
    enthalpy: Measured | None = None
    pressure: Measured | None = None
    temperature: Measured | None = None
    product: str | None = None
    note: str | None = None


class ProcessLine(BaseModel):
    """A material whose processing emits CO2 (工业生产过程排放).

    Carbonates (limestone 石灰石, dolomite 白云石, magnesite 菱镁矿) use the
    stoichiometric factor unless ``emission_factor`` (tCO2/t) is given; ``purity`` is the
    carbonate mass fraction (default 1).  For ``clinker`` (熟料) the CaO / MgO method
    applies: ``cao`` and ``mgo`` are the mass fractions in clinker, ``cao_noncarb`` and
    ``mgo_noncarb`` those from non-carbonate sources.

    Clinker lines may add ``kiln_dust`` and ``bypass_dust`` (窑头粉尘 / 旁路放风粉尘,
    quantities with a mass unit) calcined like clinker.  ``raw_meal`` (生料) takes
    ``carbon`` (生料非燃料碳含量, percent; guideline default when absent).  A
    ``prebaked_anode`` (预焙阳极, net consumption) takes ``sulfur`` and ``ash`` (percent;
    guideline defaults when absent).  ``carbon`` on a carbon-bearing material (pig iron,
    ferroalloys, electrodes, fixed-carbon products) overrides its default carbon content.
    """

    model_config = _FROZEN

    material: str = Field(min_length=1)
    quantity: float = Field(ge=0, le=MAX_MAGNITUDE, allow_inf_nan=False)
    unit: str = Field(min_length=1)
    emission_factor: Measured | None = None
    purity: float | None = Field(default=None, gt=0, le=1)
    cao: float | None = Field(default=None, ge=0, le=1)
    mgo: float | None = Field(default=None, ge=0, le=1)
    cao_noncarb: float | None = Field(default=None, ge=0, le=1)
    mgo_noncarb: float | None = Field(default=None, ge=0, le=1)
    kiln_dust: Measured | None = None
    bypass_dust: Measured | None = None
    sulfur: Measured | None = None
    ash: Measured | None = None
    carbon: Measured | None = None
    product: str | None = None


class ProductLine(BaseModel):
    """A product made in the year (产品产量), with the conditions its energy quota
    standard corrects for.

    ``altitude`` (海拔, m) or ``pressure`` (当地大气压, kPa): cement clinker above
    1500 m; ``clinker_share`` (熟料配比, %): cement; ``iron_grade`` (入炉矿品位, %): blast
    furnace; ``scrap_ratio`` (废钢比, %): BOF; ``hot_metal_ratio`` (铁水比, %) and
    ``furnace_capacity`` (公称容量, t): EAF; ``anode_effect_minutes`` (阳极效应持续时间,
    minutes per cell-day): aluminium PFC by the slope method; ``concentration`` (浓度,
    %): caustic soda filed as commercial product, converted to 折百 (100 % NaOH) tonnes.

    ``product`` is a catalogue code or a free name (e.g. ``铸件``); ``unit`` any unit the
    registry knows (t, kg, m2, m3, 件/台/套, kWh, 万元 …).  Intensities are per that
    product's unit.
    """

    model_config = _FROZEN

    product: str = Field(min_length=1)
    quantity: float = Field(gt=0, le=MAX_MAGNITUDE, allow_inf_nan=False)
    unit: str = Field(min_length=1)
    altitude: float | None = Field(default=None, ge=-500, le=9000)
    pressure: float | None = Field(default=None, gt=0, le=120)
    clinker_share: float | None = Field(default=None, ge=0, le=100)
    iron_grade: float | None = Field(default=None, gt=0, le=100)
    scrap_ratio: float | None = Field(default=None, ge=0, le=100)
    hot_metal_ratio: float | None = Field(default=None, ge=0, le=100)
    furnace_capacity: float | None = Field(default=None, gt=0)
    anode_effect_minutes: float | None = Field(default=None, ge=0)
    concentration: float | None = Field(default=None, gt=0, le=100)


class EconomicData(BaseModel):
    """Output value (工业总产值), value added (工业增加值), employees (从业人员)."""

    model_config = _FROZEN

    output_value: Measured | None = None
    value_added: Measured | None = None
    employees: int | None = Field(default=None, ge=0, le=int(MAX_MAGNITUDE))


class ResourceData(BaseModel):
    """Water (取水量, 重复利用水量), solid waste (产生量, 综合利用量), land (用地面积),
    floor area (总建筑面积) and building footprint (建筑物基底面积, for 建筑系数)."""

    model_config = _FROZEN

    water_withdrawal: Measured | None = None
    water_reused: Measured | None = None
    solid_waste_generated: Measured | None = None
    solid_waste_utilised: Measured | None = None
    land_area: Measured | None = None
    floor_area: Measured | None = None
    building_footprint_area: Measured | None = None


class Filing(BaseModel):
    """One enterprise's data for one year: the input of ``greenmfg.core.accounting``."""

    model_config = _FROZEN

    enterprise: EnterpriseRef
    year: int = Field(ge=2000, le=2100)
    energy: tuple[EnergyLine, ...] = ()
    process: tuple[ProcessLine, ...] = ()
    products: tuple[ProductLine, ...] = ()
    economics: EconomicData = EconomicData()
    resources: ResourceData = ResourceData()
    method: AccountingMethod | None = None

    @field_validator("energy", "process", "products", mode="before")
    @classmethod
    def _list_to_tuple(cls, value: Any) -> Any:
        return tuple(value) if isinstance(value, list) else value

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Filing:
        """Validate a dict in the interchange format (raises pydantic ``ValidationError``)."""
        return cls.model_validate(data)

    def to_dict(self) -> dict[str, Any]:
        """The interchange-format dict (omits unset optional fields)."""
        return self.model_dump(mode="json", exclude_none=True)
