"""The synthetic national data set: determinism, list sizes, gradient, churn, validity."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import pytest

from greenmfg.core.codes import industries, regions, uscc
from greenmfg.core.codes.regions import EconomicRegion
from greenmfg.core.domain import ListLevel, UnitKind
from greenmfg.core.errors import InvalidScaleError
from greenmfg.synth import (
    AbnormalKind,
    SyntheticDataset,
    batch_sizes,
    generate,
    scaled,
)
from greenmfg.synth.generator import BAR_YEARS, FILING_YEARS

SCALE = 0.05

# Real national batch sizes, green_system_rules.md §7 (B1 2017 … 2025).
REAL_FACTORIES = [201, 208, 391, 602, 719, 662, 874, 1488, 1382, 2038]
REAL_PARKS = [24, 22, 34, 39, 53, 52, 47, 104, 123, 128]
REAL_SUPPLY_CHAIN = [15, 4, 21, 50, 99, 107, 112, 205, 126, 0]
REAL_PRODUCTS = [194, 53, 480, 371, 1073, 989, 643, 0, 0, 0]
KEYS = ["B1", "B2", "B3", "B4", "B5", "2021", "2022", "2023", "2024", "2025"]

# Quota bands (kgce/t), factors.md §3: level 1, level 3.
BANDS = {
    "clinker": (100, 117),
    "sinter": (43, 52),
    "pellet": (15, 33),
    "hot_metal": (361, 415),
    "crude_steel_bof": (-30, -12),
    "crude_steel_eaf": (61, 72),
    "aluminium_ingot": (1670, 1720),
    "alumina": (340, 460),
    "caustic_soda_30": (308, 350),
    "caustic_soda_45": (410, 470),
    "caustic_soda_98": (600, 685),
    "pvc_carbide": (185, 270),
    "methanol_coal": (1380, 1800),
    "methanol_gas": (1130, 1380),
}
# GB/T 2589-2020 coefficients (factors.md §1), kgce per base unit; coal by its NCV.
KGCE = {
    "electricity": 0.1229,  # per kWh
    "natural_gas": 1.2143,  # per Nm3
    "coke": 971.4,  # per t
    "steam": 128.6,  # per t
    "diesel": 1457.1,  # per t
    "converter_gas": 0.2866,  # per Nm3
    "heat": 34.12,  # per GJ (0.03412 kgce/MJ)
}
BASE = {"t": 1.0, "万t": 1e4, "万kWh": 1e4, "MWh": 1e3, "万Nm3": 1e4, "GJ": 1.0}


def intensity(filing: dict, product: str | None = None) -> float:
    """kgce per t of ``product`` (default: the first), from the lines assigned to it."""
    product = product or filing["products"][0]["product"]
    total = 0.0
    for line in filing["energy"]:
        if line.get("product", product) != product:
            continue
        if line.get("origin") == "by_product" and "product" not in line:
            continue  # gas made and burnt inside: its energy is in the coke already
        quantity = line["quantity"] * BASE[line["unit"]]
        if "ncv" in line:
            kgce = quantity * line["ncv"]["value"] / 29.3076 * 1000  # GJ/t -> kgce/t
        else:
            kgce = quantity * KGCE[line["carrier"]]
        total += -kgce if line.get("origin") == "exported" else kgce
    made = next(p for p in filing["products"] if p["product"] == product)
    return total / (made["quantity"] * BASE[made["unit"]])


@pytest.fixture(scope="module")
def data() -> SyntheticDataset:
    return generate(scale=SCALE)


def test_same_seed_same_data_other_seed_other_data() -> None:
    first = generate(seed=7, scale=0.01)
    again = generate(seed=7, scale=0.01)
    other = generate(seed=8, scale=0.01)
    assert first == again
    assert first.filings == again.filings
    assert first.enterprises != other.enterprises
    assert first.listings != other.listings


@pytest.mark.parametrize(
    ("kind", "real"),
    [
        (UnitKind.FACTORY, REAL_FACTORIES),
        (UnitKind.PARK, REAL_PARKS),
        (UnitKind.SUPPLY_CHAIN, REAL_SUPPLY_CHAIN),
        (UnitKind.PRODUCT, REAL_PRODUCTS),
    ],
)
def test_batch_sizes_at_scale_1_are_the_real_ones(kind: UnitKind, real: list[int]) -> None:
    assert batch_sizes(kind, 1.0) == dict(zip(KEYS, real, strict=True))


def test_scaled_rounds_half_up_and_keeps_at_least_one() -> None:
    assert scaled(201, 0.05) == 10  # 10.05
    assert scaled(2038, 0.05) == 102  # 101.9
    assert scaled(4, 0.05) == 1  # 0.2 -> at least 1
    assert scaled(0, 0.05) == 0
    assert scaled(15, 0.1) == 2  # 1.5 -> half up
    assert batch_sizes(UnitKind.FACTORY, 0.5)["B1"] == 101  # 100.5


@pytest.mark.parametrize("kind", list(UnitKind))
def test_generated_national_batches_match_batch_sizes(
    data: SyntheticDataset, kind: UnitKind
) -> None:
    assert data.national_batch_counts(kind) == batch_sizes(kind, SCALE)


@pytest.mark.parametrize("scale", [0, -1, -0.5, math.nan, math.inf])
def test_scale_must_be_positive(scale: float) -> None:
    with pytest.raises(InvalidScaleError) as info:
        generate(scale=scale)
    assert info.value.params["scale"] is scale or math.isnan(scale)
    with pytest.raises(InvalidScaleError):
        batch_sizes(UnitKind.FACTORY, scale)


def test_lower_lists_are_larger(data: SyntheticDataset) -> None:
    counts = data.listing_counts()
    national = counts[("national", "factory")]
    provincial = counts[("provincial", "factory")]
    municipal = counts[("municipal", "factory")]
    assert provincial >= 2.5 * national
    assert municipal >= 1.8 * provincial
    assert counts[("provincial", "park")] >= 2.5 * counts[("national", "park")]


def test_province_skew_east_far_ahead(data: SyntheticDataset) -> None:
    factories = [lst for lst in data.listings if lst.kind is UnitKind.FACTORY]
    by_region = Counter(regions.economic_region(lst.adcode) for lst in factories)
    assert by_region[EconomicRegion.EAST] > 0.5 * len(factories)
    assert by_region[EconomicRegion.EAST] > 2.5 * by_region[EconomicRegion.WEST]
    by_province = Counter(regions.province_of(lst.adcode).adcode for lst in factories)
    top4 = {code for code, _ in by_province.most_common(4)}
    assert top4 == {
        "320000",
        "330000",
        "440000",
        "370000",
    }  # Jiangsu, Zhejiang, Guangdong, Shandong
    assert len(by_province) == 31
    assert by_province["540000"] < by_province["320000"] / 50


def test_national_listing_implies_earlier_provincial_listing(data: SyntheticDataset) -> None:
    provincial = defaultdict(list)
    for lst in data.listings:
        if lst.level is ListLevel.PROVINCIAL:
            provincial[(lst.kind, lst.unit)].append(lst)
    nationals = [lst for lst in data.listings if lst.level is ListLevel.NATIONAL]
    assert nationals
    for lst in nationals:
        earlier = [
            p
            for p in provincial[(lst.kind, lst.unit)]
            if p.year <= lst.year and p.listed_on <= lst.listed_on
        ]
        assert earlier, lst


def test_removals_are_one_to_two_percent_a_year(data: SyntheticDataset) -> None:
    checked = 0
    for kind in UnitKind:
        for level in ListLevel:
            rows = [lst for lst in data.listings if lst.kind is kind and lst.level is level]
            for year in range(2018, 2026):
                active = [
                    lst
                    for lst in rows
                    if lst.year < year and (lst.removed_on is None or lst.removed_on.year >= year)
                ]
                removed = [
                    lst
                    for lst in active
                    if lst.removed_on is not None and lst.removed_on.year == year
                ]
                if len(active) < 100:
                    continue
                checked += 1
                rate = len(removed) / len(active)
                slack = 0.5 / len(active)
                assert 0.01 - slack <= rate <= 0.02 + slack, (kind, level, year, rate)
    assert checked >= 10


def test_removals_have_reasons_dates_and_respect_the_bar(data: SyntheticDataset) -> None:
    removed = [lst for lst in data.listings if lst.removed_on is not None]
    assert removed
    by_unit = defaultdict(list)
    for lst in data.listings:
        by_unit[lst.unit].append(lst)
    for lst in removed:
        assert lst.removal_code is not None
        assert lst.removal_reason == lst.removal_code.text
        assert lst.removed_on >= lst.listed_on
        assert lst.removed_on.year > lst.year
        for other in by_unit[lst.unit]:
            if other.listed_on > lst.removed_on:
                assert other.year > lst.removed_on.year + BAR_YEARS, (lst, other)
    assert not [lst for lst in data.listings if lst.removed_on is None and lst.removal_reason]


def test_listings_are_unique_and_name_their_authority(data: SyntheticDataset) -> None:
    keys = Counter((lst.kind, lst.level, lst.unit, lst.year) for lst in data.listings)
    assert max(keys.values()) == 1
    units = {e.uscc: e.adcode for e in data.enterprises} | {p.uscc: p.adcode for p in data.parks}
    owners = {p.key: p.enterprise_uscc for p in data.products}
    for lst in data.listings:
        unit_adcode = units[owners[lst.unit]] if lst.kind is UnitKind.PRODUCT else units[lst.unit]
        assert lst.adcode == unit_adcode
        assert lst.listed_on.year == lst.year
        expected = {
            ListLevel.MUNICIPAL: lst.adcode,
            ListLevel.PROVINCIAL: lst.adcode[:2] + "0000",
            ListLevel.NATIONAL: "",
        }[lst.level]
        assert lst.authority_adcode == expected
    assert {lst.level for lst in data.listings if lst.kind is UnitKind.PARK} == {
        ListLevel.PROVINCIAL,
        ListLevel.NATIONAL,
    }


def test_every_code_is_valid(data: SyntheticDataset) -> None:
    codes = (
        [e.uscc for e in data.enterprises]
        + [p.uscc for p in data.parks]
        + [i.uscc for i in data.institutions]
    )
    assert len(codes) == len(set(codes))
    for code in codes:
        assert uscc.validate(code) == code
    assert all(uscc.parse(e.uscc).is_enterprise for e in data.enterprises)
    for e in data.enterprises:
        regions.validate_adcode(e.adcode, level="city")
        industries.validate_industry(e.industry, level="class")
        assert industries.get(e.industry).manufacturing
        assert regions.city_of(uscc.adcode_of(e.uscc)).adcode == e.adcode
    for p in data.parks:
        regions.validate_adcode(p.adcode, level="city")
    for i in data.institutions:
        regions.validate_adcode(i.adcode)
        assert 0 < i.evaluators <= i.staff_total
    names = [e.name for e in data.enterprises]
    assert len(names) == len(set(names))


def test_every_industry_and_province_appears(data: SyntheticDataset) -> None:
    assert len({e.industry for e in data.enterprises}) >= 40
    assert {regions.province_of(e.adcode).adcode for e in data.enterprises} == {
        p.adcode for p in regions.provinces()
    }


def test_relations_are_consistent(data: SyntheticDataset) -> None:
    enterprises = {e.uscc: e for e in data.enterprises}
    parks = {p.uscc: p for p in data.parks}
    assert data.park_members and data.supplier_links and data.products
    for member in data.park_members:
        assert enterprises[member.enterprise_uscc].adcode == parks[member.park_uscc].adcode
    assert len({(m.park_uscc, m.enterprise_uscc) for m in data.park_members}) == len(
        data.park_members
    )
    leaders = {lst.unit for lst in data.listings if lst.kind is UnitKind.SUPPLY_CHAIN}
    for link in data.supplier_links:
        assert link.leader_uscc in leaders
        assert link.supplier_uscc in enterprises
        assert link.supplier_uscc != link.leader_uscc
    assert len({(lk.leader_uscc, lk.supplier_uscc) for lk in data.supplier_links}) == len(
        data.supplier_links
    )
    for product in data.products:
        owner = enterprises[product.enterprise_uscc]
        assert industries.get_product(product.code).industry == owner.industry
    assert len({(p.enterprise_uscc, p.name, p.model) for p in data.products}) == len(data.products)
    persons = Counter(i.legal_representative for i in data.institutions)
    assert persons


def test_plausible_enterprise_figures(data: SyntheticDataset) -> None:
    for e in data.enterprises:
        assert e.employees > 0
        assert 0 < e.value_added_10k_yuan < e.output_value_10k_yuan
        assert e.land_area_m2 > 0 and e.floor_area_m2 > 0
        assert e.water_withdrawal_m3 >= 0 and e.solid_waste_t >= 0
        assert e.established.year <= 2016


def test_filings_cover_listed_enterprises_each_year(data: SyntheticDataset) -> None:
    filers = {
        lst.unit
        for lst in data.listings
        if lst.kind in (UnitKind.FACTORY, UnitKind.SUPPLY_CHAIN)
        and lst.level in (ListLevel.PROVINCIAL, ListLevel.NATIONAL)
    }
    years = defaultdict(set)
    for filing in data.filings:
        years[filing["enterprise"]["uscc"]].add(filing["year"])
        assert set(filing) == {
            "enterprise",
            "year",
            "energy",
            "process",
            "products",
            "economics",
            "resources",
        }
        for line in filing["energy"]:
            assert line["quantity"] >= 0
            assert line["unit"] in BASE
    assert set(years) == filers
    assert all(ys == set(FILING_YEARS) for ys in years.values())


def test_quota_intensities_fall_in_the_bands_except_flagged(data: SyntheticDataset) -> None:
    flagged = {(a.uscc, a.year) for a in data.abnormal_filings}
    where = Counter()
    for filing in data.filings:
        key = (filing["enterprise"]["uscc"], filing["year"])
        if key in flagged:
            continue
        for made in filing["products"]:
            if made["product"] not in BANDS:
                continue
            l1, l3 = BANDS[made["product"]]
            span = l3 - l1
            value = intensity(filing, made["product"])
            assert l1 - 0.1 * abs(l1) - 0.2 * span <= value <= l3 + 0.8 * span, (key, made, value)
            where["below_l1" if value < l1 else "above_l3" if value > l3 else "between"] += 1
    total = sum(where.values())
    assert total > 200
    assert where["between"] / total >= 0.6
    assert where["above_l3"] / total >= 0.05
    assert where["below_l1"] > 0


def test_integrated_steel_works_file_positive_energy(data: SyntheticDataset) -> None:
    works = [
        f
        for f in data.filings
        if [p["product"] for p in f["products"]] == ["hot_metal", "crude_steel_bof"]
    ]
    assert works
    for filing in works:
        assert all(
            line.get("product") in ("hot_metal", "crude_steel_bof")
            for line in filing["energy"]
            if line.get("origin") != "by_product"
        )
        # blast-furnace gas burnt inside is filed as a by-product, never as a purchased fuel
        bfg = [ln for ln in filing["energy"] if ln["carrier"] == "blast_furnace_gas"]
        assert bfg and all(ln["origin"] == "by_product" for ln in bfg)
        assert intensity(filing, "crude_steel_bof") < 0 < intensity(filing, "hot_metal")
        hot_metal, steel = (p["quantity"] * BASE[p["unit"]] for p in filing["products"])
        total = (
            intensity(filing, "hot_metal") * hot_metal
            + intensity(filing, "crude_steel_bof") * steel
        )
        assert total > 0


def test_abnormal_filings_are_abnormal(data: SyntheticDataset) -> None:
    by_key = {(f["enterprise"]["uscc"], f["year"]): f for f in data.filings}
    kinds = Counter(a.kind for a in data.abnormal_filings)
    assert set(kinds) == set(AbnormalKind)
    for item in data.abnormal_filings:
        filing = by_key[(item.uscc, item.year)]
        l1 = BANDS[filing["products"][0]["product"]][0]
        value = intensity(filing)
        assert item.reason
        if item.kind is AbnormalKind.YOY_JUMP:
            previous = by_key[(item.uscc, item.year - 1)]
            assert value / intensity(previous) > 5
        elif item.kind is AbnormalKind.DUPLICATE:
            other = by_key[(item.related_uscc, item.year)]
            assert filing["energy"] == other["energy"]
            assert filing["products"] == other["products"]
            assert item.related_uscc != item.uscc
        else:
            assert value < 0.5 * l1


def test_filings_follow_the_interchange_model(data: SyntheticDataset) -> None:
    model = pytest.importorskip("greenmfg.core.filing.model")
    for filing in data.filings[:: max(1, len(data.filings) // 500)]:
        assert model.Filing.from_dict(filing).to_dict()["year"] == filing["year"]


def test_same_data_whatever_the_string_hash_seed() -> None:
    import os
    import subprocess
    import sys

    script = (
        "import hashlib, json\n"
        "from greenmfg.synth import generate\n"
        "d = generate(seed=3, scale=0.01)\n"
        "text = repr((d.enterprises, d.parks, d.listings, d.park_members, d.supplier_links,"
        " d.products, d.institutions, d.abnormal_filings)) + json.dumps(d.filings)\n"
        "print(hashlib.sha256(text.encode()).hexdigest())\n"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert len(digests) == 1


def test_by_product_gas_of_steel_works_changes_no_accounted_figure(data: SyntheticDataset) -> None:
    from greenmfg.core.accounting import account
    from greenmfg.core.filing import Filing

    works = [f for f in data.filings if any(ln.get("origin") == "by_product" for ln in f["energy"])]
    assert works
    for raw in works[:20]:
        without = {
            **raw,
            "energy": [ln for ln in raw["energy"] if ln.get("origin") != "by_product"],
        }
        a, b = account(Filing.from_dict(raw)), account(Filing.from_dict(without))
        assert (a.total_tco2e, a.equivalent_tce) == (b.total_tco2e, b.equivalent_tce)
        assert a.metrics() == b.metrics()
