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

from greenmfg.core.footprint.engine.base import (
    ALLOCATED_SECTIONS,
    PRIMARY_RULE,
    SECTIONS,
    SHARE_TOLERANCE,
)
from greenmfg.core.footprint.engine.coefficients import (
    RawLine,
    energy_coefficient,
    flow_multiplier,
    raw_multipliers,
)
from greenmfg.core.footprint.engine.parsing import parse_input
from greenmfg.core.footprint.engine.resolution import Resolution, resolve_lines
from greenmfg.core.footprint.engine.results import FootprintResult, LineResult, compute
from greenmfg.core.footprint.model import STANDARD

__all__ = [
    "ALLOCATED_SECTIONS",
    "PRIMARY_RULE",
    "SECTIONS",
    "SHARE_TOLERANCE",
    "STANDARD",
    "FootprintResult",
    "LineResult",
    "RawLine",
    "Resolution",
    "compute",
    "energy_coefficient",
    "flow_multiplier",
    "parse_input",
    "raw_multipliers",
    "resolve_lines",
]
