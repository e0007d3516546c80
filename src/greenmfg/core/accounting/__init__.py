"""Energy and carbon accounting (能源与碳排放核算) per the Chinese standards.

``account(filing)`` → :class:`AccountingResult`; ``result.metrics()`` feeds evaluation,
dynamic management and the green code.  No database, no network.
"""

from greenmfg.core.accounting.engine import (
    AccountingResult,
    EnergyLineResult,
    ProcessLineResult,
    ProductResult,
    account,
    check_filing,
)
from greenmfg.core.accounting.factors import FactorRow, FactorSet, Status, default_factor_set
from greenmfg.core.accounting.quotas import QuotaGrade

__all__ = [
    "AccountingResult",
    "EnergyLineResult",
    "FactorRow",
    "FactorSet",
    "ProcessLineResult",
    "ProductResult",
    "QuotaGrade",
    "Status",
    "account",
    "check_filing",
    "default_factor_set",
]
