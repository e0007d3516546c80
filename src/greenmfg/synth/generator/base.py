"""Settings of the synthetic population and helpers its steps share."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Final

from greenmfg.core.domain import ListLevel, UnitKind

DEFAULT_SEED: Final = 20251231


DEFAULT_SCALE: Final = 0.05


YEARS: Final = tuple(range(2017, 2026))


FILING_YEARS: Final = tuple(range(2021, 2026))


PROVINCIAL_MULTIPLIER: Final = 3.0


MUNICIPAL_MULTIPLIER: Final = 2.0


PROMOTE_SHARE: Final = 0.6


REMOVAL_RATE: Final = (0.01, 0.02)


REMOVALS_FROM: Final = 2018


ABNORMAL_SHARE: Final = 0.004


INSTITUTIONS_AT_SCALE_1: Final = 400


LEVELS: Final[dict[UnitKind, tuple[ListLevel, ...]]] = {
    UnitKind.FACTORY: (ListLevel.MUNICIPAL, ListLevel.PROVINCIAL, ListLevel.NATIONAL),
    UnitKind.SUPPLY_CHAIN: (ListLevel.MUNICIPAL, ListLevel.PROVINCIAL, ListLevel.NATIONAL),
    UnitKind.PARK: (ListLevel.PROVINCIAL, ListLevel.NATIONAL),
    UnitKind.PRODUCT: (ListLevel.PROVINCIAL, ListLevel.NATIONAL),
}


Progress = Callable[[str, int, int], None]


def scaled(real: int, scale: float) -> int:
    """``round(real × scale)``, half up, at least 1 when ``real`` is not 0."""
    if real <= 0:
        return 0
    return max(1, math.floor(real * scale + 0.5))
