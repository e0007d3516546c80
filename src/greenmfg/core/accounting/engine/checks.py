"""Checks of a filing before accounting, each problem located."""

from __future__ import annotations

from collections.abc import Collection

from greenmfg.core.accounting.catalogue import CARRIERS, FEEDSTOCKS, MATERIALS, CarrierKind
from greenmfg.core.accounting.engine.base import (
    _product_codes,
    _resource_multiplier,
    _where_energy,
)
from greenmfg.core.accounting.resolve import (
    activity_multiplier,
)
from greenmfg.core.accounting.sectors import (
    check_process_line,
    heat_gj_per_t,
    resolve_product,
)
from greenmfg.core.errors import (
    GreenmfgError,
    InvalidValueError,
    MissingValueError,
    UnknownCodeError,
)
from greenmfg.core.filing.model import EnergyLine, Filing, Origin, ProcessLine
from greenmfg.core.units import factor_to


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
        errors.section, errors.line_index = "energy", i
        try:
            check_energy_line(
                line, where=_where_energy(i), products=products, by_products=by_products
            )
        except GreenmfgError as exc:
            errors.append_error(exc)
    for i, p in enumerate(filing.process):
        errors.section, errors.line_index = "process", i
        try:
            check_process(p, where=f"process line {i + 1}: ", products=products)
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


def check_energy_line(
    line: EnergyLine,
    *,
    where: str,
    products: Collection[str] | None,
    by_products: Collection[str],
) -> None:
    """Raise the first problem of one energy line (``products``: the product names the
    filing may tag lines with; None skips that check; ``by_products``: the by-product
    gases of the filing's industry)."""
    carrier = CARRIERS.get(line.carrier)
    if carrier is None and line.carrier in FEEDSTOCKS:
        raise InvalidValueError(
            where=where,
            field="carrier",
            value=line.carrier,
            expected="an energy carrier; a feedstock (原料) is filed as a process line whose material has the same code",
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
                "by_product only for the by-product gases the industry's guideline lists"
                if by_products
                else "no by-product gas: the industry has none under its guideline"
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
    _check_product_tag(line.product, where=where, products=products)


def _check_product_tag(
    product: str | None, *, where: str, products: Collection[str] | None
) -> None:
    """A line tagged to a product must name one of the filing's products."""
    if products is not None and product is not None and product not in products:
        raise UnknownCodeError(
            where=where,
            kind="product (not among the filing's products)",
            value=product,
            expected=", ".join(sorted(products)) or "none filed",
        )


def check_process(p: ProcessLine, *, where: str, products: Collection[str] | None) -> None:
    """Raise the first problem of one process line (``products`` as for
    :func:`check_energy_line`)."""
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
    _check_product_tag(p.product, where=where, products=products)
