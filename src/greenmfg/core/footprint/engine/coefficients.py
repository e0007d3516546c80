"""Coefficients (kgCO2e per unit) and the unit multipliers of raw lines."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

from greenmfg.core.accounting.catalogue import CARRIERS, CarrierKind
from greenmfg.core.accounting.engine import account
from greenmfg.core.accounting.factors import FactorSet
from greenmfg.core.accounting.resolve import activity_multiplier
from greenmfg.core.filing.model import EnergyLine, EnterpriseRef, Filing
from greenmfg.core.units import factor_to


@lru_cache(maxsize=4096)
def flow_multiplier(factor_unit: str, flow_unit: str) -> float:
    """``k`` converting a factor in ``factor_unit`` to kgCO2e per ``flow_unit``."""
    return factor_to(factor_unit, f"kgCO2e/({flow_unit})")


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
