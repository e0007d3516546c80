"""Resolving each input line to its amount, coefficient, share and factors."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from greenmfg.core.accounting.catalogue import CARRIERS, CarrierKind
from greenmfg.core.accounting.engine import check_filing_located
from greenmfg.core.accounting.factors import FactorSet, default_factor_set
from greenmfg.core.accounting.resolve import activity_multiplier
from greenmfg.core.errors import FootprintInvalidError, GreenmfgError, PactInvalidError
from greenmfg.core.filing.model import Filing, Measured, Origin
from greenmfg.core.footprint.engine.allocation import _shares
from greenmfg.core.footprint.engine.base import ALLOCATED_SECTIONS, _issue
from greenmfg.core.footprint.engine.coefficients import (
    RawLine,
    energy_coefficient,
    flow_multiplier,
)
from greenmfg.core.footprint.library import FactorLibrary, FootprintFactor, default_library
from greenmfg.core.footprint.model import (
    AllocationMethod,
    Boundary,
    FootprintInput,
    Stage,
)
from greenmfg.core.units import factor_to, parse_unit


@lru_cache(maxsize=64)
def _gwp(fs: FactorSet, gas: str, gwp_set: str) -> tuple[float, str | None]:
    if gas.upper() in ("CO2", "CO2E"):
        return 1.0, None
    fid = f"gwp.{gwp_set}.{gas}"
    if fid not in fs:
        raise KeyError(gas)
    return fs.get(fid).value, fid


@dataclass
class _Resolved:
    section: str
    index: int
    name: str
    stage: Stage
    amount: float
    coefficient: float
    share: float
    primary: bool
    gases: tuple[tuple[str, float], ...]  # per unit of amount
    factor_ids: tuple[str, ...]
    raw: RawLine


@dataclass
class Resolution:
    lines: list[_Resolved]
    refs: dict[str, dict[str, Any]]
    warnings: list[str]
    allocation: dict[str, Any]
    product_mass_kg: float | None


def _user_ref(fid: str, name: str, value: float, unit: str, source: str | None) -> dict[str, Any]:
    return {
        "factor_id": fid,
        "name": name,
        "value": value,
        "unit": unit,
        "status": "user",
        "source_doc": source or "given in the footprint input",
        "clause": "-",
        "data_year": None,
        "source_url": None,
    }


def resolve_lines(
    inp: FootprintInput,
    *,
    library: FactorLibrary | None = None,
    factor_set: FactorSet | None = None,
    file: str = "input",
) -> Resolution:
    """Every line as (amount, coefficient, share, stage, primary, factors), or a
    :class:`FootprintInvalidError` listing every problem found (nothing is computed)."""
    lib = library or default_library()
    fs = factor_set or default_factor_set()
    issues: list[dict[str, Any]] = []
    warnings: list[str] = []
    refs: dict[str, dict[str, Any]] = {}
    out: list[_Resolved] = []
    me = inp.product.name
    try:
        parse_unit(inp.product.declared_unit)
    except GreenmfgError as exc:
        issues.append(_issue("product", None, "declared_unit", exc.message))
    mass_kg = None
    if inp.product.mass is not None:
        try:
            mass_kg = inp.product.mass.value * factor_to(inp.product.mass.unit, "kg")
        except GreenmfgError as exc:
            issues.append(_issue("product", None, "mass.unit", exc.message))
    shares, statement = _shares(inp, issues)
    names = set(shares)
    subdivision = (
        inp.allocation is not None and inp.allocation.method is AllocationMethod.SUBDIVISION
    )

    def share_of(
        section: str, i: int, product: str | None, downstream: bool = False
    ) -> float | None:
        if downstream or section not in ALLOCATED_SECTIONS or inp.allocation is None:
            if product is not None and product != me:
                issues.append(
                    _issue(section, i, "product", f"{product!r} is not the declared product {me!r}")
                )
                return None
            return 1.0
        if product is not None:
            if product not in names:
                issues.append(
                    _issue(
                        section,
                        i,
                        "product",
                        f"{product!r} is not among the co-products {sorted(names)}",
                    )
                )
                return None
            return 1.0 if product == me else 0.0
        if subdivision:
            issues.append(
                _issue(
                    section,
                    i,
                    "product",
                    "is missing: with allocation by subdivision every line names its product",
                )
            )
            return None
        return shares.get(me, 0.0)

    def flow_coef(
        section: str, i: int, unit: str, value: float, f_unit: str, fld: str
    ) -> float | None:
        try:
            parse_unit(unit)
        except GreenmfgError as exc:
            issues.append(_issue(section, i, "unit", exc.message))
            return None
        try:
            return value * flow_multiplier(f_unit, unit)
        except GreenmfgError:
            issues.append(
                _issue(
                    section,
                    i,
                    fld,
                    f"unit {f_unit!r} does not fit a flow in {unit!r} (expected kgCO2e per {unit})",
                )
            )
            return None

    def library_row(
        section: str, i: int, fid: str, kinds: tuple[str, ...]
    ) -> FootprintFactor | None:
        if fid not in lib:
            issues.append(
                _issue(section, i, "library", f"{fid!r} is not in the footprint factor library")
            )
            return None
        row = lib.get(fid)
        if row.kind not in kinds:
            issues.append(
                _issue(
                    section,
                    i,
                    "library",
                    f"{fid!r} is a {row.kind} factor, not {' / '.join(kinds)}",
                )
            )
            return None
        return row

    # materials (原材料获取)
    for i, m in enumerate(inp.materials, start=1):
        share = share_of("materials", i, m.product)
        fid: str
        primary = m.primary
        fv, fu = 0.0, "kgCO2e/kg"
        if m.factor is not None:
            fv, fu = m.factor.value, m.factor.unit
            coef = flow_coef("materials", i, m.unit, m.factor.value, m.factor.unit, "factor.unit")
            fid = f"input:materials[{i}]"
            ref = _user_ref(fid, m.name, m.factor.value, m.factor.unit, m.factor.source)
        elif m.supplier is not None or m.pact is not None:
            if m.pact is not None:
                from greenmfg.core.footprint.pact import pact_import, supplier_footprint

                try:
                    s = supplier_footprint(pact_import(m.pact, file=f"materials line {i}"))
                except PactInvalidError as exc:
                    issues.append(
                        _issue(
                            "materials",
                            i,
                            "pact" + str(exc.params["path"]).rstrip("/"),
                            str(exc.params["reason"]),
                        )
                    )
                    continue
            else:
                assert m.supplier is not None
                s = m.supplier
            fv, fu = s.value, s.unit
            coef = flow_coef("materials", i, m.unit, s.value, s.unit, "supplier.unit")
            fid = f"supplier:{s.pact_id or (s.company or '') + '/' + (s.product or m.name)}"
            ref = _user_ref(fid, m.name, s.value, s.unit, None)
            ref["status"] = "supplier"
            ref["source_doc"] = (
                "supplier footprint"
                + (f" ({s.company})" if s.company else "")
                + (f", PACT id {s.pact_id}" if s.pact_id else "")
            )
            primary = True
        else:
            assert m.library is not None
            row = library_row("materials", i, m.library, ("material",))
            if row is not None:
                fv, fu = row.value, row.unit
            coef = (
                None
                if row is None
                else flow_coef("materials", i, m.unit, row.value, row.unit, "library")
            )
            fid = m.library
            ref = row.ref() if row is not None else {}
        if coef is None or share is None:
            continue
        refs.setdefault(fid, ref)
        if inp.boundary is Boundary.GATE_TO_GATE:
            continue
        out.append(
            _Resolved(
                "materials",
                i,
                m.name,
                Stage.RAW_MATERIALS,
                m.quantity,
                coef,
                share,
                primary,
                (("CO2e", coef),),
                (fid,),
                RawLine("flow", m.quantity, m.unit, None, None, fv, fu, None),
            )
        )

    # energy (能源): through the accounting engine
    energy_plain = tuple(e.model_copy(update={"product": None}) for e in inp.energy)
    if energy_plain:
        filing = Filing(enterprise=inp.enterprise, year=inp.year, energy=energy_plain)
        for section, idx, err in check_filing_located(filing):
            line = None if idx is None else idx + 1
            fld = str(err.params.get("field") or ("unit" if "unit" in err.params else section))
            issues.append(_issue("energy", line, fld, err.message.split(": ", 1)[-1]))
    bad_energy = {i["line"] for i in issues if i["section"] == "energy"}
    for i, e in enumerate(inp.energy, start=1):
        share = share_of("energy", i, e.product)
        if share is None or i in bad_energy:
            continue
        carrier = CARRIERS[e.carrier]
        plain = energy_plain[i - 1]
        elec_fid = None
        if (
            carrier.kind is CarrierKind.ELECTRICITY
            and plain.emission_factor is None
            and plain.origin is not Origin.SELF_RENEWABLE
        ):
            row, warn = lib.electricity(inp.year, inp.enterprise.adcode)
            if warn and warn not in warnings:
                warnings.append(warn)
            plain = plain.model_copy(
                update={"emission_factor": Measured(value=row.value, unit=row.unit)}
            )
            elec_fid = row.factor_id
            refs.setdefault(row.factor_id, row.ref())
        elif carrier.kind is CarrierKind.ELECTRICITY and plain.origin is Origin.SELF_RENEWABLE:
            w = (
                f"energy line {i}: self-generated renewable electricity counts 0 unless the line "
                "gives its life-cycle factor (e.g. the PV or wind carbon-footprint factor)"
            )
            warnings.append(w)
        # an electricity factor enters linearly: the accounting engine prices one unit of
        # the factor's unit, the line multiplies by the factor's value (one call per unit)
        ef_value = 1.0
        if carrier.kind is CarrierKind.ELECTRICITY and plain.emission_factor is not None:
            ef_value = plain.emission_factor.value
            plain = plain.model_copy(
                update={"emission_factor": Measured(value=1.0, unit=plain.emission_factor.unit)}
            )
        key = plain.model_copy(
            update={"quantity": 0.0, "unit": carrier.unit, "note": None}
        ).model_dump_json()
        unit_coef, unit_gases, erefs, ewarn = energy_coefficient(
            key, inp.year, inp.enterprise.adcode, inp.gwp_set, fs
        )
        coef = ef_value * unit_coef
        gases = tuple((g, ef_value * c) for g, c in unit_gases)
        fids: list[str] = []
        if elec_fid is not None:
            fids.append(elec_fid)
        elif carrier.kind is CarrierKind.ELECTRICITY and e.emission_factor is not None:
            fid = f"input:energy[{i}].emission_factor"
            refs.setdefault(
                fid,
                _user_ref(fid, e.carrier, e.emission_factor.value, e.emission_factor.unit, None),
            )
            fids.append(fid)
        for fid_, r in erefs:
            if elec_fid is None and carrier.kind is not CarrierKind.ELECTRICITY:
                refs.setdefault(fid_, r)
                fids.append(fid_)
        for w in ewarn:
            if w not in warnings:
                warnings.append(w)
        amount = e.quantity * activity_multiplier(carrier, e.unit)
        out.append(
            _Resolved(
                "energy",
                i,
                e.carrier,
                Stage.PRODUCTION,
                amount,
                coef,
                share,
                True,
                gases,
                tuple(fids),
                RawLine("energy", e.quantity, e.unit, None, None, ef_value, "1", e.carrier, key),
            )
        )

    # process emissions (工艺过程排放)
    for i, p in enumerate(inp.process, start=1):
        share = share_of("process", i, p.product)
        try:
            kg = factor_to(p.unit, "kg")
        except GreenmfgError as exc:
            issues.append(_issue("process", i, "unit", exc.message))
            continue
        try:
            gwp, gfid = _gwp(fs, p.gas, inp.gwp_set)
        except KeyError:
            issues.append(
                _issue("process", i, "gas", f"{p.gas!r} has no {inp.gwp_set} GWP in the factor set")
            )
            continue
        if share is None:
            continue
        if gfid:
            refs.setdefault(gfid, fs.get(gfid).ref())
        gas = p.gas.upper() if p.gas.upper() in ("CO2", "CH4", "N2O") else "other"
        out.append(
            _Resolved(
                "process",
                i,
                p.name,
                Stage.PRODUCTION,
                p.quantity * kg,
                gwp,
                share,
                True,
                ((gas, gwp),),
                (gfid,) if gfid else (),
                RawLine("process", p.quantity, p.unit, None, None, gwp, "1", None),
            )
        )

    # transport (运输): t·km × mode factor
    for i, t in enumerate(inp.transport, start=1):
        stage = Stage(t.stage)
        share = share_of("transport", i, t.product, downstream=stage is Stage.DISTRIBUTION)
        try:
            tonnes = t.mass.value * factor_to(t.mass.unit, "t")
        except GreenmfgError:
            issues.append(
                _issue("transport", i, "mass.unit", f"{t.mass.unit!r} is not a mass unit")
            )
            continue
        try:
            km = t.distance.value * factor_to(t.distance.unit, "km")
        except GreenmfgError:
            issues.append(
                _issue("transport", i, "distance.unit", f"{t.distance.unit!r} is not a length unit")
            )
            continue
        for fld, v in (("mass.value", t.mass.value), ("distance.value", t.distance.value)):
            if v < 0:
                issues.append(_issue("transport", i, fld, f"must be ≥ 0 (got {v!r})"))
        if t.factor is not None:
            fval, funit, fid = t.factor.value, t.factor.unit, f"input:transport[{i}]"
            ref = _user_ref(fid, f"{t.mode} t·km", fval, funit, t.factor.source)
        else:
            code = t.library or t.mode
            cands = [r for r in lib.by_kind("transport") if r.factor_id == code or r.code == code]
            if not cands:
                issues.append(
                    _issue(
                        "transport",
                        i,
                        "mode" if t.library is None else "library",
                        f"{code!r}: no transport factor in the library; give factor",
                    )
                )
                continue
            row = cands[0]
            fval, funit, fid, ref = row.value, row.unit, row.factor_id, row.ref()
        try:
            coef = fval * factor_to(funit, "kgCO2e/(t*km)")
        except GreenmfgError:
            issues.append(
                _issue(
                    "transport",
                    i,
                    "factor.unit",
                    f"unit {funit!r} does not fit t·km (expected kgCO2e/(t*km))",
                )
            )
            continue
        if share is None or t.mass.value < 0 or t.distance.value < 0:
            continue
        refs.setdefault(fid, ref)
        if inp.boundary is Boundary.GATE_TO_GATE and stage is Stage.RAW_MATERIALS:
            continue
        out.append(
            _Resolved(
                "transport",
                i,
                t.material or t.name,
                stage,
                tonnes * km,
                coef,
                share,
                t.primary,
                (("CO2e", coef),),
                (fid,),
                RawLine(
                    "transport",
                    t.mass.value,
                    t.mass.unit,
                    t.distance.value,
                    t.distance.unit,
                    fval,
                    funit,
                    None,
                ),
            )
        )

    # waste treatment, use, end of life
    for section, lines, stage in (
        ("waste", inp.waste, Stage.PRODUCTION),
        ("use", inp.use, Stage.USE),
        ("end_of_life", inp.end_of_life, Stage.END_OF_LIFE),
    ):
        for i, fl in enumerate(lines, start=1):
            share = share_of(section, i, fl.product)
            fv, fu = 0.0, "kgCO2e/kg"
            if fl.factor is not None:
                fv, fu = fl.factor.value, fl.factor.unit
                coef = flow_coef(
                    section, i, fl.unit, fl.factor.value, fl.factor.unit, "factor.unit"
                )
                fid = f"input:{section}[{i}]"
                ref = _user_ref(fid, fl.name, fl.factor.value, fl.factor.unit, fl.factor.source)
            else:
                assert fl.library is not None
                row = library_row(
                    section,
                    i,
                    fl.library,
                    (section, "waste", "electricity", "material", "transport"),
                )
                if row is not None:
                    fv, fu = row.value, row.unit
                coef = (
                    None
                    if row is None
                    else flow_coef(section, i, fl.unit, row.value, row.unit, "library")
                )
                fid = fl.library
                ref = row.ref() if row is not None else {}
            if coef is None or share is None:
                continue
            refs.setdefault(fid, ref)
            out.append(
                _Resolved(
                    section,
                    i,
                    fl.name,
                    stage,
                    fl.quantity,
                    coef,
                    share,
                    fl.primary,
                    (("CO2e", coef),),
                    (fid,),
                    RawLine("flow", fl.quantity, fl.unit, None, None, fv, fu, None),
                )
            )

    # boundary (系统边界)
    if inp.boundary is Boundary.CRADLE_TO_GRAVE:
        if not inp.use:
            issues.append(
                _issue(
                    "use",
                    None,
                    "use",
                    "is missing: a cradle-to-grave footprint needs use-stage data",
                )
            )
        if not inp.end_of_life:
            issues.append(
                _issue(
                    "end_of_life",
                    None,
                    "end_of_life",
                    "is missing: a cradle-to-grave footprint needs end-of-life data",
                )
            )
    else:
        dropped = [r for r in out if r.stage in (Stage.DISTRIBUTION, Stage.USE, Stage.END_OF_LIFE)]
        if dropped:
            warnings.append(
                f"{len(dropped)} distribution / use / end-of-life line(s) lie outside the {inp.boundary} boundary and are not counted"
            )
        out = [r for r in out if r not in dropped]
        if inp.boundary is Boundary.GATE_TO_GATE and (
            inp.materials or any(t.stage == "raw_materials" for t in inp.transport)
        ):
            warnings.append(
                "gate-to-gate: materials and their inbound transport are outside the boundary"
            )
    if issues:
        raise FootprintInvalidError(file=file, issues=issues)
    return Resolution(out, refs, warnings, statement, mass_kg)
