"""Data-quality checks of the dynamic management table (数据质量校验).

Each check returns :class:`QualityFlag` values: a stable code, the field, a reason
(English template with named placeholders, translated by the platform) and a severity.

* ``blocking`` — the figures contradict each other (parts that do not add up, a rate
  above 100 %): the filing cannot be submitted until they are corrected.
* ``abnormal`` — the figures are possible but suspicious (a year-on-year jump beyond
  its band, an intensity outside the plausible range of the product, identical figures
  across units, a contradiction with the unit's own accounting, a pollutant above its
  permit limit, a declared veto item): the filing is recorded and the flag goes to the
  unit and to the auditing authority, which confirms or clears it.

Bands, ranges and tolerances come from ``data/supervision/checks-*.yaml``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from enum import StrEnum
from functools import cache
from typing import Any

from greenmfg.core.supervision.data import CheckSettings, PlausibleIntensity, check_settings
from greenmfg.core.supervision.table import METRIC_TO_FIELD, DynamicTable


class Severity(StrEnum):
    BLOCKING = "blocking"  # 数据矛盾, 不得提交
    ABNORMAL = "abnormal"  # 数据异常, 待审核确认


class FlagCode(StrEnum):
    RATE_OUT_OF_RANGE = "rate_out_of_range"  # 比例超出 0–100 %
    PARTS_MISMATCH = "parts_mismatch"  # 分项与合计不符
    UTILISED_EXCEEDS_GENERATED = "utilised_exceeds_generated"  # 利用量大于产生量
    PERMIT_EXCEEDED = "permit_exceeded"  # 污染物浓度超过许可限值
    VETO_DECLARED = "veto_declared"  # 自报否决项
    YOY_JUMP = "yoy_jump"  # 同比异常波动
    IMPLAUSIBLE_INTENSITY = "implausible_intensity"  # 单耗超出合理范围
    IDENTICAL_FIGURES = "identical_figures"  # 不同单位数据雷同
    CONTRADICTS_ACCOUNTING = "contradicts_accounting"  # 与核算数据不符


TEMPLATES: dict[FlagCode, str] = {
    FlagCode.RATE_OUT_OF_RANGE: "%(field)s is %(value).2f %%; a share cannot exceed 100 %%.",
    FlagCode.PARTS_MISMATCH: "%(field)s is %(value).4g but its parts give %(expected).4g (%(parts)s).",
    FlagCode.UTILISED_EXCEEDS_GENERATED: (
        "Solid waste utilised (%(utilised).4g t) exceeds solid waste generated (%(generated).4g t); "
        "explain the stock from earlier years."
    ),
    FlagCode.PERMIT_EXCEEDED: (
        "%(pollutant)s concentration %(concentration).4g %(unit)s exceeds the permit limit "
        "%(limit).4g %(unit)s."
    ),
    FlagCode.VETO_DECLARED: "The unit declared the veto item %(item)s (Art. 15).",
    FlagCode.YOY_JUMP: (
        "%(field)s changed from %(previous).4g to %(value).4g (× %(ratio).2f); the band is "
        "× %(min_ratio).2f to × %(max_ratio).2f (%(source)s, %(status)s)."
    ),
    FlagCode.IMPLAUSIBLE_INTENSITY: (
        "%(field)s is %(value).4g %(unit)s, outside the plausible range %(low).4g–%(high).4g "
        "%(unit)s derived from %(source)s %(clause)s (%(status)s)."
    ),
    FlagCode.IDENTICAL_FIGURES: (
        "The figures %(fields)s are identical to those filed by %(count)d other unit(s)."
    ),
    FlagCode.CONTRADICTS_ACCOUNTING: (
        "%(field)s is %(value).4g in the filing but %(accounted).4g in the unit's own accounting "
        "(difference %(diff_pct).1f %%, tolerance %(tolerance_pct).1f %%)."
    ),
}


@dataclass(frozen=True, slots=True)
class QualityFlag:
    code: FlagCode
    severity: Severity
    field: str
    params: dict[str, Any] = dc_field(default_factory=dict)

    @property
    def template(self) -> str:
        return TEMPLATES[self.code]

    @property
    def reason(self) -> str:
        return self.template % {"field": self.field, **self.params}

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code.value,
            "severity": self.severity.value,
            "field": self.field,
            "reason": self.reason,
            "params": dict(self.params),
        }


def _rel_diff(a: float, b: float) -> float:
    scale = max(abs(a), abs(b))
    return 0.0 if scale == 0 else abs(a - b) / scale


def check_parts(table: DynamicTable, settings: CheckSettings | None = None) -> list[QualityFlag]:
    """Parts that must add up, rates within 0–100 %, permit limits and declared vetoes."""
    s = settings or check_settings()
    tol = s.tolerance.parts
    flags: list[QualityFlag] = []
    for name in ("renewable_share_pct", "water_reuse_rate_pct", "solid_waste_utilisation_rate_pct"):
        value = getattr(table, name)
        if value is not None and value > 100:
            flags.append(
                QualityFlag(FlagCode.RATE_OUT_OF_RANGE, Severity.BLOCKING, name, {"value": value})
            )

    t = table
    if t.co2_total_t is not None and t.co2_scope1_t is not None and t.co2_scope2_t is not None:
        parts = t.co2_scope1_t + t.co2_scope2_t
        if _rel_diff(parts, t.co2_total_t) > tol:
            flags.append(
                QualityFlag(
                    FlagCode.PARTS_MISMATCH,
                    Severity.BLOCKING,
                    "co2_total_t",
                    {
                        "value": t.co2_total_t,
                        "expected": parts,
                        "parts": "co2_scope1_t + co2_scope2_t",
                    },
                )
            )
    if (
        t.water_withdrawal_m3 is not None
        and t.water_reused_m3 is not None
        and t.water_reuse_rate_pct is not None
    ):
        total = t.water_withdrawal_m3 + t.water_reused_m3
        if total > 0:
            expected = 100 * t.water_reused_m3 / total
            if abs(expected - t.water_reuse_rate_pct) > 100 * tol:
                flags.append(
                    QualityFlag(
                        FlagCode.PARTS_MISMATCH,
                        Severity.BLOCKING,
                        "water_reuse_rate_pct",
                        {
                            "value": t.water_reuse_rate_pct,
                            "expected": expected,
                            "parts": "water_reused_m3 / (water_withdrawal_m3 + water_reused_m3)",
                        },
                    )
                )
    gen, used = t.solid_waste_generated_t, t.solid_waste_utilised_t
    if gen is not None and used is not None:
        if used > gen * (1 + tol):
            flags.append(
                QualityFlag(
                    FlagCode.UTILISED_EXCEEDS_GENERATED,
                    Severity.ABNORMAL,
                    "solid_waste_utilised_t",
                    {"utilised": used, "generated": gen},
                )
            )
        elif gen > 0 and t.solid_waste_utilisation_rate_pct is not None:
            expected = 100 * used / gen
            if abs(expected - t.solid_waste_utilisation_rate_pct) > 100 * tol:
                flags.append(
                    QualityFlag(
                        FlagCode.PARTS_MISMATCH,
                        Severity.BLOCKING,
                        "solid_waste_utilisation_rate_pct",
                        {
                            "value": t.solid_waste_utilisation_rate_pct,
                            "expected": expected,
                            "parts": "solid_waste_utilised_t / solid_waste_generated_t",
                        },
                    )
                )
    va = t.value_added_10k_yuan
    if va is not None and va > 0:
        for name, total_name, factor in (
            ("energy_per_value_added", "energy_total_tce", 1000.0),
            ("co2_per_value_added", "co2_total_t", 1000.0),
        ):
            stated = getattr(t, name)
            total_value = getattr(t, total_name)
            if stated is None or total_value is None:
                continue
            expected = total_value * factor / va
            if _rel_diff(stated, expected) > tol:
                flags.append(
                    QualityFlag(
                        FlagCode.PARTS_MISMATCH,
                        Severity.BLOCKING,
                        name,
                        {
                            "value": stated,
                            "expected": expected,
                            "parts": f"{total_name} × 1000 / value_added_10k_yuan",
                        },
                    )
                )
    for reading in t.pollutants:
        if reading.exceeds:
            flags.append(
                QualityFlag(
                    FlagCode.PERMIT_EXCEEDED,
                    Severity.ABNORMAL,
                    f"pollutant:{reading.pollutant}",
                    {
                        "pollutant": reading.pollutant,
                        "concentration": reading.concentration,
                        "limit": reading.permit_limit,
                        "unit": reading.unit,
                    },
                )
            )
    for item in t.vetoes_declared:
        flags.append(
            QualityFlag(
                FlagCode.VETO_DECLARED,
                Severity.ABNORMAL,
                f"veto:{item.value}",
                {"item": item.value},
            )
        )
    return flags


def check_yoy(
    table: DynamicTable, previous: DynamicTable | None, settings: CheckSettings | None = None
) -> list[QualityFlag]:
    """Year-on-year changes beyond the configured bands (同比异常)."""
    if previous is None:
        return []
    s = settings or check_settings()
    flags: list[QualityFlag] = []
    for band in s.yoy_bands:
        now = getattr(table, band.field, None)
        before = getattr(previous, band.field, None)
        if now is None or before is None or before <= 0:
            continue
        ratio = now / before
        if ratio < band.min_ratio or ratio > band.max_ratio:
            flags.append(
                QualityFlag(
                    FlagCode.YOY_JUMP,
                    Severity.ABNORMAL,
                    band.field,
                    {
                        "value": now,
                        "previous": before,
                        "ratio": ratio,
                        "min_ratio": band.min_ratio,
                        "max_ratio": band.max_ratio,
                        "source": band.source,
                        "status": band.status,
                    },
                )
            )
    return flags


@cache
def quota_rows() -> tuple[PlausibleIntensity, ...]:
    """Plausible-range rows from the accounting quota data (core/data/quotas): each product's
    headline energy quota with positive level 1 and level 3 (a negative level, e.g. BOF
    steel, gives no range)."""
    from greenmfg.core.accounting.catalogue import PRODUCTS
    from greenmfg.core.accounting.quotas import default_quotas

    quotas = default_quotas()
    rows: list[PlausibleIntensity] = []
    for code, product in sorted(PRODUCTS.items()):
        quota = next(
            (quotas[k] for k in product.quotas if k in quotas and quotas[k].basis == "energy"),
            None,
        )
        if quota is None:
            continue
        l1, _l2, l3 = quota.levels
        if l1 is None or l3 is None or l1 <= 0 or l3 <= 0:
            continue
        rows.append(
            PlausibleIntensity.model_validate(
                {
                    "product": code,
                    "metric": "energy_per_product",
                    "unit": quota.unit,
                    "level_1": l1,
                    "level_3": l3,
                    "source": quota.standard,
                    "clause": f"{quota.clause} {quota.indicator}",
                    "status": str(quota.status),
                }
            )
        )
    return tuple(rows)


def _intensity_rows(s: CheckSettings) -> dict[str, PlausibleIntensity]:
    """This file's rows first, then the quota data's for products the file does not name."""
    rows = {r.product: r for r in quota_rows()}
    rows.update({r.product: r for r in s.plausible_intensity})
    return rows


def _bounds(row: PlausibleIntensity, s: CheckSettings) -> tuple[float, float]:
    m = s.plausible_multipliers
    return row.level_1 * m.below_level_1, row.level_3 * m.above_level_3


def plausible_range(
    product: str, settings: CheckSettings | None = None
) -> tuple[float, float] | None:
    """The plausible unit-product energy range (kgce/t) of ``product``, or None if unknown."""
    s = settings or check_settings()
    row = _intensity_rows(s).get(product)
    return None if row is None else _bounds(row, s)


def check_plausibility(
    table: DynamicTable, settings: CheckSettings | None = None
) -> list[QualityFlag]:
    """Unit-product energy outside the range implied by the product's quota standard."""
    s = settings or check_settings()
    rows = _intensity_rows(s)
    flags: list[QualityFlag] = []
    for product, value in sorted(table.energy_per_product.items()):
        row = rows.get(product)
        if row is None:
            continue
        low, high = _bounds(row, s)
        if value < low or value > high:
            flags.append(
                QualityFlag(
                    FlagCode.IMPLAUSIBLE_INTENSITY,
                    Severity.ABNORMAL,
                    f"energy_per_product:{product}",
                    {
                        "value": value,
                        "unit": row.unit,
                        "low": low,
                        "high": high,
                        "source": row.source,
                        "clause": row.clause,
                        "status": row.status,
                    },
                )
            )
    return flags


def check_against_accounting(
    table: DynamicTable, metrics: Mapping[str, float], settings: CheckSettings | None = None
) -> list[QualityFlag]:
    """Filed figures that contradict the unit's own accounting result (与核算数据不符)."""
    s = settings or check_settings()
    tol = s.tolerance.accounting
    filed = table.figures()
    flags: list[QualityFlag] = []
    pairs: list[tuple[str, str]] = [(code, fld) for code, fld in METRIC_TO_FIELD.items()]
    pairs += [(code, code) for code in metrics if code.partition(":")[2]]
    for code, fld in pairs:
        if code not in metrics or fld not in filed:
            continue
        accounted = float(metrics[code])
        value = filed[fld]
        diff = _rel_diff(value, accounted)
        if diff > tol:
            flags.append(
                QualityFlag(
                    FlagCode.CONTRADICTS_ACCOUNTING,
                    Severity.ABNORMAL,
                    fld,
                    {
                        "value": value,
                        "accounted": accounted,
                        "diff_pct": 100 * diff,
                        "tolerance_pct": 100 * tol,
                    },
                )
            )
    return flags


def check_identical(
    tables: Mapping[Hashable, DynamicTable], settings: CheckSettings | None = None
) -> dict[Hashable, list[QualityFlag]]:
    """Identical figures across different units (数据雷同).

    Two filings of different units (different USCC) that agree on every field of
    ``identical_fields`` (each present and non-zero) are flagged.  The reason says how
    many other units match, never who they are: the flag is shown to the unit itself, and
    another unit's identity is not its business.  Their credit codes travel in the
    ``other_usccs`` parameter for the auditing authority, whose pages show only the
    matching units within its own region.
    """
    s = settings or check_settings()
    groups: dict[tuple[float, ...], list[Hashable]] = defaultdict(list)
    for key, table in tables.items():
        values = [getattr(table, f) for f in s.identical_fields]
        if any(v is None or v == 0 for v in values):
            continue
        groups[tuple(float(v) for v in values)].append(key)
    out: dict[Hashable, list[QualityFlag]] = {}
    for members in groups.values():
        usccs = {tables[k].identity.uscc for k in members}
        if len(usccs) < 2:
            continue
        for key in members:
            me = tables[key].identity.uscc
            others = sorted({tables[o].identity.uscc for o in members} - {me})
            out.setdefault(key, []).append(
                QualityFlag(
                    FlagCode.IDENTICAL_FIGURES,
                    Severity.ABNORMAL,
                    ",".join(s.identical_fields),
                    {
                        "fields": ", ".join(s.identical_fields),
                        "count": len(others),
                        "other_usccs": ",".join(others),
                    },
                )
            )
    return out


def check_table(
    table: DynamicTable,
    *,
    previous: DynamicTable | None = None,
    metrics: Mapping[str, float] | None = None,
    settings: CheckSettings | None = None,
) -> list[QualityFlag]:
    """Every single-filing check: parts, plausibility, year-on-year and accounting."""
    s = settings or check_settings()
    flags = check_parts(table, s) + check_plausibility(table, s) + check_yoy(table, previous, s)
    if metrics is not None:
        flags += check_against_accounting(table, metrics, s)
    return flags


def blocking(flags: list[QualityFlag]) -> list[QualityFlag]:
    return [f for f in flags if f.severity is Severity.BLOCKING]
