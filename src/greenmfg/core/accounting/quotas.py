"""Mandatory unit-product energy quotas (单位产品能源消耗限额) and their grades.

Thresholds come from core/data/quotas/*.yaml (validated at load); the correction kinds
(altitude, clinker share, feed grade, scrap ratio, hot metal ratio, furnace capacity)
are implemented here, their numbers are data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from greenmfg.core.accounting.factors import Status
from greenmfg.core.accounting.messages import (
    QUOTA_ALTITUDE,
    QUOTA_CLINKER_SHARE,
    QUOTA_FEED_GRADE,
    QUOTA_FURNACE_BAND,
    QUOTA_HOT_METAL_RATIO,
    QUOTA_SCRAP_RATIO,
    Notice,
    message_dict,
)
from greenmfg.core.errors import DataFileInvalidError
from greenmfg.core.filing.model import ProductLine

__all__ = ["QuotaDef", "QuotaGrade", "default_quotas", "grade", "load_quotas"]

Level = Literal[1, 2, 3, "non_compliant"]


class Correction(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["altitude", "clinker_share", "iron_grade", "scrap_ratio", "hot_metal_ratio"]
    levels: tuple[int, ...] = (1, 2, 3)
    above_m: float | None = None
    a: float | None = None
    b: float | None = None
    reference_pa: float | None = None
    reference: float | None = None
    per_point: float | tuple[float, float, float] | None = None
    max_points: float | None = None
    note: str = ""


class CapacityBand(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    below_t: float
    levels: tuple[float | None, float | None, float | None]


class QuotaDef(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    standard: str
    title: str
    indicator: str
    indicator_en: str
    basis: Literal["energy", "electricity"]
    unit: Literal["kgce/t", "kWh/t"]
    levels: tuple[float | None, float | None, float | None]
    clause: str
    status: Status
    corrections: tuple[Correction, ...] = ()
    capacity_bands: tuple[CapacityBand, ...] = Field(default=())
    line: int = 0


@dataclass(frozen=True, slots=True)
class QuotaGrade:
    """A product's value against its quota: level 1/2/3 or non-compliant, thresholds after
    correction, and how far it is from the next better level."""

    key: str
    standard: str
    indicator: str
    indicator_en: str
    value: float
    unit: str
    level: Level
    thresholds: tuple[float | None, float | None, float | None]
    next_level: int | None
    distance_to_next: float | None
    corrections_applied: tuple[str, ...]
    status: str
    clause: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "standard": self.standard,
            "indicator": self.indicator,
            "indicator_en": self.indicator_en,
            "value": self.value,
            "unit": self.unit,
            "level": self.level,
            "thresholds": list(self.thresholds),
            "next_level": self.next_level,
            "distance_to_next": self.distance_to_next,
            "corrections": [str(c) for c in self.corrections_applied],
            # the same as template + params, for the platform to translate
            "correction_messages": [message_dict(c) for c in self.corrections_applied],
            "status": self.status,
            "clause": self.clause,
        }


class _LineLoader(yaml.SafeLoader):
    pass


def _mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    data = loader.construct_mapping(node, deep=True)
    data["__line__"] = node.start_mark.line + 1
    return data


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def load_quotas(name: str, text: str) -> dict[str, QuotaDef]:
    """Parse and validate a quota file; ``DataFileInvalidError`` names file, line, field."""
    doc = yaml.load(text, Loader=_LineLoader)  # noqa: S506 — SafeLoader subclass
    if not isinstance(doc, dict) or not isinstance(doc.get("quotas"), dict):
        raise DataFileInvalidError(
            file=name, line=1, field="quotas", reason="expected a mapping of quota definitions"
        )
    out: dict[str, QuotaDef] = {}
    for key, spec in doc["quotas"].items():
        if key == "__line__":
            continue
        line = int(spec.get("__line__", 0)) if isinstance(spec, dict) else 0
        try:
            quota = QuotaDef.model_validate({**_strip(spec), "key": key, "line": line})
        except ValidationError as exc:
            err = exc.errors()[0]
            raise DataFileInvalidError(
                file=name, line=line, field=".".join(str(p) for p in err["loc"]), reason=err["msg"]
            ) from exc
        present = [v for v in quota.levels if v is not None]
        if present != sorted(present):
            raise DataFileInvalidError(
                file=name,
                line=line,
                field="levels",
                reason="levels must not decrease from level 1 to level 3",
            )
        out[key] = quota
    return out


@lru_cache(maxsize=1)
def default_quotas() -> dict[str, QuotaDef]:
    folder = resources.files("greenmfg.core") / "data" / "quotas"
    out: dict[str, QuotaDef] = {}
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".yaml"):
            out.update(load_quotas(item.name, item.read_text(encoding="utf-8")))
    return out


def _pressure_pa(product: ProductLine) -> float | None:
    if product.pressure is not None:
        return product.pressure * 1000.0
    if product.altitude is not None:
        # International standard atmosphere (barometric formula).
        return float(101325.0 * (1.0 - 2.25577e-5 * product.altitude) ** 5.25588)
    return None


def _add(levels: list[float | None], idx: list[int], amount: float) -> None:
    """Add ``amount`` to the levels at ``idx`` the standard defines (others stay None)."""
    for i in idx:
        level = levels[i]
        if level is not None:
            levels[i] = level + amount


def corrected_thresholds(
    quota: QuotaDef, product: ProductLine
) -> tuple[tuple[float | None, float | None, float | None], tuple[str, ...]]:
    """The level thresholds after the standard's correction terms for ``product``."""
    levels = list(quota.levels)
    applied: list[Notice] = []
    if quota.capacity_bands and product.furnace_capacity is not None:
        for band in sorted(quota.capacity_bands, key=lambda b: b.below_t):
            if product.furnace_capacity < band.below_t:
                levels = list(band.levels)
                applied.append(
                    Notice(
                        QUOTA_FURNACE_BAND,
                        capacity=f"{product.furnace_capacity:g}",
                        below=f"{band.below_t:g}",
                    )
                )
                break
    for corr in quota.corrections:
        idx = [lv - 1 for lv in corr.levels]
        if corr.kind == "altitude":
            pressure = _pressure_pa(product)
            high = (product.altitude is not None and product.altitude > (corr.above_m or 0)) or (
                product.altitude is None and pressure is not None and pressure < 84_556.0
            )
            if pressure is None or not high:
                continue
            assert corr.a is not None and corr.b is not None and corr.reference_pa is not None
            k = corr.a - corr.b * pressure / corr.reference_pa
            for i in idx:
                if levels[i] is not None:
                    levels[i] = levels[i] * k  # type: ignore[operator]
            applied.append(
                Notice(QUOTA_ALTITUDE, levels=",".join(map(str, corr.levels)), k=f"{k:.4f}")
            )
        elif corr.kind == "clinker_share" and product.clinker_share is not None:
            assert isinstance(corr.per_point, tuple) and corr.reference is not None
            delta = product.clinker_share - corr.reference
            for i in idx:
                if levels[i] is not None:
                    levels[i] = levels[i] + corr.per_point[i] * delta  # type: ignore[operator]
            applied.append(
                Notice(
                    QUOTA_CLINKER_SHARE,
                    share=f"{product.clinker_share:g}",
                    reference=f"{corr.reference:g}",
                )
            )
        elif corr.kind == "iron_grade" and product.iron_grade is not None:
            assert isinstance(corr.per_point, float) and corr.reference is not None
            points = min(max(corr.reference - product.iron_grade, 0.0), corr.max_points or 100.0)
            if points > 0:
                _add(levels, idx, corr.per_point * points)
                applied.append(
                    Notice(
                        QUOTA_FEED_GRADE,
                        grade=f"{product.iron_grade:g}",
                        amount=f"{corr.per_point * points:g}",
                    )
                )
        elif corr.kind == "scrap_ratio" and product.scrap_ratio is not None:
            assert isinstance(corr.per_point, float)
            _add(levels, idx, corr.per_point * product.scrap_ratio)
            applied.append(Notice(QUOTA_SCRAP_RATIO, ratio=f"{product.scrap_ratio:g}"))
        elif corr.kind == "hot_metal_ratio" and product.hot_metal_ratio is not None:
            assert isinstance(corr.per_point, float)
            _add(levels, idx, corr.per_point * product.hot_metal_ratio)
            applied.append(Notice(QUOTA_HOT_METAL_RATIO, ratio=f"{product.hot_metal_ratio:g}"))
    return (levels[0], levels[1], levels[2]), tuple(applied)


def grade(quota: QuotaDef, value: float, product: ProductLine) -> QuotaGrade:
    """Grade ``value`` (in the quota's unit) against ``quota`` corrected for ``product``."""
    thresholds, applied = corrected_thresholds(quota, product)
    level: Level = "non_compliant"
    for number, limit in ((1, thresholds[0]), (2, thresholds[1]), (3, thresholds[2])):
        if limit is not None and value <= limit:
            level = number  # type: ignore[assignment]
            break
    better = [
        (n, t)
        for n, t in ((1, thresholds[0]), (2, thresholds[1]), (3, thresholds[2]))
        if t is not None
    ]
    next_level: int | None
    distance: float | None
    if level == 1:
        next_level, distance = None, None
    else:
        current = 4 if level == "non_compliant" else int(level)
        candidates = [(n, t) for n, t in better if n < current]
        if candidates:
            n, t = candidates[-1]
            next_level, distance = n, value - t
        else:
            next_level, distance = None, None
    return QuotaGrade(
        key=quota.key,
        standard=quota.standard,
        indicator=quota.indicator,
        indicator_en=quota.indicator_en,
        value=value,
        unit=quota.unit,
        level=level,
        thresholds=thresholds,
        next_level=next_level,
        distance_to_next=distance,
        corrections_applied=applied,
        status=str(quota.status),
        clause=quota.clause,
    )
