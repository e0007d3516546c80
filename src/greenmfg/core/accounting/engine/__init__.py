"""The per-filing accounting engine: energy (GB/T 2589-2020), GHG (GB/T 32150/32151 +
MEE grid factors), per-product intensities and quota grades.

Formulas (per line; activity ``A`` in the carrier's activity unit):

* energy, equivalent basis 当量值: ``tce = A × coef`` (coef from GB/T 2589, or the
  measured NCV ÷ 29 307.6 kJ/kgce); equal-value basis 等价值: electricity uses the
  year's equal-value coefficient, everything else the same coefficient.  Exported lines
  (外供) count negative.
* combustion CO2: ``A × NCV × CC × OF × 44/12`` (defaults keyed by guideline; measured
  values override), CH4 / N2O: ``A × NCV × EF_IPCC × GWP``.
* purchased electricity: ``A × EF_grid`` (location basis: green power counts at the grid
  factor; market basis: green power counts 0); self-generated renewable power: 0;
  purchased heat ``GJ × 0.11``, steam ``t × 3.763 GJ/t × 0.11``; exported electricity /
  heat / steam: subtracted at the same factor.
* process: carbonates ``t × EF × purity``; clinker ``t × ((CaO − CaO_nc) × 44/56 +
  (MgO − MgO_nc) × 44/40)``.

Sums run over the lines in filing order (energy lines, then process lines), so the batch
path reproduces them exactly.
"""

from __future__ import annotations

from greenmfg.core.accounting.engine.base import _product_codes
from greenmfg.core.accounting.engine.calculation import _measured, account, compute_metrics
from greenmfg.core.accounting.engine.checks import check_filing, check_filing_located
from greenmfg.core.accounting.engine.options import (
    GWP_SETS,
    GridBasis,
    GridScope,
    check_options,
    method_choice,
)
from greenmfg.core.accounting.engine.results import (
    SOURCE_SCOPE,
    AccountingResult,
    EnergyLineResult,
    ProductResult,
)
from greenmfg.core.accounting.sectors import ProcessLineResult

__all__ = [
    "GWP_SETS",
    "SOURCE_SCOPE",
    "AccountingResult",
    "EnergyLineResult",
    "GridBasis",
    "GridScope",
    "ProcessLineResult",
    "ProductResult",
    "_measured",
    "_product_codes",
    "account",
    "check_filing",
    "check_filing_located",
    "check_options",
    "compute_metrics",
    "method_choice",
]
