"""The one pint registry of greenmfg (单位换算).

``ureg`` = pint's default definitions + ``core/data/units.txt`` (kgce, tce, tCO2e, Nm3,
万Nm3, 万t, 万kWh, 万元 …).  Nothing else in greenmfg defines units.

User-written unit strings go through :func:`parse_unit`, which also accepts the Chinese
forms found in enterprise statistics (吨, 万吨, 千瓦时, 万千瓦时, 立方米, 万立方米, 吉焦 …)
and exponent spellings (m³, 10⁴Nm³, 10^4 m3).  Conversions used by the accounting engine
go through :func:`factor_to`, a cached multiplier, so that the per-filing path and the
batch (Polars) path multiply by the very same float.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import pint

from greenmfg.core.errors import InvalidUnitError, UnitMismatchError

__all__ = [
    "Q_",
    "canonical_unit",
    "check_dimension",
    "convert",
    "factor_to",
    "parse_unit",
    "ureg",
]


def _build_registry() -> Any:
    registry: Any = pint.UnitRegistry(on_redefinition="raise", cache_folder=None)
    path = resources.files("greenmfg.core") / "data" / "units.txt"
    with resources.as_file(path) as file:
        registry.load_definitions(str(file))
    return registry


ureg: Any = _build_registry()
Q_: Any = ureg.Quantity

# Chinese unit words → the registry's names.  Longest first (万千瓦时 before 千瓦时).
_CHINESE: tuple[tuple[str, str], ...] = tuple(
    sorted(
        {
            "万吨标准煤": "万tce",
            "吨标准煤": "tce",
            "千克标准煤": "kgce",
            "公斤标准煤": "kgce",
            "克标准煤": "gce",
            "吨标煤": "tce",
            "千克标煤": "kgce",
            "万千瓦时": "万kWh",
            "亿千瓦时": "亿kWh",
            "千瓦时": "kWh",
            "兆瓦时": "MWh",
            "度": "kWh",
            "万标准立方米": "万Nm3",
            "万标立方米": "万Nm3",
            "万标方": "万Nm3",
            "标准立方米": "Nm3",
            "标立方米": "Nm3",
            "标方": "Nm3",
            "万立方米": "万m3",
            "立方米": "m3",
            "平方米": "m2",
            "公顷": "hectare",
            "万吨": "万t",
            "吨": "t",
            "千克": "kg",
            "公斤": "kg",
            "吉焦": "GJ",
            "兆焦": "MJ",
            "千焦": "kJ",
            "千卡": "kcal",
            "大卡": "kcal",
            "万元": "万元",
            "亿元": "亿元",
            "元": "yuan",
        }.items(),
        key=lambda kv: -len(kv[0]),
    )
)
_CHINESE_MAP = dict(_CHINESE)
_CHINESE_RE = re.compile("|".join(re.escape(zh) for zh, _ in _CHINESE))
_SUPERSCRIPTS = str.maketrans({"²": "2", "³": "3", "⁴": "4", "·": "*", "×": "*", "／": "/"})
_TEN4 = re.compile(r"10\s*(?:\^|\*\*)?\s*4\s*\*?\s*")
_EXP = re.compile(r"\b(N?m)\s*(?:\^|\*\*)\s*([23])\b")


def _normalise(text: str) -> str:
    s = text.strip().translate(_SUPERSCRIPTS)
    s = _CHINESE_RE.sub(lambda m: _CHINESE_MAP[m.group(0)], s)
    s = _EXP.sub(r"\1\2", s)
    # "10^4 Nm3", "10⁴Nm³", "10**4 kWh" → 万Nm3, 万kWh
    s = _TEN4.sub("万", s) if _TEN4.match(s) or "/10" in s.replace(" ", "") else s
    s = s.replace("/ 万", "/万").replace("万 ", "万")
    return s


@lru_cache(maxsize=4096)
def _parse(text: str) -> Any:
    return ureg.parse_units(_normalise(text))


def parse_unit(text: str, *, where: str = "") -> Any:
    """The pint unit for ``text``; ``InvalidUnitError`` naming ``where`` if unknown.

    ``where`` is a location prefix such as ``"energy line 3: "``.
    """
    if not isinstance(text, str) or not text.strip():
        raise InvalidUnitError(where=where, unit=text)
    try:
        return _parse(text)
    except Exception as exc:  # pint's tokenizer raises assorted errors on garbage
        raise InvalidUnitError(where=where, unit=text) from exc


def canonical_unit(text: str, *, where: str = "") -> str:
    """A stable spelling of ``text`` (for storage): the registry's own string form."""
    return str(parse_unit(text, where=where))


@lru_cache(maxsize=8192)
def _factor(unit_text: str, target_text: str) -> float:
    return float(Q_(1.0, _parse(unit_text)).to(_parse(target_text)).magnitude)


def factor_to(unit: str, target: str, *, where: str = "") -> float:
    """The multiplier converting a value in ``unit`` to ``target``.

    Raises ``InvalidUnitError`` for an unknown unit and ``UnitMismatchError`` when the
    dimensions differ; both name ``where``.
    """
    parse_unit(unit, where=where)
    target_units = parse_unit(target, where=where)
    try:
        return _factor(unit, target)
    except pint.errors.DimensionalityError as exc:
        raise UnitMismatchError(
            where=where,
            unit=unit,
            expected=target,
            dimension=str(Q_(1.0, target_units).dimensionality),
        ) from exc


def convert(value: float, unit: str, target: str, *, where: str = "") -> float:
    """``value`` in ``unit`` expressed in ``target`` (see :func:`factor_to`)."""
    return value * factor_to(unit, target, where=where)


def check_dimension(unit: str, target: str, *, where: str = "") -> None:
    """Raise ``UnitMismatchError`` unless ``unit`` converts to ``target``."""
    factor_to(unit, target, where=where)
