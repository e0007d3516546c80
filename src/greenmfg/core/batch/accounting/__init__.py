"""Batch accounting with Polars: the per-filing rules of ``greenmfg.core.accounting``
applied to long frames of lines.

Inputs (see :func:`frames_from_filings`):

* ``filings``: one row per filing — ``fid``, ``year``, ``adcode`` and the economic /
  resource values already in canonical units (万元, m3, t, m2) or null;
* ``energy``: one row per energy line — ``fid``, ``seq`` (line order), ``carrier``,
  ``unit``, ``quantity``, ``origin`` and the optional overrides (``ncv_value``/
  ``ncv_unit``, ``cc_value``/``cc_unit``, ``oxidation``, ``ef_value``/``ef_unit``) and
  ``product``;
* ``process`` and ``products`` likewise.

Agreement with the per-filing engine: every coefficient comes from the engine's own
functions (:mod:`greenmfg.core.accounting.resolve`, :mod:`~greenmfg.core.accounting.sectors`)
and a line's figures are its activity times them, but not always multiplied in the
engine's order, and the per-filing and per-product totals are group-by sums, which add
the lines in another order than the engine's loop: totals agree to 12 significant digits (:func:`figures_agree`), not
necessarily to the last bit.
"""

from __future__ import annotations

from greenmfg.core.batch.accounting.base import F64, figures_agree
from greenmfg.core.batch.accounting.computation import account_frames
from greenmfg.core.batch.accounting.frames import (
    ENERGY_SCHEMA,
    FILING_SCHEMA,
    PROCESS_SCHEMA,
    PRODUCT_SCHEMA,
    BatchFrames,
    frames_from_filings,
)
from greenmfg.core.batch.accounting.metrics import account_filings, metrics_by_filing

__all__ = [
    "ENERGY_SCHEMA",
    "F64",
    "FILING_SCHEMA",
    "PROCESS_SCHEMA",
    "PRODUCT_SCHEMA",
    "BatchFrames",
    "account_filings",
    "account_frames",
    "figures_agree",
    "frames_from_filings",
    "metrics_by_filing",
]
