"""Helpers the batch accounting steps share."""

from __future__ import annotations

import polars as pl

from greenmfg.core.accounting.catalogue import CARRIERS, CarrierKind

F64 = pl.Float64


_STEAM_CARRIERS = frozenset(c.code for c in CARRIERS.values() if c.kind is CarrierKind.STEAM)

# The batch path adds a filing's line figures in another order than the per-filing
# engine's loop, so a total may differ from the engine's in its last bits.  A sum of n
# terms in any order is within (n - 1) × 2**-53 of the sum of their magnitudes, so for
# any filing of fewer than about 9,000 lines the two agree to 12 significant digits of
# that sum (of the total itself when no line is negative), or within 1e-9 near zero
# (docs/architecture.md, "Batch and per-filing figures").
AGREE_REL_TOL = 1e-12
AGREE_ABS_TOL = 1e-9


def figures_agree(a: float, b: float, *, scale: float = 0.0) -> bool:
    """Whether a batch figure and the per-filing engine's are the same figure: equal to
    12 significant digits of the larger of the two and ``scale`` (the sum of the
    magnitudes of the terms added, for a total whose terms may cancel), or within 1e-9."""
    diff = abs(a - b)
    return a == b or diff <= AGREE_ABS_TOL or diff <= AGREE_REL_TOL * max(abs(a), abs(b), scale)
