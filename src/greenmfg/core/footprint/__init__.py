"""Product carbon footprints (产品碳足迹) per GB/T 24067-2024 (ISO 14067).

``compute(parse_input(data))`` → :class:`FootprintResult`; PACT (WBCSD Pathfinder)
ProductFootprint import and export in :mod:`greenmfg.core.footprint.pact`.  No database,
no network.
"""

from greenmfg.core.footprint.engine import (
    STANDARD,
    FootprintResult,
    LineResult,
    compute,
    parse_input,
)
from greenmfg.core.footprint.library import (
    FactorLibrary,
    FootprintFactor,
    default_library,
    load_library,
)
from greenmfg.core.footprint.model import (
    AllocationMethod,
    Boundary,
    FootprintInput,
    Stage,
)

__all__ = [
    "STANDARD",
    "AllocationMethod",
    "Boundary",
    "FactorLibrary",
    "FootprintFactor",
    "FootprintInput",
    "FootprintResult",
    "LineResult",
    "Stage",
    "compute",
    "default_library",
    "load_library",
    "parse_input",
]
