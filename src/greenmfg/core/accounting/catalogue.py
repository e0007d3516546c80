"""Codes a filing may use: energy carriers (能源品种), process materials (过程物料) and
products (产品), with their Chinese names and the factor keys behind them.

Names and keys only; every number lives in core/data/factors and core/data/quotas.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "CARRIERS",
    "FEEDSTOCKS",
    "MATERIALS",
    "PRODUCTS",
    "PRODUCTS_BY_NAME",
    "Carrier",
    "CarrierKind",
    "Material",
    "MaterialKind",
    "Product",
]


class CarrierKind(StrEnum):
    FUEL = "fuel"  # 燃料
    ELECTRICITY = "electricity"  # 电力
    HEAT = "heat"  # 热力
    STEAM = "steam"  # 蒸汽
    MEDIUM = "medium"  # 耗能工质


@dataclass(frozen=True, slots=True)
class Carrier:
    code: str
    name_zh: str
    name_en: str
    kind: CarrierKind
    unit: str  # the activity unit factors are expressed in
    ghg_fuel: str | None = None  # key in the GB/T 32151 defaults (None: no combustion CO2)
    ipcc_fuel: str | None = None  # key in the IPCC CH4/N2O table
    density: float | None = None  # t/m3 for media filed by volume (water)
    example_unit: str = ""


def _c(
    code: str,
    zh: str,
    en: str,
    kind: CarrierKind,
    unit: str,
    ghg: str | None = None,
    ipcc: str | None = None,
    density: float | None = None,
    example: str = "",
) -> Carrier:
    return Carrier(code, zh, en, kind, unit, ghg, ipcc, density, example or unit)


_F, _E, _H, _S, _M = (
    CarrierKind.FUEL,
    CarrierKind.ELECTRICITY,
    CarrierKind.HEAT,
    CarrierKind.STEAM,
    CarrierKind.MEDIUM,
)

CARRIERS: dict[str, Carrier] = {
    c.code: c
    for c in (
        # raw coal (原煤) has no GB/T 32151 default of its own: bituminous-coal defaults apply.
        _c("raw_coal", "原煤", "Raw coal", _F, "t", "bituminous_coal", "bituminous", example="万t"),
        _c(
            "bituminous_coal",
            "烟煤",
            "Bituminous coal",
            _F,
            "t",
            "bituminous_coal",
            "bituminous",
            example="万t",
        ),
        _c("anthracite", "无烟煤", "Anthracite", _F, "t", "anthracite", "anthracite"),
        _c("lignite", "褐煤", "Lignite", _F, "t", "lignite", "lignite"),
        _c("washed_coal", "洗精煤", "Washed coal", _F, "t", "washed_coal", "bituminous"),
        _c(
            "washed_middlings",
            "洗中煤",
            "Washed middlings",
            _F,
            "t",
            "other_washed_coal",
            "bituminous",
        ),
        _c("coke", "焦炭", "Coke", _F, "t", "coke", "coke"),
        _c(
            "petroleum_coke",
            "石油焦",
            "Petroleum coke",
            _F,
            "t",
            "petroleum_coke",
            "petroleum_coke",
        ),
        _c("crude_oil", "原油", "Crude oil", _F, "t", "crude_oil", "crude_oil"),
        _c("fuel_oil", "燃料油", "Fuel oil", _F, "t", "fuel_oil", "residual_fuel_oil"),
        _c("gasoline", "汽油", "Gasoline", _F, "t", "gasoline", "motor_gasoline"),
        _c("kerosene", "煤油", "Kerosene", _F, "t", "kerosene", "other_kerosene"),
        _c("diesel", "柴油", "Diesel", _F, "t", "diesel", "gas_diesel_oil"),
        _c("lpg", "液化石油气", "Liquefied petroleum gas", _F, "t", "lpg", "lpg"),
        _c("lng", "液化天然气", "Liquefied natural gas", _F, "t", "lng", "natural_gas"),
        _c("refinery_gas", "炼厂干气", "Refinery dry gas", _F, "t", "refinery_gas", "lpg"),
        _c("coal_tar", "煤焦油", "Coal tar", _F, "t", "coal_tar", "crude_oil"),
        _c("natural_gas", "天然气", "Natural gas", _F, "万Nm3", "natural_gas", "natural_gas"),
        _c(
            "coke_oven_gas",
            "焦炉煤气",
            "Coke-oven gas",
            _F,
            "万Nm3",
            "coke_oven_gas",
            "coke_oven_gas",
        ),
        _c(
            "blast_furnace_gas",
            "高炉煤气",
            "Blast-furnace gas",
            _F,
            "万Nm3",
            "blast_furnace_gas",
            "blast_furnace_gas",
        ),
        _c(
            "converter_gas",
            "转炉煤气",
            "Converter (BOF) gas",
            _F,
            "万Nm3",
            "converter_gas",
            "oxygen_steel_furnace_gas",
        ),
        _c("producer_gas", "发生炉煤气", "Producer gas", _F, "万Nm3", "other_gas", "coke_oven_gas"),
        _c("methanol_fuel", "甲醇(燃料)", "Methanol (fuel)", _F, "t"),
        _c("ethanol", "乙醇", "Ethanol", _F, "t"),
        _c("hydrogen", "氢气", "Hydrogen", _F, "万Nm3"),
        _c("biogas", "沼气", "Biogas", _F, "万Nm3"),
        _c("electricity", "电力", "Electricity", _E, "MWh", example="万kWh"),
        _c("heat", "热力", "Heat", _H, "GJ"),
        _c("steam", "蒸汽", "Steam", _S, "t"),
        _c("fresh_water", "新水", "Fresh water", _M, "t", density=1.0, example="万t"),
        _c("softened_water", "软化水", "Softened water", _M, "t", density=1.0),
        _c("deoxygenated_water", "除氧水", "Deoxygenated water", _M, "t", density=1.0),
        _c("compressed_air", "压缩空气", "Compressed air", _M, "m3", example="万m3"),
        _c("oxygen", "氧气", "Oxygen", _M, "m3", example="万m3"),
        _c("nitrogen", "氮气", "Nitrogen", _M, "m3", example="万m3"),
        _c("acetylene", "乙炔", "Acetylene", _M, "m3"),
        # 热水: heat by the water's enthalpy (enthalpy / temperature required on the line)
        _c("hot_water", "热水", "Hot water", _S, "t"),
    )
}

# Codes that are feedstocks (原料), not energy: an energy line naming one is refused with
# the material code to file instead.
FEEDSTOCKS: dict[str, str] = {"calcium_carbide": "calcium_carbide"}


class MaterialKind(StrEnum):
    CARBONATE = "carbonate"  # 碳酸盐: t × EF × purity
    CLINKER = "clinker"  # 熟料 CaO/MgO method (+ kiln and bypass dust)
    RAW_MEAL = "raw_meal"  # 生料非燃料碳: t × FR0 × 44/12
    CARBON = "carbon"  # carbon-bearing input (electrode, pig iron, ferroalloy): t × EF
    ANODE = "anode"  # 预焙阳极 net consumption: t × (1 − S − A) × 44/12
    N2O = "n2o"  # 硝酸 / 己二酸: t product × EF_N2O × GWP
    FIXED = "fixed"  # 固碳产品 sold: − t × EF (carbon leaving in the product)
    FEEDSTOCK = "feedstock"  # 原料 without process emission of its own (电石 → PVC)


@dataclass(frozen=True, slots=True)
class Material:
    code: str
    name_zh: str
    name_en: str
    factor: str  # carrier key of the factor row ("" = composition method / none)
    kind: MaterialKind = MaterialKind.CARBONATE


_MK = MaterialKind

MATERIALS: dict[str, Material] = {
    m.code: m
    for m in (
        Material("limestone", "石灰石", "Limestone (CaCO3)", "limestone"),
        Material("dolomite", "白云石", "Dolomite (CaMg(CO3)2)", "dolomite"),
        Material("magnesite", "菱镁矿", "Magnesite (MgCO3)", "magnesite"),
        Material("clinker", "熟料(CaO/MgO法)", "Clinker (CaO/MgO method)", "", _MK.CLINKER),
        Material("raw_meal", "生料(非燃料碳)", "Raw meal (non-fuel carbon)", "raw_meal", _MK.RAW_MEAL),
        Material("electrode", "电极", "Electrodes", "electrode", _MK.CARBON),
        Material("pig_iron", "外购生铁", "Pig iron (purchased)", "pig_iron", _MK.CARBON),
        Material("dri", "直接还原铁", "Direct reduced iron", "dri", _MK.CARBON),
        Material("ferronickel", "镍铁合金", "Ferronickel", "ferronickel", _MK.CARBON),
        Material("ferrochrome", "铬铁合金", "Ferrochrome", "ferrochrome", _MK.CARBON),
        Material("ferromolybdenum", "钼铁合金", "Ferromolybdenum", "ferromolybdenum", _MK.CARBON),
        Material("pig_iron_sold", "外销生铁(固碳)", "Pig iron sold (fixed carbon)", "pig_iron", _MK.FIXED),
        Material("methanol_sold", "外销甲醇(固碳)", "Methanol sold (fixed carbon)", "methanol", _MK.FIXED),
        Material("prebaked_anode", "预焙阳极(净耗)", "Prebaked anode (net consumption)", "prebaked_anode", _MK.ANODE),
        Material("nitric_acid_hp", "硝酸(高压法,无NSCR)", "Nitric acid, high pressure, no NSCR", "nitric_acid_hp", _MK.N2O),
        Material("nitric_acid_hp_nscr", "硝酸(高压法,有NSCR)", "Nitric acid, high pressure, NSCR", "nitric_acid_hp_nscr", _MK.N2O),
        Material("nitric_acid_mp", "硝酸(中压法)", "Nitric acid, medium pressure", "nitric_acid_mp", _MK.N2O),
        Material("nitric_acid_ap", "硝酸(常压法)", "Nitric acid, atmospheric", "nitric_acid_ap", _MK.N2O),
        Material("nitric_acid_dp", "硝酸(双加压法)", "Nitric acid, dual pressure", "nitric_acid_dp", _MK.N2O),
        Material("nitric_acid_combined", "硝酸(综合法)", "Nitric acid, combined process", "nitric_acid_combined", _MK.N2O),
        Material("nitric_acid_lp", "硝酸(低压法)", "Nitric acid, low pressure", "nitric_acid_lp", _MK.N2O),
        Material("adipic_acid", "己二酸(硝酸氧化法)", "Adipic acid (nitric-acid oxidation)", "adipic_acid", _MK.N2O),
        Material("calcium_carbide", "电石(原料)", "Calcium carbide (feedstock)", "", _MK.FEEDSTOCK),
    )
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Product:
    code: str
    name_zh: str
    name_en: str
    quotas: tuple[str, ...] = ()  # quota keys in core/data/quotas (first = the headline one)
    unit: str = "t"  # the unit intensities are per
    min_concentration: float | None = None  # 折百 grade floor (percent), caustic soda


PRODUCTS: dict[str, Product] = {
    p.code: p
    for p in (
        Product("clinker", "水泥熟料", "Cement clinker", ("gb16780.clinker",)),
        Product("cement", "水泥", "Cement", ("gb16780.cement",)),
        Product("sinter", "烧结矿", "Sinter", ("gb21256.sinter",)),
        Product("pellet", "球团矿", "Pellet", ("gb21256.pellet",)),
        Product("hot_metal", "高炉铁水", "Hot metal (blast furnace)", ("gb21256.blast_furnace",)),
        Product("crude_steel_bof", "转炉粗钢", "Crude steel (BOF)", ("gb21256.bof",)),
        Product("crude_steel_eaf", "电弧炉粗钢", "Crude steel (EAF)", ("gb21256.eaf",)),
        Product("aluminium_liquid", "电解铝液", "Aluminium (liquid)", ("gb21346.aluminium_liquid",)),
        Product("aluminium_ingot", "重熔用铝锭", "Aluminium ingot", ("gb21346.aluminium_ingot", "gb21346.aluminium_ingot_power")),
        Product("alumina", "氧化铝(拜耳法)", "Alumina (Bayer)", ("gb21346.alumina_bayer",)),
        # caustic soda (烧碱) is filed in 折百 tonnes (100 % NaOH); a `concentration` on the
        # line converts a commercial quantity and must meet the grade's floor.
        Product("caustic_soda_30", "液碱(≥30%,折百)", "Caustic soda liquid ≥30 % (100 % NaOH t)", ("gb21257.caustic_soda_30",), min_concentration=30.0),
        Product("caustic_soda_45", "液碱(≥45%,折百)", "Caustic soda liquid ≥45 % (100 % NaOH t)", ("gb21257.caustic_soda_45",), min_concentration=45.0),
        Product("caustic_soda_98", "固碱(≥98%,折百)", "Caustic soda solid ≥98 % (100 % NaOH t)", ("gb21257.caustic_soda_98",), min_concentration=98.0),
        Product("pvc_carbide", "聚氯乙烯(电石法)", "PVC (carbide route)", ("gb21257.pvc_carbide",)),
        Product("methanol_coal", "甲醇(煤制)", "Methanol from coal", ("gb29436.methanol_coal",)),
        Product("methanol_gas", "甲醇(天然气制)", "Methanol from natural gas", ("gb29436.methanol_gas",)),
        Product("steel_products", "钢材", "Steel products"),
        Product("castings", "铸件", "Castings"),
        Product("forgings", "锻件", "Forgings"),
        Product("ferroalloy", "铁合金", "Ferroalloys"),
        Product("coke", "焦炭", "Coke"),
        Product("glass", "平板玻璃", "Flat glass"),
        Product("glass_fibre", "玻璃纤维", "Glass fibre"),
        Product("ceramic_tiles", "陶瓷砖", "Ceramic tiles", unit="m2"),
        Product("sanitary_ceramics", "卫生陶瓷", "Sanitary ceramics", unit="piece"),
        Product("paper", "纸及纸板", "Paper and board"),
        Product("pulp", "纸浆", "Pulp"),
        Product("ammonia", "合成氨", "Ammonia"),
        Product("calcium_carbide", "电石", "Calcium carbide"),
        Product("nitric_acid", "硝酸", "Nitric acid"),
        Product("adipic_acid", "己二酸", "Adipic acid"),
        Product("soda_ash", "纯碱", "Soda ash"),
        Product("copper", "精炼铜", "Refined copper"),
        Product("cotton_yarn", "棉纱", "Cotton yarn"),
        Product("printed_fabric", "印染布", "Printed and dyed fabric", unit="m"),
        Product("beer", "啤酒", "Beer", unit="m3"),
        Product("electric_motors", "电动机", "Electric motors", unit="piece"),
        Product("motor_vehicles", "汽车", "Motor vehicles", unit="piece"),
        Product("pv_modules", "光伏组件", "PV modules", unit="piece"),
        Product("electricity_generated", "发电量", "Electricity generated", unit="MWh"),
        Product("output_value", "工业总产值(万元)", "Output value", unit="万元"),
        Product("generic", "其他产品", "Other product"),
    )
}  # fmt: skip

# A free Chinese name that is a catalogue name files as that product.
PRODUCTS_BY_NAME: dict[str, str] = {p.name_zh: p.code for p in PRODUCTS.values()}
