"""The accounting of one filing (核算) and the metrics derived from it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal

from greenmfg.core.accounting.catalogue import CARRIERS, CarrierKind
from greenmfg.core.accounting.engine.base import (
    _product_codes,
    _resource_multiplier,
    _where_energy,
)
from greenmfg.core.accounting.engine.checks import check_filing
from greenmfg.core.accounting.engine.options import (
    GridBasis,
    GridScope,
    check_options,
    method_choice,
)
from greenmfg.core.accounting.engine.results import (
    SOURCE_SCOPE,
    AccountingResult,
    EnergyLineResult,
    ProductResult,
)
from greenmfg.core.accounting.factors import FactorRow, FactorSet, default_factor_set
from greenmfg.core.accounting.messages import CAUSTIC_SODA_100, PRODUCT_UNASSIGNED, Notice
from greenmfg.core.accounting.quotas import QuotaGrade, default_quotas, grade
from greenmfg.core.accounting.resolve import (
    C_TO_CO2,
    DEFAULT_GUIDELINE,
    activity_multiplier,
    carrier_defaults,
    resolve_grid,
)
from greenmfg.core.accounting.sectors import (
    ProcessLineResult,
    heat_gj_per_t,
    resolve_product,
    sector_lines,
)
from greenmfg.core.filing.model import Filing, Origin
from greenmfg.core.metrics import product_metric
from greenmfg.core.units import factor_to


def _measured(m: Any, target: str, where: str) -> float | None:
    if m is None:
        return None
    return float(m.value) * _resource_multiplier(m.unit, target, where=where)


def account(
    filing: Filing,
    *,
    method: str | None = None,
    gwp_set: str | None = None,
    factor_set: FactorSet | None = None,
    grid_scope: GridScope = "national",
    grid_basis: GridBasis = "location",
    guideline: str = DEFAULT_GUIDELINE,
    include_non_co2: bool | None = None,
) -> AccountingResult:
    """Account one filing by a named method (see :mod:`greenmfg.core.accounting.methods`).
    Raises the first :class:`GreenmfgError` found by :func:`check_filing` (each names its
    line).  ``guideline`` keys the fuel-combustion defaults (GB/T 32151.22-2024 table)."""
    check_options(gwp_set, grid_scope, grid_basis)
    choice = method_choice(filing, method, gwp_set, include_non_co2)
    errors = check_filing(filing)
    if errors:
        raise errors[0]
    fs = factor_set or default_factor_set()
    year = filing.year
    used: dict[str, FactorRow] = {}
    warnings: list[Notice] = []
    gwp = choice.gwp_set
    products_map = _product_codes(filing)

    def note(rows: tuple[FactorRow, ...]) -> tuple[str, ...]:
        for r in rows:
            used.setdefault(r.factor_id, r)
        return tuple(r.factor_id for r in rows)

    grid = None
    energy_results: list[EnergyLineResult] = []
    for i, line in enumerate(filing.energy):
        where = _where_energy(i)
        carrier = CARRIERS[line.carrier]
        d = carrier_defaults(fs, carrier.code, year, guideline, gwp)
        for w in d.warnings:
            if w not in warnings:
                warnings.append(w)
        ids: list[str] = []
        act = line.quantity * activity_multiplier(carrier, line.unit, where=where)
        exported = line.origin is Origin.EXPORTED
        sign = -1.0 if exported else 1.0
        gj_per_t = (
            heat_gj_per_t(carrier.code, line.enthalpy, line.pressure, line.temperature, where=where)
            if carrier.kind is CarrierKind.STEAM
            else None
        )
        if line.ncv is not None:
            coef_eq = line.ncv.value * factor_to(line.ncv.unit, f"tce/{carrier.unit}")
            coef_ev = coef_eq
        elif d.energy_per_gj:
            assert gj_per_t is not None  # checked: hot water needs its enthalpy
            coef_eq = gj_per_t * d.coef_eq
            coef_ev = coef_eq
            ids += note(d.energy_rows)
        else:
            coef_eq, coef_ev = d.coef_eq, d.coef_ev
            if line.origin is Origin.SELF_RENEWABLE:
                coef_ev = coef_eq  # self-generated renewable power: 当量值 on both bases
                ids += note(d.energy_rows[:1])
            else:
                ids += note(d.energy_rows)
        tce_eq = sign * (act * coef_eq)
        tce_ev = sign * (act * coef_ev)
        co2 = ch4 = n2o = co2e = 0.0
        source: str | None = None
        renewable = False
        if carrier.kind is CarrierKind.FUEL:
            if line.origin is not Origin.BY_PRODUCT:
                # by-product gas made and burnt inside: its carbon is already counted in
                # the coal and coke it came from, so it has no emission of its own.
                source = "exported_fuel" if exported else "fuel_combustion"
                if line.emission_factor is not None:
                    ef = line.emission_factor.value * factor_to(
                        line.emission_factor.unit, f"t/{carrier.unit}"
                    )
                    co2 = sign * (act * ef)
                    co2e = co2
                elif d.ncv_gj is not None:
                    ncv_gj = (
                        line.ncv.value * factor_to(line.ncv.unit, f"GJ/{carrier.unit}")
                        if line.ncv is not None
                        else d.ncv_gj
                    )
                    cc = (
                        line.carbon_content.value * factor_to(line.carbon_content.unit, "tC/GJ")
                        if line.carbon_content is not None
                        else d.cc_t_per_gj
                    )
                    of = line.oxidation if line.oxidation is not None else d.oxidation
                    assert cc is not None and of is not None
                    ef = ncv_gj * cc * of * C_TO_CO2
                    co2 = sign * (act * ef)
                    ids += note(
                        (() if line.ncv is not None else d.ncv_rows)
                        + (() if line.carbon_content is not None else d.cc_rows)
                        + (() if line.oxidation is not None else d.of_rows)
                    )
                    if choice.include_non_co2 and d.gwp_ch4 and not exported:
                        ids += note(d.non_co2_rows)
                        ch4 = act * (ncv_gj * d.ch4_per_gj)
                        n2o = act * (ncv_gj * d.n2o_per_gj)
                    co2e = co2 + ch4 * d.gwp_ch4 + n2o * d.gwp_n2o
                else:
                    source = None
        elif carrier.kind is CarrierKind.ELECTRICITY:
            if line.origin is Origin.SELF_RENEWABLE:
                renewable = True
            else:
                renewable = line.origin is Origin.GREEN
                if line.emission_factor is not None:
                    ef = line.emission_factor.value * factor_to(line.emission_factor.unit, "t/MWh")
                elif line.origin is Origin.GREEN and grid_basis == "market":
                    ef = 0.0
                else:
                    if grid is None:
                        grid = resolve_grid(
                            fs, year, filing.enterprise.adcode, grid_scope, grid_basis
                        )
                        warnings += [w for w in grid.warnings if w not in warnings]
                    ef = grid.ef
                    ids += note((grid.row,))
                co2 = sign * (act * ef)
                co2e = co2
                source = "exported_electricity" if exported else "purchased_electricity"
        elif carrier.kind in (CarrierKind.HEAT, CarrierKind.STEAM):
            if line.emission_factor is not None:
                ef = line.emission_factor.value * factor_to(
                    line.emission_factor.unit, f"t/{carrier.unit}"
                )
            elif gj_per_t is not None:
                ef = gj_per_t * d.heat_per_gj
                ids += note(d.heat_rows[:1] + d.base_enthalpy_rows)
            else:
                ef = d.heat_ef
                ids += note(d.heat_rows)
            co2 = sign * (act * ef)
            co2e = co2
            source = "exported_heat" if exported else "purchased_heat"
        energy_results.append(
            EnergyLineResult(
                i,
                carrier.code,
                str(line.origin),
                act,
                carrier.unit,
                tce_eq,
                tce_ev,
                co2,
                ch4,
                n2o,
                co2e,
                source,
                renewable,
                products_map.get(line.product) if line.product else None,
                tuple(ids),
            )
        )

    process_results: list[ProcessLineResult] = []
    for pr in sector_lines(filing.process, filing.products, choice, fs):
        note(tuple(fs.get(fid) for fid in pr.factor_ids))
        if pr.product:
            pr = replace(pr, product=products_map.get(pr.product))
        process_results.append(pr)

    eq = ev = green = own = exp_el = s1 = s2 = 0.0
    for e in energy_results:
        if e.origin != "by_product":  # its energy is in the coal and coke it came from
            eq += e.tce_equivalent
            ev += e.tce_equal_value
        if e.renewable:
            if e.origin == "self_renewable":
                own += e.tce_equivalent
            else:
                green += e.tce_equivalent
        elif e.carrier == "electricity" and e.origin == "exported":
            exp_el += e.tce_equivalent
        if e.source is not None:
            if SOURCE_SCOPE[e.source] == 1:
                s1 += e.co2e_t
            else:
                s2 += e.co2e_t
    for pr in process_results:
        s1 += pr.co2e_t
    # renewable power consumed on site: generation less what was exported (never < 0)
    ren = green + max(0.0, own + exp_el)

    # --- products ---
    any_tagged = any(e.product for e in energy_results) or any(p.product for p in process_results)
    quotas = default_quotas()
    product_results: list[ProductResult] = []
    single = len(filing.products) == 1
    for i, prod in enumerate(filing.products):
        rp = resolve_product(prod, where=f"product {i + 1}: ")
        qty = rp.quantity
        info = rp.info
        if info is not None and info.min_concentration is not None and prod.concentration is None:
            warnings.append(Notice(CAUSTIC_SODA_100, product=rp.code))
        allocation: Literal["tagged", "whole_plant", "none"]
        if any_tagged:
            mine_e = [e for e in energy_results if e.product == rp.code]
            mine_p = [p for p in process_results if p.product == rp.code]
            allocation = "tagged" if (mine_e or mine_p) else "none"
        elif single:
            mine_e, mine_p, allocation = energy_results, process_results, "whole_plant"
        else:
            mine_e, mine_p, allocation = [], [], "none"
        energy = elec = co2p = None
        e_int = el_int = c_int = None
        grades: list[QuotaGrade] = []
        quota_keys = info.quotas if info is not None else ()
        if allocation != "none":
            energy = elec = co2p = 0.0
            for e in mine_e:
                energy += e.tce_equivalent
                if e.carrier == "electricity":
                    elec += -e.activity if e.origin == "exported" else e.activity
                co2p += e.co2e_t
            for pp in mine_p:
                co2p += pp.co2e_t
            if allocation == "whole_plant":
                energy, co2p = eq, s1 + s2  # the whole plant: its totals, exactly
            e_int = energy * 1000.0 / qty
            el_int = elec * 1000.0 / qty
            c_int = co2p / qty
            for key in quota_keys:
                q = quotas.get(key)
                if q is None:
                    continue
                grades.append(grade(q, e_int if q.basis == "energy" else el_int, prod))
        elif quota_keys:
            warnings.append(Notice(PRODUCT_UNASSIGNED, product=rp.code))
        product_results.append(
            ProductResult(
                rp.code,
                rp.name_zh,
                qty,
                allocation,
                energy,
                elec,
                co2p,
                e_int,
                el_int,
                c_int,
                tuple(grades),
                rp.unit,
            )
        )

    econ, res = filing.economics, filing.resources
    result = AccountingResult(
        uscc=filing.enterprise.uscc,
        name=filing.enterprise.name,
        year=year,
        adcode=filing.enterprise.adcode,
        industry=filing.enterprise.industry,
        equivalent_tce=eq,
        equal_value_tce=ev,
        renewable_tce=ren,
        self_renewable_tce=own,
        scope1_tco2e=s1,
        scope2_tco2e=s2,
        energy_lines=tuple(energy_results),
        process_lines=tuple(process_results),
        products=tuple(product_results),
        factors_used=tuple(sorted(used.values(), key=lambda r: r.factor_id)),
        warnings=tuple(warnings),
        factor_set_version=fs.version,
        gwp_set=gwp,
        grid_scope=grid_scope,
        grid_basis=grid_basis,
        guideline=guideline,
        method=choice.method,
        method_info=choice.as_dict(),
        output_value_wan=_measured(econ.output_value, "万元", "economics.output_value: "),
        value_added_wan=_measured(econ.value_added, "万元", "economics.value_added: "),
        employees=econ.employees,
        water_withdrawal_m3=_measured(res.water_withdrawal, "m3", "resources.water_withdrawal: "),
        water_reused_m3=_measured(res.water_reused, "m3", "resources.water_reused: "),
        solid_waste_generated_t=_measured(
            res.solid_waste_generated, "t", "resources.solid_waste_generated: "
        ),
        solid_waste_utilised_t=_measured(
            res.solid_waste_utilised, "t", "resources.solid_waste_utilised: "
        ),
        land_area_m2=_measured(res.land_area, "m2", "resources.land_area: "),
        floor_area_m2=_measured(res.floor_area, "m2", "resources.floor_area: "),
        building_footprint_m2=_measured(
            res.building_footprint_area, "m2", "resources.building_footprint_area: "
        ),
    )
    result._metrics.update(compute_metrics(result))
    return result


def compute_metrics(r: AccountingResult) -> dict[str, float]:
    """The metric mapping of a result (absent when not computable, never 0 by default)."""
    m: dict[str, float] = {}
    has_energy = bool(r.energy_lines)
    has_emissions = bool(r.energy_lines or r.process_lines)
    if has_energy:
        m["energy_total_tce"] = r.equivalent_tce
        m["energy_total_equal_value_tce"] = r.equal_value_tce
        share = r.renewable_share
        if share is not None:
            m["renewable_share"] = share
    if has_emissions:
        m["co2_scope1_t"] = r.scope1_tco2e
        m["co2_scope2_t"] = r.scope2_tco2e
        m["co2_total_t"] = r.total_tco2e
    total = r.total_tco2e
    if r.value_added_wan:
        if has_energy:
            m["energy_per_value_added"] = r.equivalent_tce * 1000.0 / r.value_added_wan
        if has_emissions:
            m["co2_per_value_added"] = total * 1000.0 / r.value_added_wan
        if r.water_withdrawal_m3 is not None:
            m["water_per_value_added"] = r.water_withdrawal_m3 / r.value_added_wan
    if r.output_value_wan:
        if has_energy:
            m["energy_per_output_value"] = r.equivalent_tce * 1000.0 / r.output_value_wan
        if has_emissions:
            m["co2_per_output_value"] = total * 1000.0 / r.output_value_wan
    if r.output_value_wan is not None:
        if r.land_area_m2:
            m["output_per_land_area"] = r.output_value_wan / (r.land_area_m2 / 10000.0)
        if r.employees:
            m["output_per_employee"] = r.output_value_wan / r.employees
    for p in r.products:
        if p.energy_kgce_per_t is not None:
            m[product_metric("energy_per_product", p.product)] = p.energy_kgce_per_t
        if p.co2e_t_per_t is not None:
            m[product_metric("co2_per_product", p.product)] = p.co2e_t_per_t
    if r.water_withdrawal_m3 is not None and len(r.products) == 1:
        p0 = r.products[0]
        m[product_metric("water_per_product", p0.product)] = r.water_withdrawal_m3 / p0.quantity
    if r.water_withdrawal_m3 is not None and r.water_reused_m3 is not None:
        denom = r.water_reused_m3 + r.water_withdrawal_m3
        if denom > 0:
            m["water_reuse_rate"] = r.water_reused_m3 / denom * 100.0
    if r.solid_waste_generated_t and r.solid_waste_utilised_t is not None:
        m["solid_waste_utilisation_rate"] = (
            r.solid_waste_utilised_t / r.solid_waste_generated_t * 100.0
        )
    if r.land_area_m2:
        if r.floor_area_m2 is not None:
            m["floor_area_ratio"] = r.floor_area_m2 / r.land_area_m2
        if r.building_footprint_m2 is not None:
            m["building_coverage"] = r.building_footprint_m2 / r.land_area_m2 * 100.0
    return m
