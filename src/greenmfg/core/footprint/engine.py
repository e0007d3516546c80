"""Product carbon footprint per GB/T 24067-2024 (ISO 14067): ``compute(input)``.

Every input line becomes ``amount × coefficient`` in kgCO2e, then is multiplied by its
allocation share; the footprint per declared unit is the sum ÷ ``quantity``:

* material / waste / use / end-of-life: ``quantity × (factor × k)``, ``k`` converting the
  factor's unit to kgCO2e per unit of the flow;
* transport: ``(mass in t × distance in km) × (factor × k)``, factor per t·km;
* energy (filing-format lines): ``activity × coefficient``, the coefficient (kgCO2e per
  activity unit) computed by the accounting engine (:func:`greenmfg.core.accounting.account`)
  for one unit of the line; electricity without its own factor takes the electricity
  carbon-footprint factor of the library (life-cycle, not the Scope 2 grid factor);
* process emissions: ``mass in kg × GWP`` (the accounting factor set's GWP table).

Allocation (分配), GB/T 24067-2024 order: lines that name their ``product`` are
subdivided (细分, no allocation); the shared rest is split by a physical relationship
(mass), or — only with a stated justification — by economic value; explicit ``shares``
must add to 1.  Distribution, use and end-of-life lines are the declared product's own.

Sums run line by line in a fixed order (materials, energy, process, transport, waste,
use, end of life), so the batch path (:mod:`greenmfg.core.batch.footprint`) reproduces
them exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from pydantic import ValidationError

from greenmfg.core.accounting.catalogue import CARRIERS, CarrierKind
from greenmfg.core.accounting.engine import account, check_filing_located
from greenmfg.core.accounting.factors import FactorSet, default_factor_set
from greenmfg.core.accounting.resolve import activity_multiplier
from greenmfg.core.errors import FootprintInvalidError, GreenmfgError, PactInvalidError
from greenmfg.core.filing.model import EnergyLine, EnterpriseRef, Filing, Measured, Origin
from greenmfg.core.footprint.library import FactorLibrary, FootprintFactor, default_library
from greenmfg.core.footprint.model import (
    STAGES,
    STANDARD,
    AllocationMethod,
    Boundary,
    FootprintInput,
    Stage,
)
from greenmfg.core.units import factor_to, parse_unit

__all__ = [
    "STANDARD",
    "FootprintResult",
    "LineResult",
    "RawLine",
    "compute",
    "energy_coefficient",
    "flow_multiplier",
    "parse_input",
    "raw_multipliers",
    "resolve_lines",
]

SHARE_TOLERANCE = 1e-6
SECTIONS = ("materials", "energy", "process", "transport", "waste", "use", "end_of_life")
# sections split among co-products; downstream lines are the declared product's own
ALLOCATED_SECTIONS = frozenset({"materials", "energy", "process", "transport", "waste"})
PRIMARY_RULE = (
    "primary data (初级数据): supplier-specific footprints, the plant's own energy use and "
    "process emissions, and lines marked primary; everything else is secondary"
)


@dataclass(frozen=True, slots=True)
class LineResult:
    section: str
    line: int  # 1-based, within its section
    name: str
    stage: str
    amount: float
    coefficient: float  # kgCO2e per unit of amount
    share: float  # allocation share applied
    primary: bool
    kgco2e: float  # amount × coefficient × share (the period total)
    by_gas: tuple[tuple[str, float], ...]  # kgCO2e per gas, after the share
    factor_ids: tuple[str, ...]


@dataclass(frozen=True)
class FootprintResult:
    product: str
    declared_unit: str
    uscc: str
    enterprise: str
    adcode: str
    year: int
    boundary: str
    quantity: float
    total_kgco2e: float
    total_kgco2e_per_unit: float
    by_stage: dict[str, float]
    by_gas: dict[str, float]
    primary_kgco2e: float
    primary_data_share: float | None
    allocation: dict[str, Any]
    lines: tuple[LineResult, ...]
    factors_used: tuple[dict[str, Any], ...]
    warnings: tuple[str, ...]
    library_version: str
    factor_set_version: str
    gwp_set: str
    product_mass_kg: float | None = None
    cpc: str | None = None
    packaging_included: bool = False
    _extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def unverified_count(self) -> int:
        return sum(1 for r in self.factors_used if r.get("status") == "unverified")

    def to_dict(self) -> dict[str, Any]:
        """The JSON form printed by ``greenmfg footprint --json`` and stored by the platform."""
        return {
            "standard": STANDARD,
            "product": {
                "name": self.product,
                "declared_unit": self.declared_unit,
                "mass_kg": self.product_mass_kg,
                "cpc": self.cpc,
            },
            "enterprise": {"uscc": self.uscc, "name": self.enterprise, "adcode": self.adcode},
            "year": self.year,
            "boundary": self.boundary,
            "quantity": self.quantity,
            "total_kgco2e": self.total_kgco2e,
            "total_kgco2e_per_unit": self.total_kgco2e_per_unit,
            "by_stage": dict(self.by_stage),
            "by_gas": dict(self.by_gas),
            "primary_data_share": self.primary_data_share,
            "primary_data_rule": PRIMARY_RULE,
            "allocation": dict(self.allocation),
            "lines": [
                {
                    "section": ln.section,
                    "line": ln.line,
                    "name": ln.name,
                    "stage": ln.stage,
                    "amount": ln.amount,
                    "coefficient": ln.coefficient,
                    "share": ln.share,
                    "primary": ln.primary,
                    "kgco2e": ln.kgco2e,
                    "kgco2e_per_unit": ln.kgco2e / self.quantity,
                    "by_gas": dict(ln.by_gas),
                    "factor_ids": list(ln.factor_ids),
                }
                for ln in self.lines
            ],
            "factors_used": [dict(r) for r in self.factors_used],
            "unverified_factors": self.unverified_count,
            "warnings": list(self.warnings),
            "library_version": self.library_version,
            "factor_set_version": self.factor_set_version,
            "gwp_set": self.gwp_set,
        }


# --------------------------------------------------------------------------- parsing
def _issue(section: str, line: int | None, field_name: str, message: str) -> dict[str, Any]:
    where = section if line is None else f"{section} line {line}"
    return {
        "section": section,
        "line": line,
        "field": field_name,
        "message": f"{where}, field {field_name}: {message}",
    }


def _located(loc: tuple[Any, ...]) -> tuple[str, int | None, str]:
    parts = list(loc)
    section = str(parts.pop(0)) if parts else "-"
    line: int | None = None
    if parts and isinstance(parts[0], int):
        line = int(parts.pop(0)) + 1
    # drop pydantic's union/validator tags
    names = [str(p) for p in parts if not str(p).startswith(("function-", "tagged-union"))]
    return section, line, ".".join(names) or section


def parse_input(data: Any, *, file: str = "input") -> FootprintInput:
    """Validate the JSON dict; every problem (missing or negative quantity, unknown field…)
    is reported with its section, line and field in one :class:`FootprintInvalidError`."""
    if not isinstance(data, dict):
        raise FootprintInvalidError(
            file=file, issues=[_issue("input", None, "-", "expected a JSON object")]
        )
    try:
        return FootprintInput.model_validate(data)
    except ValidationError as exc:
        issues = []
        for err in exc.errors():
            section, line, fname = _located(tuple(err["loc"]))
            if err["type"] == "missing":
                msg = "is missing"
            elif err["type"] in ("greater_than_equal", "greater_than"):
                msg = f"{err['msg'].lower()} (got {err.get('input')!r})"
            else:
                msg = str(err["msg"])
            issues.append(_issue(section, line, fname, msg))
        raise FootprintInvalidError(file=file, issues=issues) from exc


# --------------------------------------------------------------------------- coefficients
@lru_cache(maxsize=4096)
def flow_multiplier(factor_unit: str, flow_unit: str) -> float:
    """``k`` converting a factor in ``factor_unit`` to kgCO2e per ``flow_unit``."""
    return factor_to(factor_unit, f"kgCO2e/({flow_unit})")


@lru_cache(maxsize=64)
def _gwp(fs: FactorSet, gas: str, gwp_set: str) -> tuple[float, str | None]:
    if gas.upper() in ("CO2", "CO2E"):
        return 1.0, None
    fid = f"gwp.{gwp_set}.{gas}"
    if fid not in fs:
        raise KeyError(gas)
    return fs.get(fid).value, fid


@lru_cache(maxsize=4096)
def energy_coefficient(
    line_json: str, year: int, adcode: str, gwp_set: str, fs: FactorSet
) -> tuple[
    float, tuple[tuple[str, float], ...], tuple[tuple[str, dict[str, Any]], ...], tuple[str, ...]
]:
    """kgCO2e per activity unit of an energy line (given as its JSON without quantity),
    computed by the accounting engine for one activity unit; with the split by gas, the
    factor refs used and warnings."""
    line = EnergyLine.model_validate_json(line_json)
    carrier = CARRIERS[line.carrier]
    one = line.model_copy(update={"quantity": 1.0, "unit": carrier.unit, "product": None})
    filing = Filing(
        enterprise=EnterpriseRef(uscc="0", name="-", industry="00", adcode=adcode),
        year=year,
        energy=(one,),
    )
    result = account(filing, gwp_set=gwp_set, factor_set=fs, include_non_co2=True)
    ln = result.energy_lines[0]
    refs = tuple((r.factor_id, r.ref()) for r in result.factors_used)
    gwp = {r.carrier: r.value for r in result.factors_used if r.quantity == "gwp"}
    gases: list[tuple[str, float]] = []
    if carrier.kind is CarrierKind.ELECTRICITY:
        gases.append(("CO2e", ln.co2e_t * 1000.0))  # a life-cycle factor, not split by gas
    else:
        gases.append(("CO2", ln.co2_t * 1000.0))
        if ln.ch4_t:
            gases.append(("CH4", ln.ch4_t * gwp.get("CH4", 0.0) * 1000.0))
        if ln.n2o_t:
            gases.append(("N2O", ln.n2o_t * gwp.get("N2O", 0.0) * 1000.0))
    # equal-value (等价值) coefficients convert energy to tce and never enter CO2e
    warnings = tuple(w for w in result.warnings if "等价值" not in w)
    return ln.co2e_t * 1000.0, tuple(gases), refs, warnings


# --------------------------------------------------------------------------- resolution
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


class RawLine(NamedTuple):
    """A line as the batch path recomputes it: ``amount = q × m1 [× (d × m2)]`` and
    ``coefficient = fval × m3``, the multipliers from the units (see
    :func:`raw_multipliers`)."""

    kind: str  # flow, energy, process, transport
    q: float
    q_unit: str
    d: float | None
    d_unit: str | None
    fval: float
    f_unit: str
    carrier: str | None
    energy_key: str | None = None  # energy lines: the line's JSON for energy_coefficient


def raw_multipliers(
    kind: str, q_unit: str, d_unit: str | None, f_unit: str, carrier: str | None
) -> tuple[float, float, float]:
    """(m1, m2, m3) of a raw line: the very floats the single path multiplies by."""
    if kind == "flow":
        return 1.0, 1.0, flow_multiplier(f_unit, q_unit)
    if kind == "energy":
        assert carrier is not None
        return activity_multiplier(CARRIERS[carrier], q_unit), 1.0, 1.0
    if kind == "process":
        return factor_to(q_unit, "kg"), 1.0, 1.0
    assert d_unit is not None
    return factor_to(q_unit, "t"), factor_to(d_unit, "km"), factor_to(f_unit, "kgCO2e/(t*km)")


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


def _shares(
    inp: FootprintInput, issues: list[dict[str, Any]]
) -> tuple[dict[str, float], dict[str, Any]]:
    """Allocation share of each co-product, and the statement for the result."""
    alloc = inp.allocation
    me = inp.product.name
    if alloc is None:
        return {me: 1.0}, {
            "method": "none",
            "statement": "single product: no co-products, no allocation",
            "share": 1.0,
        }
    names = [p.name for p in alloc.products]
    if me not in names:
        issues.append(
            _issue(
                "allocation", None, "products", f"the declared product {me!r} is not among {names}"
            )
        )
        return {}, {}
    shares: dict[str, float] = {}
    basis = None
    if alloc.shares is not None:
        if set(alloc.shares) != set(names):
            issues.append(
                _issue(
                    "allocation",
                    None,
                    "shares",
                    f"give a share for each of {names} and nothing else",
                )
            )
            return {}, {}
        total = 0.0
        for n in names:
            total += alloc.shares[n]
        if any(v < 0 for v in alloc.shares.values()) or abs(total - 1.0) > SHARE_TOLERANCE:
            issues.append(
                _issue(
                    "allocation",
                    None,
                    "shares",
                    f"shares add to {total:g}; they must be ≥ 0 and add to 1",
                )
            )
            return {}, {}
        shares = {n: float(alloc.shares[n]) for n in names}
        basis = "stated shares"
    elif alloc.method is AllocationMethod.PHYSICAL:
        basis = "mass"
        masses: list[float] = []
        for i, p in enumerate(alloc.products, start=1):
            if p.mass is None:
                issues.append(
                    _issue(
                        "allocation.products",
                        i,
                        "mass",
                        "is missing: physical allocation is by mass",
                    )
                )
                return {}, {}
            try:
                masses.append(p.mass.value * factor_to(p.mass.unit, "kg"))
            except GreenmfgError as exc:
                issues.append(_issue("allocation.products", i, "mass.unit", exc.message))
                return {}, {}
        denom = sum(masses)
        if denom <= 0:
            issues.append(_issue("allocation.products", None, "mass", "the masses add to 0"))
            return {}, {}
        shares = {n: m / denom for n, m in zip(names, masses, strict=True)}
    elif alloc.method is AllocationMethod.ECONOMIC:
        basis = "economic value"
        if not alloc.justification:
            issues.append(
                _issue(
                    "allocation",
                    None,
                    "justification",
                    "is missing: GB/T 24067 allocates by economic value only when no physical "
                    "relationship can be used; say why",
                )
            )
            return {}, {}
        values: list[float] = []
        for i, p in enumerate(alloc.products, start=1):
            if p.value is None:
                issues.append(
                    _issue(
                        "allocation.products",
                        i,
                        "value",
                        "is missing: economic allocation is by value",
                    )
                )
                return {}, {}
            try:
                values.append(p.value.value * factor_to(p.value.unit, "yuan"))
            except GreenmfgError as exc:
                issues.append(_issue("allocation.products", i, "value.unit", exc.message))
                return {}, {}
        denom = sum(values)
        if denom <= 0:
            issues.append(_issue("allocation.products", None, "value", "the values add to 0"))
            return {}, {}
        shares = {n: v / denom for n, v in zip(names, values, strict=True)}
    else:  # subdivision: no shared line may remain (checked per line)
        shares = {n: (1.0 if n == me else 0.0) for n in names}
        basis = None
    statement = {
        "method": str(alloc.method),
        "basis": basis,
        "share": shares.get(me, 0.0),
        "shares": shares,
        "justification": alloc.justification,
        "statement": {
            AllocationMethod.SUBDIVISION: "allocation avoided by subdividing the process (GB/T 24067-2024, step 1)",
            AllocationMethod.PHYSICAL: "shared flows allocated by a physical relationship (mass) (step 2)",
            AllocationMethod.ECONOMIC: "shared flows allocated by economic value (step 3), because: "
            + (alloc.justification or ""),
        }[alloc.method],
    }
    return shares, statement


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


def compute(
    inp: FootprintInput,
    *,
    library: FactorLibrary | None = None,
    factor_set: FactorSet | None = None,
    file: str = "input",
) -> FootprintResult:
    """The product carbon footprint of ``inp`` (raises :class:`FootprintInvalidError`)."""
    lib = library or default_library()
    fs = factor_set or default_factor_set()
    res = resolve_lines(inp, library=lib, factor_set=fs, file=file)
    total = 0.0
    primary = 0.0
    stages = dict.fromkeys((str(s) for s in STAGES), 0.0)
    gases: dict[str, float] = {}
    lines: list[LineResult] = []
    for r in res.lines:
        kg = r.amount * r.coefficient
        allocated = kg * r.share
        total += allocated
        stages[str(r.stage)] += allocated
        if r.primary:
            primary += allocated
        by_gas = tuple((g, r.amount * c * r.share) for g, c in r.gases)
        for g, v in by_gas:
            gases[g] = gases.get(g, 0.0) + v
        lines.append(
            LineResult(
                r.section,
                r.index,
                r.name,
                str(r.stage),
                r.amount,
                r.coefficient,
                r.share,
                r.primary,
                allocated,
                by_gas,
                r.factor_ids,
            )
        )
    q = inp.quantity
    return FootprintResult(
        product=inp.product.name,
        declared_unit=inp.product.declared_unit,
        uscc=inp.enterprise.uscc,
        enterprise=inp.enterprise.name,
        adcode=inp.enterprise.adcode,
        year=inp.year,
        boundary=str(inp.boundary),
        quantity=q,
        total_kgco2e=total,
        total_kgco2e_per_unit=total / q,
        by_stage={k: v / q for k, v in stages.items()},
        by_gas={k: v / q for k, v in gases.items()},
        primary_kgco2e=primary,
        primary_data_share=(primary / total) if total > 0 else None,
        allocation=res.allocation,
        lines=tuple(lines),
        factors_used=tuple(res.refs[k] for k in sorted(res.refs)),
        warnings=tuple(res.warnings),
        library_version=lib.version,
        factor_set_version=fs.version,
        gwp_set=inp.gwp_set,
        product_mass_kg=res.product_mass_kg,
        cpc=inp.product.cpc,
        packaging_included=inp.product.packaging_included,
    )
