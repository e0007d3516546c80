"""Named accounting methods (核算方法) and the guideline of each industry.

* ``cn-guideline`` (default): the MEE / NDRC guideline (or GB/T 32151 part) of the
  enterprise's GB/T 4754 industry: CO2 only for fuel combustion, the guideline's process
  sources and defaults, and the GWP set it prescribes for non-CO2 process gases.
* ``ipcc``: GB/T 32150 with IPCC 2006 Tier 1 CH4 and N2O for fuel combustion (GWP set
  AR5 unless another is asked for); the sector process sources are the same.

The guideline map is data (core/data/methods/guidelines.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from greenmfg.core.errors import DataFileInvalidError, InvalidValueError

__all__ = [
    "DEFAULT_METHOD",
    "METHODS",
    "Guideline",
    "MethodChoice",
    "guideline_for",
    "guidelines",
    "resolve_method",
]

METHODS = ("cn-guideline", "ipcc")
DEFAULT_METHOD = "cn-guideline"
IPCC_DEFAULT_GWP = "AR5"


@dataclass(frozen=True, slots=True)
class Guideline:
    key: str
    name_zh: str
    name_en: str
    edition: str
    gwp_set: str
    by_products: tuple[str, ...]
    prefixes: tuple[str, ...]
    status: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class MethodChoice:
    """What one accounting run uses: the method, its guideline and GWP set."""

    method: str
    guideline: Guideline
    gwp_set: str
    include_non_co2: bool  # IPCC CH4 / N2O for fuel combustion

    def as_dict(self) -> dict[str, Any]:
        g = self.guideline
        return {
            "method": self.method,
            "guideline": g.key,
            "guideline_name": g.name_zh,
            "guideline_name_en": g.name_en,
            "edition": g.edition,
            "status": g.status,
            "gwp_set": self.gwp_set,
            "combustion_gases": "CO2, CH4, N2O" if self.include_non_co2 else "CO2",
        }


@lru_cache(maxsize=1)
def guidelines() -> tuple[dict[str, Guideline], str]:
    """The guideline map (key → guideline) and the default key."""
    name = "guidelines.yaml"
    text = (resources.files("greenmfg.core") / "data" / "methods" / name).read_text("utf-8")
    doc = yaml.safe_load(text)
    out: dict[str, Guideline] = {}
    for key, spec in dict(doc.get("guidelines") or {}).items():
        try:
            out[key] = Guideline(
                key=key,
                name_zh=str(spec["name_zh"]),
                name_en=str(spec["name_en"]),
                edition=str(spec["edition"]),
                gwp_set=str(spec["gwp_set"]),
                by_products=tuple(spec.get("by_products") or ()),
                prefixes=tuple(str(p) for p in spec.get("prefixes") or ()),
                status=str(spec["status"]),
                note=str(spec.get("note") or ""),
            )
        except (KeyError, TypeError) as exc:
            raise DataFileInvalidError(
                file=name, line="?", field=f"guidelines.{key}", reason=f"missing {exc}"
            ) from exc
    default = str(doc.get("default"))
    if default not in out:
        raise DataFileInvalidError(
            file=name, line="?", field="default", reason="names no guideline"
        )
    return out, default


def guideline_for(industry: str) -> Guideline:
    """The guideline of a GB/T 4754 industry code (longest matching prefix)."""
    table, default = guidelines()
    best: tuple[int, Guideline] | None = None
    for g in table.values():
        for prefix in g.prefixes:
            if industry.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), g)
    return best[1] if best else table[default]


def resolve_method(method: str | None, industry: str, gwp_set: str | None) -> MethodChoice:
    """The :class:`MethodChoice` for ``method`` (None: the default) and an industry;
    an explicit ``gwp_set`` overrides the method's own."""
    m = method or DEFAULT_METHOD
    if m not in METHODS:
        raise InvalidValueError(
            where="", field="method", value=m, expected="one of " + ", ".join(METHODS)
        )
    g = guideline_for(industry)
    if m == "ipcc":
        return MethodChoice(m, g, gwp_set or IPCC_DEFAULT_GWP, True)
    return MethodChoice(m, g, gwp_set or g.gwp_set, False)
