"""Metric codes: the contract between accounting (which computes them) and evaluation,
dynamic management and the green code (which read them).

A metric is a number about one enterprise and one year, keyed by a stable code.
Per-product metrics append the product code after a colon, e.g.
``energy_per_product:clinker``.  A metric that cannot be computed (no data) is absent
from the mapping, never zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher"  # 正向
    LOWER_IS_BETTER = "lower"  # 逆向


@dataclass(frozen=True, slots=True)
class MetricDef:
    code: str
    name_zh: str
    name_en: str
    unit: str
    direction: Direction
    per_product: bool = False


_H = Direction.HIGHER_IS_BETTER
_L = Direction.LOWER_IS_BETTER

METRICS: tuple[MetricDef, ...] = (
    # energy 能源
    MetricDef(
        "energy_total_tce",
        "综合能耗(当量值)",
        "Comprehensive energy consumption (equivalent value)",
        "tce",
        _L,
    ),
    MetricDef(
        "energy_total_equal_value_tce",
        "综合能耗(等价值)",
        "Comprehensive energy consumption (equal value)",
        "tce",
        _L,
    ),
    MetricDef(
        "energy_per_value_added",
        "单位工业增加值综合能耗",
        "Energy per 10,000 yuan of value added",
        "kgce/万元",
        _L,
    ),
    MetricDef(
        "energy_per_output_value",
        "单位产值综合能耗",
        "Energy per 10,000 yuan of output value",
        "kgce/万元",
        _L,
    ),
    MetricDef(
        "energy_per_product",
        "单位产品综合能耗",
        "Energy per unit of product",
        "kgce/t",
        _L,
        per_product=True,
    ),
    MetricDef("renewable_share", "可再生能源使用比例", "Renewable energy share", "%", _H),
    # carbon 碳排放
    MetricDef("co2_total_t", "温室气体排放总量", "Total GHG emissions", "tCO2e", _L),
    MetricDef("co2_scope1_t", "直接排放(范围一)", "Scope 1 emissions", "tCO2e", _L),
    MetricDef("co2_scope2_t", "间接排放(范围二)", "Scope 2 emissions", "tCO2e", _L),
    MetricDef(
        "co2_per_value_added",
        "单位工业增加值碳排放",
        "CO2e per 10,000 yuan of value added",
        "kgCO2e/万元",
        _L,
    ),
    MetricDef(
        "co2_per_output_value",
        "单位产值碳排放",
        "CO2e per 10,000 yuan of output value",
        "kgCO2e/万元",
        _L,
    ),
    MetricDef(
        "co2_per_product",
        "单位产品碳排放",
        "CO2e per unit of product",
        "tCO2e/t",
        _L,
        per_product=True,
    ),
    # resources 资源
    MetricDef(
        "water_per_value_added",
        "单位工业增加值取水量",
        "Water withdrawal per 10,000 yuan of value added",
        "m3/万元",
        _L,
    ),
    MetricDef(
        "water_per_product",
        "单位产品取水量",
        "Water withdrawal per unit of product",
        "m3/t",
        _L,
        per_product=True,
    ),
    MetricDef("water_reuse_rate", "水重复利用率", "Water reuse rate", "%", _H),
    MetricDef(
        "solid_waste_utilisation_rate",
        "一般工业固体废物综合利用率",
        "General solid-waste utilisation rate",
        "%",
        _H,
    ),
    # land 用地
    MetricDef(
        "output_per_land_area",
        "单位用地面积产值",
        "Output value per hectare of land",
        "万元/hm2",
        _H,
    ),
    MetricDef("floor_area_ratio", "容积率", "Floor-area ratio", "1", _H),
    MetricDef("building_coverage", "建筑系数", "Building coverage ratio", "%", _H),
    # economy 经济
    MetricDef("output_per_employee", "人均产值", "Output value per employee", "万元/人", _H),
    # products 产品 (from the product carbon footprints on file, not from a filing)
    MetricDef(
        "product_footprint_share",
        "开展碳足迹核算的产品占比",
        "Share of products with a carbon footprint (GB/T 24067)",
        "%",
        _H,
    ),
)

METRICS_BY_CODE: dict[str, MetricDef] = {m.code: m for m in METRICS}


def metric_def(code: str) -> MetricDef:
    """The definition of ``code`` (a per-product code like ``energy_per_product:clinker``
    resolves to its base metric)."""
    base = code.split(":", 1)[0]
    return METRICS_BY_CODE[base]


def product_metric(base: str, product: str) -> str:
    """The code of a per-product metric: ``product_metric("energy_per_product", "clinker")``."""
    if not METRICS_BY_CODE[base].per_product:
        raise ValueError(f"{base} is not a per-product metric")
    return f"{base}:{product}"
