"""Region names as notices print them (地区 / 地市 columns): ``苏州``, ``苏州市``,
``江苏省``, ``江苏苏州`` or a 6-digit code, resolved to a GB/T 2260 unit."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from types import MappingProxyType
from typing import Final

from greenmfg.core.codes import regions
from greenmfg.core.codes.regions import Region

_SUFFIXES: Final = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "自治州",
    "地区",
    "省",
    "市",
    "盟",
    "州",
)
_SPACE: Final = re.compile(r"\s+")


def _short(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@cache
def _index() -> MappingProxyType[str, tuple[Region, ...]]:
    by_name: dict[str, list[Region]] = {}
    units = [*regions.provinces(), *regions.all_cities()]
    for unit in units:
        for key in {unit.name_zh, _short(unit.name_zh)}:
            by_name.setdefault(key, []).append(unit)
    return MappingProxyType({k: tuple(v) for k, v in by_name.items()})


def resolve_region(text: str, *, within: str = "") -> Region | None:
    """The province or city-level unit ``text`` names, or ``None``.

    ``within`` (an adcode prefix: ``""`` everywhere, ``"32"`` Jiangsu) decides between
    two units of the same short name; a name found only outside ``within`` is still
    returned, so that the caller can tell "another province" from "unknown".
    """
    raw = _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))
    if not raw:
        return None
    if raw.isdigit() and len(raw) == 6:
        try:
            return regions.city_of(raw) if not raw.endswith("0000") else regions.get(raw)
        except LookupError:
            return None
    by_name = _index()
    found = by_name.get(raw) or by_name.get(_short(raw))
    if not found:
        # "江苏省苏州市" / "江苏苏州": a province name followed by a city name
        for province in regions.provinces():
            for head in (province.name_zh, _short(province.name_zh)):
                if raw.startswith(head) and len(raw) > len(head):
                    inner = resolve_region(raw[len(head) :], within=province.adcode[:2])
                    if inner is not None and inner.adcode.startswith(province.adcode[:2]):
                        return inner
        return None
    inside = [u for u in found if u.adcode.startswith(within)]
    pool = inside or list(found)
    # a city before a province of the same short name (e.g. 吉林市 / 吉林省): prefer the
    # one whose full name was written
    exact = [u for u in pool if u.name_zh == raw]
    return (exact or pool)[0]


@cache
def region_prefixes() -> tuple[str, ...]:
    """Every province and city-level name, full and short, longest first (names such as
    ``苏州市`` and ``苏州`` that an enterprise name may start with)."""
    names = {key for key in _index() if len(key) >= 2}
    return tuple(sorted(names, key=lambda n: (-len(n), n)))
