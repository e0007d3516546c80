"""Green manufacturing degrees per unit of qualified product (单位合格产品的绿色制造度).

- **GD green degree (绿色度)** = theoretical ÷ actual resource consumption per unit of
  qualified product (both in the same unit, e.g. t of raw material per t of product);
  1 = no loss beyond the theoretical minimum.
- **LCD low-carbon degree (低碳度)** = international leading CO2 intensity ÷ actual CO2
  intensity of the product (tCO2e/t); the leading values are data
  (``core/data/indices/lcd-leading-*.yaml``, each row with source and status).  LCD > 1
  means better than the international leading value.
- **CD circular degree (循环度)** = inputs that are other industries' wastes (t) ÷ all
  material inputs (t).
- **SD smart degree (智能度)** = output value per employee ÷ the highest output value per
  employee in the same 4-digit industry class among the units assessed.

Aggregation to an industry or a region (stated with every figure): the output-weighted
mean (weights = output value, 万元; units without output value are left out of the mean)
and the median (unweighted), with the count of units that have the degree.
A degree that cannot be computed is ``None`` — never 0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from statistics import median

from greenmfg.core.errors import InvalidValueError
from greenmfg.core.indices.methods import LeadingValues, leading_values

DEGREES: tuple[str, ...] = ("gd", "lcd", "cd", "sd")
DEGREE_NAMES: dict[str, tuple[str, str]] = {
    "gd": ("绿色度", "Green degree"),
    "lcd": ("低碳度", "Low-carbon degree"),
    "cd": ("循环度", "Circular degree"),
    "sd": ("智能度", "Smart degree"),
}


@dataclass(frozen=True, slots=True)
class DegreeInput:
    """One enterprise's year, for one main qualified product."""

    uscc: str
    industry: str
    adcode: str
    product: str | None = None  # product code of the leading-value table (LCD)
    output_value: float | None = None  # 万元
    employees: int | None = None
    resource_actual_per_unit: float | None = None
    resource_theoretical_per_unit: float | None = None
    co2_per_unit: float | None = None  # tCO2e per t of qualified product
    waste_inputs_t: float | None = None  # inputs that are other industries' wastes
    total_inputs_t: float | None = None


@dataclass(frozen=True, slots=True)
class Degrees:
    uscc: str
    industry: str
    adcode: str
    output_value: float | None
    gd: float | None
    lcd: float | None
    cd: float | None
    sd: float | None
    lcd_leading_status: str | None = None

    def get(self, name: str) -> float | None:
        value: float | None = getattr(self, name)
        return value

    @property
    def mean(self) -> float | None:
        """Mean of the degrees present (used by the regional index)."""
        present = [v for v in (self.gd, self.lcd, self.cd, self.sd) if v is not None]
        if not present:
            return None
        total = 0.0
        for v in present:
            total = total + v
        return total / len(present)


def _check(unit: DegreeInput, index: int) -> None:
    where = f"unit {index + 1} ({unit.uscc}): "
    for name in (
        "output_value",
        "employees",
        "resource_actual_per_unit",
        "resource_theoretical_per_unit",
        "co2_per_unit",
        "waste_inputs_t",
        "total_inputs_t",
    ):
        value = getattr(unit, name)
        if value is not None and not value >= 0:
            raise InvalidValueError(where=where, field=name, value=value, expected="a value ≥ 0")
    if (
        unit.resource_actual_per_unit is not None
        and unit.resource_theoretical_per_unit is not None
        and unit.resource_theoretical_per_unit > unit.resource_actual_per_unit
    ):
        raise InvalidValueError(
            where=where,
            field="resource_theoretical_per_unit",
            value=unit.resource_theoretical_per_unit,
            expected=f"at most the actual consumption {unit.resource_actual_per_unit}",
        )
    if (
        unit.waste_inputs_t is not None
        and unit.total_inputs_t is not None
        and unit.waste_inputs_t > unit.total_inputs_t
    ):
        raise InvalidValueError(
            where=where,
            field="waste_inputs_t",
            value=unit.waste_inputs_t,
            expected=f"at most the total inputs {unit.total_inputs_t}",
        )


def output_per_employee(unit: DegreeInput) -> float | None:
    if unit.output_value is None or not unit.employees:
        return None
    return unit.output_value / unit.employees


def compute_degrees(
    units: Iterable[DegreeInput], leading: LeadingValues | None = None
) -> list[Degrees]:
    """The four degrees of every unit (SD needs the whole population of its industry)."""
    leading = leading or leading_values()
    units = list(units)
    for index, unit in enumerate(units):
        _check(unit, index)
        if unit.product is not None:
            leading.get(unit.product)  # unknown product → UnknownCodeError

    best: dict[str, float] = {}
    for unit in units:
        ope = output_per_employee(unit)
        if ope is not None and ope > best.get(unit.industry, 0.0):
            best[unit.industry] = ope

    out: list[Degrees] = []
    for unit in units:
        gd = None
        if unit.resource_actual_per_unit and unit.resource_theoretical_per_unit is not None:
            gd = unit.resource_theoretical_per_unit / unit.resource_actual_per_unit
        lcd = None
        status = None
        if unit.product is not None and unit.co2_per_unit:
            row = leading.get(unit.product)
            lcd = row.value / unit.co2_per_unit
            status = row.status
        cd = None
        if unit.total_inputs_t and unit.waste_inputs_t is not None:
            cd = unit.waste_inputs_t / unit.total_inputs_t
        sd = None
        ope = output_per_employee(unit)
        if ope is not None and best.get(unit.industry):
            sd = ope / best[unit.industry]
        out.append(
            Degrees(
                uscc=unit.uscc,
                industry=unit.industry,
                adcode=unit.adcode,
                output_value=unit.output_value,
                gd=gd,
                lcd=lcd,
                cd=cd,
                sd=sd,
                lcd_leading_status=status,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class DegreeAggregate:
    key: str
    degree: str
    count: int
    weighted_mean: float | None  # output-weighted mean
    median: float | None
    method: str = "output-weighted mean (weights: output value, 万元) and unweighted median"


def aggregate_degrees(
    degrees: Sequence[Degrees], key: Callable[[Degrees], str | None]
) -> dict[str, dict[str, DegreeAggregate]]:
    """Aggregate by ``key`` (e.g. industry, province): key → degree → aggregate.

    Units whose key is ``None`` are left out.  Empty groups do not appear; a degree no
    unit of a group has is reported with ``count = 0`` and ``None`` values.
    """
    groups: dict[str, list[Degrees]] = defaultdict(list)
    for d in degrees:
        k = key(d)
        if k is not None:
            groups[k].append(d)
    out: dict[str, dict[str, DegreeAggregate]] = {}
    for k in sorted(groups):
        members = groups[k]
        per: dict[str, DegreeAggregate] = {}
        for name in DEGREES:
            values = [(d.get(name), d.output_value) for d in members]
            present = [v for v, _ in values if v is not None]
            weighted = [(v, w) for v, w in values if v is not None and w]
            wm = None
            if weighted:
                num = 0.0
                den = 0.0
                for v, w in weighted:
                    assert v is not None and w is not None
                    num = num + v * w
                    den = den + w
                wm = num / den
            per[name] = DegreeAggregate(
                key=k,
                degree=name,
                count=len(present),
                weighted_mean=wm,
                median=median(present) if present else None,
            )
        out[k] = per
    return out


def by_industry(d: Degrees) -> str:
    return d.industry


def by_province(d: Degrees) -> str:
    return d.adcode[:2] + "0000"
