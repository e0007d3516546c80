"""Codes a filing may use: energy carriers (能源品种), process materials (过程物料) and
products (产品), with their Chinese names and the factor keys behind them.

Names and keys only; every number lives in core/data/factors and core/data/quotas.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["CARRIERS", "MATERIALS", "PRODUCTS", "Carrier", "CarrierKind", "Material", "Product"]


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
        _c("calcium_carbide", "电石", "Calcium carbide", _M, "t"),
    )
}


@dataclass(frozen=True, slots=True)
class Material:
    code: str
    name_zh: str
    name_en: str
    factor: str  # carrier key of the ef_process row ("" = composition method)


MATERIALS: dict[str, Material] = {
    m.code: m
    for m in (
        Material("limestone", "石灰石", "Limestone (CaCO3)", "limestone"),
        Material("dolomite", "白云石", "Dolomite (CaMg(CO3)2)", "dolomite"),
        Material("magnesite", "菱镁矿", "Magnesite (MgCO3)", "magnesite"),
        Material("clinker", "熟料(CaO/MgO法)", "Clinker (CaO/MgO method)", ""),
    )
}


@dataclass(frozen=True, slots=True)
class Product:
    code: str
    name_zh: str
    name_en: str
    quotas: tuple[str, ...] = ()  # quota keys in core/data/quotas (first = the headline one)


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
        Product(
            "aluminium_liquid", "电解铝液", "Aluminium (liquid)", ("gb21346.aluminium_liquid",)
        ),
        Product(
            "aluminium_ingot",
            "重熔用铝锭",
            "Aluminium ingot",
            ("gb21346.aluminium_ingot", "gb21346.aluminium_ingot_power"),
        ),
        Product("alumina", "氧化铝(拜耳法)", "Alumina (Bayer)", ("gb21346.alumina_bayer",)),
        Product(
            "caustic_soda_30",
            "液碱(≥30%)",
            "Caustic soda liquid ≥30 %",
            ("gb21257.caustic_soda_30",),
        ),
        Product(
            "caustic_soda_45",
            "液碱(≥45%)",
            "Caustic soda liquid ≥45 %",
            ("gb21257.caustic_soda_45",),
        ),
        Product(
            "caustic_soda_98",
            "固碱(≥98%)",
            "Caustic soda solid ≥98 %",
            ("gb21257.caustic_soda_98",),
        ),
        Product("pvc_carbide", "聚氯乙烯(电石法)", "PVC (carbide route)", ("gb21257.pvc_carbide",)),
        Product("methanol_coal", "甲醇(煤制)", "Methanol from coal", ("gb29436.methanol_coal",)),
        Product(
            "methanol_gas", "甲醇(天然气制)", "Methanol from natural gas", ("gb29436.methanol_gas",)
        ),
        Product("steel_products", "钢材", "Steel products"),
        Product("glass", "平板玻璃", "Flat glass"),
        Product("paper", "纸及纸板", "Paper and board"),
        Product("generic", "其他产品", "Other product"),
    )
}
