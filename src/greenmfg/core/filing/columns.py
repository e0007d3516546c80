"""The tabular layout of a filing: sheets of the .xlsx template and columns of the CSV.

Each column has its field code (English, row 2 of each sheet), its Chinese header (row 1)
and the kind of value expected.  The template writer and the readers share this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["COLUMNS", "KV_FIELDS", "MEASURED", "MEASURED_IN", "SHEETS", "Column", "SheetDef"]

Kind = Literal["text", "number", "integer"]


@dataclass(frozen=True, slots=True)
class Column:
    code: str
    zh: str
    kind: Kind
    required: bool = False
    help_en: str = ""


@dataclass(frozen=True, slots=True)
class SheetDef:
    key: str  # section of the interchange format
    zh: str
    en: str

    @property
    def title(self) -> str:
        return f"{self.zh} {self.en}"


SHEETS: tuple[SheetDef, ...] = (
    SheetDef("enterprise", "企业", "Enterprise"),
    SheetDef("energy", "能源", "Energy"),
    SheetDef("process", "过程", "Process"),
    SheetDef("products", "产品", "Products"),
    SheetDef("indicators", "经济与资源", "Economics"),
)
CODES_SHEET = SheetDef("codes", "代码", "Codes")

_C = Column
COLUMNS: dict[str, tuple[Column, ...]] = {
    "enterprise": (
        _C("uscc", "统一社会信用代码", "text", True),
        _C("name", "企业名称", "text", True),
        _C("industry", "行业代码(GB/T 4754)", "text", True),
        _C("adcode", "行政区划代码", "text", True),
        _C("year", "年度", "integer", True),
        _C("method", "核算方法(cn-guideline/ipcc)", "text"),
    ),
    "energy": (
        _C("carrier", "能源品种代码", "text", True),
        _C("quantity", "实物量", "number", True),
        _C("unit", "计量单位", "text", True),
        _C("origin", "来源/去向", "text"),
        _C("ncv", "实测低位发热量", "number"),
        _C("ncv_unit", "发热量单位", "text"),
        _C("carbon_content", "实测单位热值含碳量", "number"),
        _C("carbon_content_unit", "含碳量单位", "text"),
        _C("oxidation", "碳氧化率(0-1)", "number"),
        _C("emission_factor", "排放因子", "number"),
        _C("emission_factor_unit", "排放因子单位", "text"),
        _C("enthalpy", "蒸汽/热水焓值", "number"),
        _C("enthalpy_unit", "焓值单位(kJ/kg)", "text"),
        _C("steam_pressure", "蒸汽绝对压力", "number"),
        _C("steam_pressure_unit", "压力单位(MPa)", "text"),
        _C("temperature", "蒸汽/热水温度", "number"),
        _C("temperature_unit", "温度单位(degC)", "text"),
        _C("product", "对应产品代码", "text"),
        _C("note", "备注", "text"),
    ),
    "process": (
        _C("material", "物料代码", "text", True),
        _C("quantity", "消耗量", "number", True),
        _C("unit", "计量单位", "text", True),
        _C("emission_factor", "排放因子", "number"),
        _C("emission_factor_unit", "排放因子单位", "text"),
        _C("purity", "纯度(0-1)", "number"),
        _C("cao", "熟料CaO含量(0-1)", "number"),
        _C("mgo", "熟料MgO含量(0-1)", "number"),
        _C("cao_noncarb", "非碳酸盐CaO(0-1)", "number"),
        _C("mgo_noncarb", "非碳酸盐MgO(0-1)", "number"),
        _C("kiln_dust", "窑头粉尘量", "number"),
        _C("kiln_dust_unit", "窑头粉尘单位", "text"),
        _C("bypass_dust", "旁路放风粉尘量", "number"),
        _C("bypass_dust_unit", "旁路粉尘单位", "text"),
        _C("sulfur", "阳极含硫量", "number"),
        _C("sulfur_unit", "含硫量单位(%)", "text"),
        _C("ash", "阳极灰分", "number"),
        _C("ash_unit", "灰分单位(%)", "text"),
        _C("carbon", "含碳量", "number"),
        _C("carbon_unit", "含碳量单位(%)", "text"),
        _C("product", "对应产品代码", "text"),
    ),
    "products": (
        _C("product", "产品代码", "text", True),
        _C("quantity", "产量", "number", True),
        _C("unit", "计量单位", "text", True),
        _C("altitude", "海拔(m)", "number"),
        _C("pressure", "当地大气压(kPa)", "number"),
        _C("clinker_share", "熟料配比(%)", "number"),
        _C("iron_grade", "入炉矿品位(%)", "number"),
        _C("scrap_ratio", "废钢比(%)", "number"),
        _C("hot_metal_ratio", "铁水比(%)", "number"),
        _C("furnace_capacity", "电炉公称容量(t)", "number"),
        _C("anode_effect_minutes", "阳极效应持续时间(分钟/槽·日)", "number"),
        _C("concentration", "浓度(%,烧碱折百)", "number"),
    ),
    "indicators": (
        _C("field", "指标代码", "text", True),
        _C("value", "数值", "number"),
        _C("unit", "单位", "text"),
    ),
}

# Fields of the 经济与资源 sheet: code → (section, Chinese name, default unit).
KV_FIELDS: dict[str, tuple[str, str, str]] = {
    "output_value": ("economics", "工业总产值", "万元"),
    "value_added": ("economics", "工业增加值", "万元"),
    "employees": ("economics", "从业人员数", "人"),
    "water_withdrawal": ("resources", "取水量", "m3"),
    "water_reused": ("resources", "重复利用水量", "m3"),
    "solid_waste_generated": ("resources", "一般工业固体废物产生量", "t"),
    "solid_waste_utilised": ("resources", "一般工业固体废物综合利用量", "t"),
    "land_area": ("resources", "用地面积", "m2"),
    "floor_area": ("resources", "总建筑面积", "m2"),
    "building_footprint_area": ("resources", "建筑物基底面积", "m2"),
}

# measured-value columns → the field of the interchange format they build
MEASURED = {
    "ncv": "ncv",
    "carbon_content": "carbon_content",
    "emission_factor": "emission_factor",
    "enthalpy": "enthalpy",
    "steam_pressure": "pressure",  # energy lines; products' `pressure` is the local kPa
    "temperature": "temperature",
    "kiln_dust": "kiln_dust",
    "bypass_dust": "bypass_dust",
    "sulfur": "sulfur",
    "ash": "ash",
    "carbon": "carbon",
}
# section → {column → field} of the measured values each sheet may carry
MEASURED_IN: dict[str, dict[str, str]] = {
    section: {c.code: MEASURED[c.code] for c in cols if c.code in MEASURED}
    for section, cols in COLUMNS.items()
}

# The CSV form: one file, a `section` column naming the sheet (enterprise, energy,
# process, products, indicators) and the union of the columns.
CSV_COLUMNS: tuple[str, ...] = (
    "section",
    *dict.fromkeys(c.code for cols in COLUMNS.values() for c in cols),
)
