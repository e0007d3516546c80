"""Comparing batch and per-filing figures.

The batch path adds a filing's line figures in another order than the per-filing engine,
so its totals agree to rounding, not to the last bit (docs/architecture.md, "Batch and
per-filing figures"): every float agrees to 12 significant digits (or within 1e-9 of
zero), everything else exactly.
"""

from __future__ import annotations

from typing import Any

from greenmfg.core.batch.accounting import figures_agree


def close(a: Any, b: Any) -> bool:
    """``a`` and ``b`` are the same figures: floats to 12 significant digits, mappings and
    sequences element by element (same keys, same length), anything else exactly."""
    if isinstance(a, float) and isinstance(b, float):
        return figures_agree(a, b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return type(a) is type(b) and len(a) == len(b) and all(map(close, a, b))
    return bool(a == b)


def differences(expected: dict[str, Any], got: dict[str, Any]) -> dict[str, Any]:
    """The keys of two mappings whose values are not :func:`close`, with both values."""
    return {
        k: (expected.get(k, "—"), got.get(k, "—"))
        for k in expected.keys() | got.keys()
        if k not in expected or k not in got or not close(expected[k], got[k])
    }
