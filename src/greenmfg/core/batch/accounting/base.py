"""Helpers the batch accounting steps share."""

from __future__ import annotations

import polars as pl

from greenmfg.core.accounting.catalogue import CARRIERS, CarrierKind

F64 = pl.Float64


_STEAM_CARRIERS = frozenset(c.code for c in CARRIERS.values() if c.kind is CarrierKind.STEAM)
