"""Every transcribed number pinned to its row in shared/reference/factors.md.

Each entry: (factor_id, value, status, "factors.md section — row").  A change to a data
file that alters one of these numbers must change this list too, on purpose.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from greenmfg.core.accounting.factors import default_factor_set, load_factor_set
from greenmfg.core.accounting.quotas import default_quotas, load_quotas
from greenmfg.core.errors import DataFileInvalidError

V, S, U = "verified", "secondary", "unverified"

PINNED: list[tuple[str, float, str, str]] = [
    # §1 GB/T 2589-2020 折标准煤系数
    ("gbt2589.raw_coal", 0.7143, V, "§1 原煤"),
    ("gbt2589.washed_coal", 0.9000, V, "§1 洗精煤"),
    ("gbt2589.washed_middlings", 0.2857, V, "§1 洗中煤"),
    ("gbt2589.coke", 0.9714, V, "§1 焦炭"),
    ("gbt2589.crude_oil", 1.4286, V, "§1 原油 / 燃料油"),
    ("gbt2589.fuel_oil", 1.4286, V, "§1 原油 / 燃料油"),
    ("gbt2589.gasoline", 1.4714, V, "§1 汽油 / 煤油"),
    ("gbt2589.kerosene", 1.4714, V, "§1 汽油 / 煤油"),
    ("gbt2589.diesel", 1.4571, V, "§1 柴油"),
    ("gbt2589.lpg", 1.7143, V, "§1 液化石油气"),
    ("gbt2589.refinery_gas", 1.5714, V, "§1 炼厂干气"),
    ("gbt2589.natural_gas", 1.2143, U, "§1 天然气 (common default 1.2143)"),
    ("gbt2589.coke_oven_gas", 0.5714, V, "§1 焦炉煤气 (lower bound)"),
    ("gbt2589.blast_furnace_gas", 0.1286, V, "§1 高炉煤气"),
    ("gbt2589.producer_gas", 0.1786, V, "§1 发生炉煤气"),
    ("gbt2589.coal_tar", 1.1429, V, "§1 煤焦油"),
    ("gbt2589.methanol_fuel", 0.6794, S, "§1 甲醇 (fuel)"),
    ("gbt2589.lng", 1.7572, U, "§1 LNG (added 2020)"),
    ("gbt2589.ethanol", 0.9144, U, "§1 乙醇 (added 2020)"),
    ("gbt2589.hydrogen", 0.3329, U, "§1 氢气 (added 2020)"),
    ("gbt2589.biogas", 0.7143, U, "§1 沼气 (lower bound)"),
    ("gbt2589.electricity", 0.1229, V, "§1 电力 当量值"),
    ("gbt2589.heat", 0.03412, V, "§1 热力 当量值"),
    ("gbt2589.steam", 0.1286, V, "§1 蒸汽 (低压)"),
    ("gbt2589.electricity.equal_value.statistical", 0.404, V, "§1 当量值 vs 等价值: 4.04 tce/10^4 kWh"),
    ("gbt2589.electricity.equal_value.2020", 0.3025, S, "§1 当量值 vs 等价值: 0.3025 example"),
    ("gbt2589.media.softened_water", 0.4857, S, "§1 耗能工质 软化水"),
    ("gbt2589.media.deoxygenated_water", 0.9714, S, "§1 耗能工质 除氧水"),
    ("gbt2589.media.compressed_air", 0.0400, V, "§1 耗能工质 压缩空气"),
    ("gbt2589.media.oxygen", 0.4000, V, "§1 耗能工质 氧气"),
    ("gbt2589.media.nitrogen", 0.6714, S, "§1 耗能工质 氮气"),
    ("gbt2589.media.acetylene", 8.3143, V, "§1 耗能工质 乙炔"),
    ("gbt2589.media.calcium_carbide", 2.0786, V, "§1 耗能工质 电石"),
    ("gbt2589.media.fresh_water.old", 0.2571, V, "§1 Conflict 新水 (older lists)"),
    ("gbt2589.media.fresh_water", 0.0857, U, "§1 Conflict 新水 (code sources)"),
    # §2b process and indirect
    ("process.limestone", 0.440, V, "§2b CaCO3"),
    ("process.dolomite", 0.477, V, "§2b CaMg(CO3)2"),
    ("process.magnesite", 0.522, V, "§2b MgCO3"),
    ("process.clinker.ipcc_tier1", 0.52, U, "§2b Clinker IPCC Tier 1"),
    ("indirect.heat", 0.11, V, "§2b Purchased heat / steam"),
    ("indirect.steam_enthalpy", 3763, V, "§1 蒸汽 3 763 MJ/t"),
    # §2c national grid factors
    ("grid.CN.location.2021", 0.5568, V, "§2c 2021 national avg"),
    ("grid.CN.market.2021", 0.5942, V, "§2c 2021 excl. market non-fossil"),
    ("grid.CN.fossil.2021", 0.8426, V, "§2c 2021 fossil-only"),
    ("grid.CN.location.2022", 0.5366, V, "§2c 2022 national avg"),
    ("grid.CN.market.2022", 0.5856, V, "§2c 2022 excl. market non-fossil"),
    ("grid.CN.fossil.2022", 0.8325, V, "§2c 2022 fossil-only"),
    ("grid.CN.location.2023", 0.5306, V, "§2c 2023 national avg"),
    ("grid.CN.market.2023", 0.6096, V, "§2c 2023 excl. market non-fossil"),
    ("grid.CN.fossil.2023", 0.8273, V, "§2c 2023 fossil-only"),
    ("grid.ets.2019", 0.6101, V, "§2c National-ETS 0.6101"),
    ("grid.ets.2021", 0.5810, V, "§2c National-ETS 0.5810"),
    ("grid.ets.2022", 0.5703, V, "§2c National-ETS 0.5703"),
    # §4b GWP (untagged cells: one public code dict → secondary)
    ("gwp.SAR.CH4", 21, S, "§4b CH4 SAR"), ("gwp.AR4.CH4", 25, S, "§4b CH4 AR4"),
    ("gwp.AR5.CH4", 28, S, "§4b CH4 AR5"), ("gwp.AR6.CH4", 27.9, S, "§4b CH4 AR6 overall"),
    ("gwp.AR6.CH4-fossil", 29.8, S, "§4b CH4 AR6 fossil"), ("gwp.AR6.CH4-non-fossil", 27.0, S, "§4b CH4 AR6 non-fossil"),
    ("gwp.SAR.N2O", 310, S, "§4b N2O SAR"), ("gwp.AR4.N2O", 298, S, "§4b N2O AR4"),
    ("gwp.AR5.N2O", 265, S, "§4b N2O AR5"), ("gwp.AR6.N2O", 273, S, "§4b N2O AR6"),
    ("gwp.SAR.SF6", 23900, S, "§4b SF6 SAR"), ("gwp.AR4.SF6", 22800, S, "§4b SF6 AR4"),
    ("gwp.AR5.SF6", 23500, S, "§4b SF6 AR5"), ("gwp.AR6.SF6", 25200, U, "§4b SF6 AR6"),
    ("gwp.SAR.CF4", 6500, U, "§4b CF4 SAR"), ("gwp.AR4.CF4", 7390, S, "§4b CF4 AR4"),
    ("gwp.AR5.CF4", 6630, S, "§4b CF4 AR5"), ("gwp.AR6.CF4", 7380, S, "§4b CF4 AR6"),
    ("gwp.SAR.C2F6", 9200, U, "§4b C2F6 SAR"), ("gwp.AR4.C2F6", 12200, S, "§4b C2F6 AR4"),
    ("gwp.AR5.C2F6", 11100, U, "§4b C2F6 AR5"), ("gwp.AR6.C2F6", 12400, U, "§4b C2F6 AR6"),
    ("gwp.AR4.NF3", 17200, U, "§4b NF3 AR4"), ("gwp.AR5.NF3", 16100, S, "§4b NF3 AR5"),
    ("gwp.AR6.NF3", 17400, U, "§4b NF3 AR6"),
    ("gwp.SAR.HFC-134a", 1300, U, "§4b HFC-134a SAR"), ("gwp.AR4.HFC-134a", 1430, S, "§4b HFC-134a AR4"),
    ("gwp.AR5.HFC-134a", 1300, S, "§4b HFC-134a AR5"), ("gwp.AR6.HFC-134a", 1526, S, "§4b HFC-134a AR6"),
    ("gwp.SAR.HFC-23", 11700, U, "§4b HFC-23 SAR"), ("gwp.AR4.HFC-23", 14800, S, "§4b HFC-23 AR4"),
    ("gwp.AR5.HFC-23", 12400, S, "§4b HFC-23 AR5"), ("gwp.AR6.HFC-23", 14600, U, "§4b HFC-23 AR6"),
    # §2a older NDRC guideline [U]
    ("ndrc2015.ncv.washed_coal", 26.344, U, "§2a Versions differ: 洗精煤"),
    ("ndrc2015.ncv.lng", 44.2, U, "§2a Versions differ: LNG NCV"),
    ("ndrc2015.cc.lng", 17.2, U, "§2a Versions differ: LNG CC"),
    ("ndrc2015.ncv.coke_oven_gas", 173.54, U, "§2a Versions differ: 焦炉煤气 NCV"),
    ("ndrc2015.cc.coke_oven_gas", 12.1, U, "§2a Versions differ: 焦炉煤气 CC"),
    ("ndrc2015.ncv.other_petroleum", 40.19, U, "§2a Versions differ: 其他石油制品"),
]  # fmt: skip

# §2a GB/T 32151.22-2024 表C.1: fuel → (NCV, CC, OF %, EF column of factors.md)
FUELS: dict[str, tuple[float, float, float, float]] = {
    "anthracite": (26.7, 27.4, 94, 2.5215), "bituminous_coal": (19.570, 26.1, 93, 1.7417),
    "lignite": (11.9, 28.0, 96, 1.1729), "washed_coal": (26.334, 25.41, 90, 2.2082),
    "other_washed_coal": (12.545, 25.41, 90, 1.0519), "briquette": (17.460, 33.6, 90, 1.9360),
    "coke": (28.435, 29.5, 93, 2.8604), "petroleum_coke": (32.5, 27.5, 98, 3.2115),
    "crude_oil": (41.816, 20.1, 98, 3.0202), "fuel_oil": (41.816, 21.1, 98, 3.1705),
    "gasoline": (43.070, 18.9, 98, 2.9251), "diesel": (42.652, 20.2, 98, 3.0959),
    "kerosene": (43.070, 19.6, 98, 3.0334), "lng": (51.498, 15.3, 98, 2.8313),
    "lpg": (50.179, 17.2, 98, 3.1013), "naphtha": (44.5, 20.0, 98, 3.1981),
    "coal_tar": (33.453, 22.0, 98, 2.6446), "crude_benzene": (41.816, 22.7, 98, 3.4109),
    "other_petroleum": (41.031, 20.0, 98, 2.9488), "refinery_gas": (45.998, 18.2, 99, 3.0389),
    "natural_gas": (389.31, 15.3, 99, 21.622), "blast_furnace_gas": (33.00, 70.8, 99, 8.4811),
    "converter_gas": (84.00, 49.6, 99, 15.124), "coke_oven_gas": (179.81, 13.58, 99, 8.8638),
    "other_gas": (52.270, 12.2, 99, 2.3148),
}  # fmt: skip

# §2c regional factors, region → (2021, 2022, 2023)
REGIONAL = {
    "north": (0.7120, 0.6776, 0.6361), "northeast": (0.6012, 0.5564, 0.5122),
    "east": (0.5992, 0.5617, 0.5500), "central": (0.5354, 0.5395, 0.5271),
    "northwest": (0.5951, 0.5857, 0.5543), "south": (0.4326, 0.3869, 0.4042),
    "southwest": (0.2113, 0.2268, 0.2472),
}  # fmt: skip

# §2c provincial factors 2021 / 2022 by adcode prefix
PROVINCIAL = {
    "11": (0.5688, 0.5580), "12": (0.7355, 0.7041), "13": (0.7901, 0.7252), "14": (0.7222, 0.7096),
    "15": (0.7025, 0.6849), "21": (0.5876, 0.5626), "22": (0.5629, 0.4932), "23": (0.6342, 0.5368),
    "31": (0.5834, 0.5849), "32": (0.6451, 0.5978), "33": (0.5422, 0.5153), "34": (0.7075, 0.6782),
    "35": (0.4711, 0.4092), "36": (0.5835, 0.5752), "37": (0.6838, 0.6410), "41": (0.6369, 0.6058),
    "42": (0.3672, 0.4364), "43": (0.5138, 0.4900), "44": (0.4715, 0.4403), "45": (0.5154, 0.4044),
    "46": (0.4524, 0.4184), "50": (0.4743, 0.5227), "51": (0.1255, 0.1404), "52": (0.5182, 0.4989),
    "53": (0.1235, 0.1073), "61": (0.6336, 0.6558), "62": (0.4955, 0.4772), "63": (0.1326, 0.1567),
    "64": (0.6546, 0.6423), "65": (0.6577, 0.6231),
}  # fmt: skip

# §4a IPCC Table 2.3 CH4 / N2O kg/TJ
IPCC = {
    "anthracite": (10, 1.5), "bituminous": (10, 1.5), "lignite": (10, 1.5), "coke": (10, 1.5),
    "petroleum_coke": (3, 0.6), "crude_oil": (3, 0.6), "naphtha": (3, 0.6), "gas_diesel_oil": (3, 0.6),
    "residual_fuel_oil": (3, 0.6), "motor_gasoline": (3, 0.6), "other_kerosene": (3, 0.6),
    "lpg": (1, 0.1), "natural_gas": (1, 0.1), "coke_oven_gas": (1, 0.1), "blast_furnace_gas": (1, 0.1),
    "oxygen_steel_furnace_gas": (1, 0.1), "wood": (30, 4),
}  # fmt: skip

# §3 quotas: key → (L1, L2, L3)
QUOTAS = {
    "gb16780.clinker": (100, 107, 117), "gb16780.cement": (80, 87, 94),
    "gb21256.sinter": (43, 46, 52), "gb21256.pellet": (15, 22, 33),
    "gb21256.blast_furnace": (361, 370, 415), "gb21256.bof": (-30, -28, -12),
    "gb21256.eaf": (61, 64, 72), "gb21346.aluminium_liquid": (12950, 13000, 13350),
    "gb21346.aluminium_ingot_power": (13300, 13400, 13750), "gb21346.aluminium_ingot": (1670, 1680, 1720),
    "gb21346.alumina_bayer": (340, 390, 460), "gb21257.caustic_soda_30": (308, 315, 350),
    "gb21257.caustic_soda_45": (410, 420, 470), "gb21257.caustic_soda_98": (600, 620, 685),
    "gb21257.pvc_carbide": (185, 193, 270), "gb29436.methanol_coal": (1380, 1400, 1800),
    "gb29436.methanol_gas": (1130, 1150, 1380),
}  # fmt: skip


@pytest.mark.parametrize(
    ("factor_id", "value", "status", "row"), PINNED, ids=[p[0] for p in PINNED]
)
def test_pinned_factor(factor_id: str, value: float, status: str, row: str) -> None:
    f = default_factor_set().get(factor_id)
    assert f.value == value, row
    assert str(f.status) == status, row
    assert f.source_doc and f.clause


@pytest.mark.parametrize("fuel", sorted(FUELS))
def test_fuel_defaults_and_ef_column(fuel: str) -> None:
    fs = default_factor_set()
    ncv, cc, of, ef = FUELS[fuel]
    assert fs.get(f"gbt32151.ncv.{fuel}").value == ncv
    assert fs.get(f"gbt32151.carbon_content.{fuel}").value == cc
    assert fs.get(f"gbt32151.oxidation.{fuel}").value == of
    assert str(fs.get(f"gbt32151.ncv.{fuel}").status) == "secondary"
    # The EF column of factors.md is NCV × CC × OF × 44/12 ÷ 1000, rounded.
    assert ncv * cc * of / 100 * 44 / 12 / 1000 == pytest.approx(ef, abs=6e-4)


def test_regional_and_provincial_grid_factors() -> None:
    fs = default_factor_set()
    for region, values in REGIONAL.items():
        for year, value in zip((2021, 2022, 2023), values, strict=True):
            assert fs.get(f"grid.{region}.location.{year}").value == value
    assert str(fs.get("grid.north.location.2021").status) == "secondary"
    assert str(fs.get("grid.north.location.2022").status) == "verified"
    for prefix, values in PROVINCIAL.items():
        for year, value in zip((2021, 2022), values, strict=True):
            assert fs.get(f"grid.{prefix}0000.location.{year}").value == value


def test_ipcc_non_co2() -> None:
    fs = default_factor_set()
    for fuel, (ch4, n2o) in IPCC.items():
        assert fs.get(f"ipcc2006.ch4_ef.{fuel}").value == ch4
        assert fs.get(f"ipcc2006.n2o_ef.{fuel}").value == n2o


def test_quota_levels() -> None:
    quotas = default_quotas()
    assert set(QUOTAS) == set(quotas)
    for key, levels in QUOTAS.items():
        assert quotas[key].levels == levels
        assert str(quotas[key].status) == "secondary"


def test_every_row_has_provenance() -> None:
    for row in default_factor_set().rows:
        assert row.source_doc and row.clause and row.status


def test_grid_region_mapping_is_tagged_unverified() -> None:
    fs = default_factor_set()
    assert str(fs.grid_region_status) == "unverified"
    assert fs.grid_region_of("320500") is not None and fs.grid_region_of("320500").code == "east"  # type: ignore[union-attr]
    assert fs.grid_region_of("150700").code == "northeast"  # type: ignore[union-attr]  # 呼伦贝尔 (蒙东)
    assert fs.grid_region_of("150100").code == "north"  # type: ignore[union-attr]  # 呼和浩特 (蒙西)


def test_bad_data_file_names_file_line_and_field(tmp_path: Path) -> None:
    text = "version: '1'\ndefaults: {quantity: coal_equiv, source_doc: Doc, clause: Y}\nrows:\n  - {factor_id: a.b, carrier: coal, value: 1, unit: kgce/kg, status: maybe}\n"
    with pytest.raises(DataFileInvalidError) as err:
        load_factor_set([("bad.yaml", text)])
    assert err.value.params["file"] == "bad.yaml"
    assert err.value.params["line"] == 4
    assert err.value.params["field"] == "status"
    text2 = text.replace("status: maybe", "status: verified").replace(
        "kgce/kg", "furlongs/fortnight^2/zorg"
    )
    with pytest.raises(DataFileInvalidError) as err2:
        load_factor_set([("bad.yaml", text2)])
    assert err2.value.params["field"] == "unit"
    with pytest.raises(DataFileInvalidError):
        load_quotas("q.yaml", "quotas:\n  x: {standard: A}\n")
    with pytest.raises(DataFileInvalidError) as err3:
        load_quotas(
            "q.yaml",
            "quotas:\n  x: {standard: A, title: t, indicator: i, indicator_en: i, basis: energy, unit: kgce/t, levels: [3, 2, 1], clause: c, status: verified}\n",
        )
    assert err3.value.params["field"] == "levels"


# Derived GB/T 2589 coefficients: NCV (GB/T 32151.22-2024 表C.1) ÷ 29.3076 GJ/tce, rounded to 4 places.
DERIVED = {
    "bituminous_coal": 19.570,
    "anthracite": 26.7,
    "lignite": 11.9,
    "converter_gas": 84.00 / 10,
    "petroleum_coke": 32.5,
}


@pytest.mark.parametrize("carrier", sorted(DERIVED))
def test_derived_coefficients(carrier: str) -> None:
    row = default_factor_set().get(f"gbt2589.derived.{carrier}")
    # converter gas: 84.00 GJ/10^4 Nm3 = 8.4 MJ/m3 → kgce/m3
    assert row.value == round(DERIVED[carrier] / 29.3076, 4)
    assert str(row.status) == "secondary"


def test_clinker_method_ratios() -> None:
    fs = default_factor_set()
    assert fs.get("process.clinker.cao_method").value == pytest.approx(44 / 56)
    assert fs.get("process.clinker.mgo_method").value == pytest.approx(44 / 40)


def test_quota_correction_terms() -> None:
    """§3 notes: altitude, clinker share, feed grade, scrap ratio, hot metal, EAF bands."""
    q = default_quotas()
    alt = q["gb16780.clinker"].corrections[0]
    assert (alt.kind, alt.levels, alt.above_m, alt.a, alt.b, alt.reference_pa) == (
        "altitude",
        (3,),
        1500,
        1.179,
        0.211,
        101325,
    )
    share = q["gb16780.cement"].corrections[0]
    assert (share.reference, share.per_point) == (75, (1.10, 1.15, 1.20))
    grade_ = q["gb21256.blast_furnace"].corrections[0]
    assert (grade_.reference, grade_.per_point, grade_.max_points) == (62, 3.61, 5)
    assert q["gb21256.bof"].corrections[0].per_point == 0.23
    assert q["gb21256.eaf"].corrections[0].per_point == -0.8
    bands = {b.below_t: b.levels for b in q["gb21256.eaf"].capacity_bands}
    assert bands == {50: (61, None, 86), 70: (61, None, 72)}
