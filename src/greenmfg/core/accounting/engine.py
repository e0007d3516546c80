"""The per-filing accounting engine: energy (GB/T 2589-2020), GHG (GB/T 32150/32151 +
MEE grid factors), per-product intensities and quota grades.

Formulas (per line; activity ``A`` in the carrier's activity unit):

* energy, equivalent basis 当量值: ``tce = A × coef`` (coef from GB/T 2589, or the
  measured NCV ÷ 29 307.6 kJ/kgce); equal-value basis 等价值: electricity uses the
  year's equal-value coefficient, everything else the same coefficient.  Exported lines
  (外供) count negative.
* combustion CO2: ``A × NCV × CC × OF × 44/12`` (defaults keyed by guideline; measured
  values override), CH4 / N2O: ``A × NCV × EF_IPCC × GWP``.
* purchased electricity: ``A × EF_grid`` (location basis: green power counts at the grid
  factor; market basis: green power counts 0); self-generated renewable power: 0;
  purchased heat ``GJ × 0.11``, steam ``t × 3.763 GJ/t × 0.11``; exported electricity /
  heat / steam: subtracted at the same factor.
* process: carbonates ``t × EF × purity``; clinker ``t × ((CaO − CaO_nc) × 44/56 +
  (MgO − MgO_nc) × 44/40)``.

Sums run over the lines in filing order (energy lines, then process lines), so the batch
path reproduces them exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal, get_args

from greenmfg.core.accounting.catalogue import CARRIERS, FEEDSTOCKS, MATERIALS, CarrierKind
from greenmfg.core.accounting.factors import FactorRow, FactorSet, Status, default_factor_set
from greenmfg.core.accounting.methods import MethodChoice, resolve_method
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
    check_process_line,
    heat_gj_per_t,
    resolve_product,
    sector_lines,
)
from greenmfg.core.errors import (
    GreenmfgError,
    InvalidValueError,
    MissingValueError,
    UnknownCodeError,
)
from greenmfg.core.filing.model import Filing, Origin
from greenmfg.core.metrics import product_metric
from greenmfg.core.units import factor_to

__all__ = [
    "AccountingResult",
    "EnergyLineResult",
    "GridScope",
    "ProcessLineResult",
    "ProductResult",
    "account",
    "check_filing",
    "check_filing_located",
]

GridScope = Literal["national", "regional", "provincial"]
GridBasis = Literal["location", "market", "ets"]
GWP_SETS = ("SAR", "AR4", "AR5", "AR6")

# Sources (排放源) and the scope each belongs to.
SOURCE_SCOPE: dict[str, int] = {
    "fuel_combustion": 1,
    "exported_fuel": 1,
    "process": 1,
    "purchased_electricity": 2,
    "purchased_heat": 2,
    "exported_electricity": 2,
    "exported_heat": 2,
}


@dataclass(frozen=True, slots=True)
class EnergyLineResult:
    index: int
    carrier: str
    origin: str
    activity: float  # in activity_unit
    activity_unit: str
    tce_equivalent: float
    tce_equal_value: float
    co2_t: float
    ch4_t: float
    n2o_t: float
    co2e_t: float
    source: str | None  # None: no emissions (media, self-generated renewable)
    renewable: bool
    product: str | None
    factor_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProductResult:
    """One product's output and intensities.  ``quantity`` is in ``unit`` (t for most
    products; m2, piece, kWh … for others) and every ``…_per_t`` intensity is per that
    unit."""

    product: str
    name_zh: str
    quantity: float
    allocation: Literal["tagged", "whole_plant", "none"]
    energy_tce: float | None
    electricity_mwh: float | None
    co2e_t: float | None
    energy_kgce_per_t: float | None
    electricity_kwh_per_t: float | None
    co2e_t_per_t: float | None
    quotas: tuple[QuotaGrade, ...]
    unit: str = "t"

    @property
    def quantity_t(self) -> float | None:
        """The quantity in tonnes (None for a product not counted by mass)."""
        return self.quantity if self.unit == "t" else None

    @property
    def quota(self) -> QuotaGrade | None:
        return self.quotas[0] if self.quotas else None


@dataclass(frozen=True)
class AccountingResult:
    """Typed, frozen result of :func:`account` for one filing."""

    uscc: str
    name: str
    year: int
    adcode: str
    industry: str
    equivalent_tce: float
    equal_value_tce: float
    renewable_tce: float
    scope1_tco2e: float
    scope2_tco2e: float
    energy_lines: tuple[EnergyLineResult, ...]
    process_lines: tuple[ProcessLineResult, ...]
    products: tuple[ProductResult, ...]
    factors_used: tuple[FactorRow, ...]
    warnings: tuple[str, ...]
    factor_set_version: str
    gwp_set: str
    grid_scope: str
    grid_basis: str
    guideline: str
    method: str = "cn-guideline"
    method_info: dict[str, Any] = field(default_factory=dict, compare=False)
    self_renewable_tce: float = 0.0
    output_value_wan: float | None = None
    value_added_wan: float | None = None
    employees: int | None = None
    water_withdrawal_m3: float | None = None
    water_reused_m3: float | None = None
    solid_waste_generated_t: float | None = None
    solid_waste_utilised_t: float | None = None
    land_area_m2: float | None = None
    floor_area_m2: float | None = None
    building_footprint_m2: float | None = None
    _metrics: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    @property
    def total_tco2e(self) -> float:
        return self.scope1_tco2e + self.scope2_tco2e

    @property
    def renewable_share(self) -> float | None:
        """Renewable electricity ÷ total energy, equivalent basis (当量值), %.

        Renewable electricity = green power purchased + self-generated renewable power
        consumed on site (generation minus the electricity exported, never below 0)."""
        if self.equivalent_tce <= 0:
            return None
        return self.renewable_tce / self.equivalent_tce * 100.0

    @property
    def unverified_count(self) -> int:
        return sum(1 for r in self.factors_used if r.status is Status.UNVERIFIED)

    def by_source(self) -> dict[str, float]:
        """tCO2e by emission source, in a stable order."""
        out: dict[str, float] = {}
        for line in self.energy_lines:
            if line.source is not None:
                out[line.source] = out.get(line.source, 0.0) + line.co2e_t
        for p in self.process_lines:
            out[p.source] = out.get(p.source, 0.0) + p.co2e_t
        return out

    def by_carrier(self) -> dict[str, dict[str, float]]:
        """Energy (tce, both bases) and tCO2e by carrier."""
        out: dict[str, dict[str, float]] = {}
        for line in self.energy_lines:
            if line.origin == "by_product":
                continue  # made and burnt inside: not in the totals (see by_product_tce)
            row = out.setdefault(
                line.carrier, {"tce_equivalent": 0.0, "tce_equal_value": 0.0, "co2e_t": 0.0}
            )
            row["tce_equivalent"] += line.tce_equivalent
            row["tce_equal_value"] += line.tce_equal_value
            row["co2e_t"] += line.co2e_t
        return out

    def by_product_tce(self) -> dict[str, float]:
        """tce (当量值) of the by-product gases made and burnt inside, by carrier: shown
        apart, as they are not counted again in the totals."""
        out: dict[str, float] = {}
        for line in self.energy_lines:
            if line.origin == "by_product":
                out[line.carrier] = out.get(line.carrier, 0.0) + line.tce_equivalent
        return out

    def metrics(self) -> dict[str, float]:
        """Metric codes of ``greenmfg.core.metrics`` → value; uncomputable ones are absent."""
        return dict(self._metrics)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form printed by ``greenmfg account --json`` and stored by the platform."""
        return {
            "enterprise": {
                "uscc": self.uscc,
                "name": self.name,
                "adcode": self.adcode,
                "industry": self.industry,
            },
            "year": self.year,
            "energy": {
                "equivalent_tce": self.equivalent_tce,
                "equal_value_tce": self.equal_value_tce,
                "renewable_tce": self.renewable_tce,
                "by_carrier": self.by_carrier(),
                "by_product_gas_tce": self.by_product_tce(),
            },
            "emissions": {
                "scope1_tco2e": self.scope1_tco2e,
                "scope2_tco2e": self.scope2_tco2e,
                "total_tco2e": self.total_tco2e,
                "by_source": self.by_source(),
                "gwp_set": self.gwp_set,
                "grid": {"scope": self.grid_scope, "basis": self.grid_basis},
                "guideline": self.guideline,
                "method": self.method_info or {"method": self.method},
            },
            "method": self.method,
            "renewable_share": self.renewable_share,
            "intensities": {
                p.product: {
                    "name_zh": p.name_zh,
                    "quantity": p.quantity,
                    "unit": p.unit,
                    "quantity_t": p.quantity_t,
                    "allocation": p.allocation,
                    "energy_kgce_per_t": p.energy_kgce_per_t,
                    "electricity_kwh_per_t": p.electricity_kwh_per_t,
                    "co2e_t_per_t": p.co2e_t_per_t,
                }
                for p in self.products
            },
            "quota": {p.product: (p.quota.as_dict() if p.quota else None) for p in self.products},
            "quotas": {p.product: [q.as_dict() for q in p.quotas] for p in self.products},
            "metrics": self.metrics(),
            "lines": [
                {
                    "index": ln.index,
                    "carrier": ln.carrier,
                    "origin": ln.origin,
                    "activity": ln.activity,
                    "activity_unit": ln.activity_unit,
                    "tce_equivalent": ln.tce_equivalent,
                    "tce_equal_value": ln.tce_equal_value,
                    "co2e_t": ln.co2e_t,
                    "source": ln.source,
                    "factor_ids": list(ln.factor_ids),
                }
                for ln in self.energy_lines
            ],
            "process": [
                {
                    "index": p.index,
                    "material": p.material,
                    "source": p.source,
                    "quantity_t": p.quantity_t,
                    "co2e_t": p.co2e_t,
                    "factor_ids": list(p.factor_ids),
                }
                for p in self.process_lines
            ],
            "factors_used": [r.ref() for r in self.factors_used],
            "unverified_factors": self.unverified_count,
            "warnings": list(self.warnings),
            "factor_set_version": self.factor_set_version,
        }


def _where_energy(i: int) -> str:
    return f"energy line {i + 1}: "


def _product_codes(filing: Filing) -> dict[str, str]:
    """Each product as filed (code or name) → its resolved code (unresolvable ones left out)."""
    out: dict[str, str] = {}
    for p in filing.products:
        try:
            out[p.product] = resolve_product(p).code
        except GreenmfgError:
            continue
    for code in list(out.values()):
        out.setdefault(code, code)
    return out


def check_filing(filing: Filing) -> list[GreenmfgError]:
    """Every code / unit / value problem of ``filing`` (empty list: it can be accounted)."""
    return [err for _, _, err in check_filing_located(filing)]


class _Errors(list[tuple[str, int | None, GreenmfgError]]):
    section: str = ""
    line_index: int | None = None

    def append_error(self, err: GreenmfgError) -> None:
        self.append((self.section, self.line_index, err))


def check_filing_located(filing: Filing) -> list[tuple[str, int | None, GreenmfgError]]:
    """Like :func:`check_filing`, each error with its section (energy, process, products,
    economics, resources) and 0-based line index."""
    errors = _Errors()
    products = _product_codes(filing)
    from greenmfg.core.accounting.methods import guideline_for

    by_products = guideline_for(filing.enterprise.industry).by_products
    for i, line in enumerate(filing.energy):
        where = _where_energy(i)
        errors.section, errors.line_index = "energy", i
        try:
            carrier = CARRIERS.get(line.carrier)
            if carrier is None and line.carrier in FEEDSTOCKS:
                raise InvalidValueError(
                    where=where,
                    field="carrier",
                    value=line.carrier,
                    expected=f"an energy carrier: {line.carrier} is a feedstock (原料), file it as a process line with material {FEEDSTOCKS[line.carrier]}",
                )
            if carrier is None:
                raise UnknownCodeError(
                    where=where,
                    kind="carrier",
                    value=line.carrier,
                    expected=", ".join(sorted(CARRIERS)),
                )
            activity_multiplier(carrier, line.unit, where=where)
            if (
                line.origin in (Origin.GRID, Origin.GREEN, Origin.SELF_RENEWABLE)
                and carrier.kind is not CarrierKind.ELECTRICITY
            ):
                raise InvalidValueError(
                    where=where,
                    field="origin",
                    value=str(line.origin),
                    expected="grid / green / self_renewable apply to electricity only",
                )
            if line.origin is Origin.BY_PRODUCT and line.carrier not in by_products:
                raise InvalidValueError(
                    where=where,
                    field="origin",
                    value="by_product",
                    expected=(
                        "by_product only for "
                        + ", ".join(by_products)
                        + f" in industry {filing.enterprise.industry}"
                        if by_products
                        else f"no by-product gas: industry {filing.enterprise.industry} has none under its guideline"
                    ),
                )
            heat_fields = (line.enthalpy, line.pressure, line.temperature)
            if any(m is not None for m in heat_fields) and carrier.kind is not CarrierKind.STEAM:
                raise InvalidValueError(
                    where=where,
                    field="enthalpy / pressure / temperature",
                    value=line.carrier,
                    expected="enthalpy, pressure and temperature apply to steam and hot water only",
                )
            if carrier.kind is CarrierKind.STEAM:
                gj = heat_gj_per_t(carrier.code, *heat_fields, where=where)
                if gj is None and carrier.code == "hot_water":
                    raise MissingValueError(
                        where=where,
                        field="enthalpy / temperature",
                        expected="the hot water's enthalpy (kJ/kg) or temperature (degC)",
                    )
            if line.ncv is not None:
                if carrier.kind is not CarrierKind.FUEL:
                    raise InvalidValueError(
                        where=where,
                        field="ncv",
                        value=line.ncv.value,
                        expected="a measured NCV applies to fuels only",
                    )
                factor_to(line.ncv.unit, f"GJ/{carrier.unit}", where=where + "ncv ")
                if line.ncv.value <= 0:
                    raise InvalidValueError(
                        where=where,
                        field="ncv",
                        value=line.ncv.value,
                        expected="a positive heating value",
                    )
            if line.carbon_content is not None:
                factor_to(line.carbon_content.unit, "tC/GJ", where=where + "carbon_content ")
                if line.carbon_content.value < 0:
                    raise InvalidValueError(
                        where=where,
                        field="carbon_content",
                        value=line.carbon_content.value,
                        expected="a value ≥ 0",
                    )
            if line.emission_factor is not None:
                target = "t/MWh" if carrier.kind is CarrierKind.ELECTRICITY else f"t/{carrier.unit}"
                factor_to(line.emission_factor.unit, target, where=where + "emission_factor ")
                if line.emission_factor.value < 0:
                    raise InvalidValueError(
                        where=where,
                        field="emission_factor",
                        value=line.emission_factor.value,
                        expected="a value ≥ 0",
                    )
            if line.product is not None and line.product not in products:
                raise UnknownCodeError(
                    where=where,
                    kind="product (not among the filing's products)",
                    value=line.product,
                    expected=", ".join(sorted(products)) or "none filed",
                )
        except GreenmfgError as exc:
            errors.append_error(exc)
    for i, p in enumerate(filing.process):
        where = f"process line {i + 1}: "
        errors.section, errors.line_index = "process", i
        try:
            if p.material not in MATERIALS:
                raise UnknownCodeError(
                    where=where,
                    kind="material",
                    value=p.material,
                    expected=", ".join(sorted(MATERIALS)),
                )
            factor_to(p.unit, "t", where=where)
            check_process_line(p, where=where)
            if p.emission_factor is not None:
                factor_to(p.emission_factor.unit, "t/t", where=where + "emission_factor ")
            elif p.material == "clinker" and (p.cao is None or p.mgo is None):
                raise MissingValueError(
                    where=where,
                    field="cao / mgo",
                    expected="clinker CaO and MgO mass fractions (or emission_factor)",
                )
            if p.product is not None and p.product not in products:
                raise UnknownCodeError(
                    where=where,
                    kind="product (not among the filing's products)",
                    value=p.product,
                    expected=", ".join(sorted(products)) or "none filed",
                )
        except GreenmfgError as exc:
            errors.append_error(exc)
    seen: set[str] = set()
    for i, prod in enumerate(filing.products):
        where = f"product {i + 1}: "
        errors.section, errors.line_index = "products", i
        try:
            rp = resolve_product(prod, where=where)
            if rp.code in seen:
                raise InvalidValueError(
                    where=where, field="product", value=prod.product, expected="each product once"
                )
            seen.add(rp.code)
        except GreenmfgError as exc:
            errors.append_error(exc)
    econ, res = filing.economics, filing.resources
    for name, measured, target in (
        ("economics.output_value", econ.output_value, "万元"),
        ("economics.value_added", econ.value_added, "万元"),
        ("resources.water_withdrawal", res.water_withdrawal, "m3"),
        ("resources.water_reused", res.water_reused, "m3"),
        ("resources.solid_waste_generated", res.solid_waste_generated, "t"),
        ("resources.solid_waste_utilised", res.solid_waste_utilised, "t"),
        ("resources.land_area", res.land_area, "m2"),
        ("resources.floor_area", res.floor_area, "m2"),
        ("resources.building_footprint_area", res.building_footprint_area, "m2"),
    ):
        if measured is None:
            continue
        errors.section, errors.line_index = name, None
        try:
            _resource_multiplier(measured.unit, target, where=f"{name}: ")
            if measured.value < 0:
                raise InvalidValueError(
                    where=f"{name}: ", field="value", value=measured.value, expected="a value ≥ 0"
                )
        except GreenmfgError as exc:
            errors.append_error(exc)
    return list(errors)


def _resource_multiplier(unit: str, target: str, *, where: str) -> float:
    # water is filed in m3 or t (1 t = 1 m3); waste in t; areas in m2 / hm2 / 亩.
    if target == "m3":
        try:
            return factor_to(unit, "m3", where=where)
        except GreenmfgError:
            return factor_to(unit, "t", where=where)
    return factor_to(unit, target, where=where)


def _measured(m: Any, target: str, where: str) -> float | None:
    if m is None:
        return None
    return float(m.value) * _resource_multiplier(m.unit, target, where=where)


def check_options(gwp_set: str | None, grid_scope: str, grid_basis: str) -> None:
    """``InvalidValueError`` for an unknown GWP set, grid scope or grid basis."""
    for name, value, allowed in (
        ("gwp_set", gwp_set, GWP_SETS),
        ("grid_scope", grid_scope, get_args(GridScope)),
        ("grid_basis", grid_basis, get_args(GridBasis)),
    ):
        if value is not None and value not in allowed:
            raise InvalidValueError(
                where="", field=name, value=value, expected="one of " + ", ".join(allowed)
            )


def method_choice(
    filing: Filing, method: str | None, gwp_set: str | None, include_non_co2: bool | None
) -> MethodChoice:
    """The method a filing is accounted by: ``method`` if given, else the filing's own,
    else ``cn-guideline``; ``include_non_co2`` (when given) overrides the method's rule."""
    choice = resolve_method(
        method or (str(filing.method) if filing.method else None),
        filing.enterprise.industry,
        gwp_set,
    )
    if include_non_co2 is not None and include_non_co2 != choice.include_non_co2:
        choice = MethodChoice(choice.method, choice.guideline, choice.gwp_set, include_non_co2)
    return choice


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
    warnings: list[str] = []
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
                        if grid.warning:
                            warnings.append(grid.warning)
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
            warnings.append(
                f"product {rp.code}: quantity taken as 折百 tonnes (100 % NaOH); give concentration to convert a commercial quantity"
            )
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
            warnings.append(
                f"product {rp.code}: no energy line is assigned to it (set `product` on its lines), so no intensity or quota grade"
            )
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
