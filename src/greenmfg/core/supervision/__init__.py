"""Dynamic management of the green manufacturing lists (动态管理).

Pure and typed: the annual dynamic management table (动态管理表) and its prefill from an
accounting result, data-quality checks (数据质量校验), spot-check sampling (抽查),
removal rules (撤销/移出) and the three-year bar, the filing calendar and the
support-measure catalogue (配套机制).  Rules and settings are read from the data files
in ``greenmfg/core/data/supervision``; each row carries its source and status.
"""

from __future__ import annotations

from greenmfg.core.domain import VetoItem
from greenmfg.core.supervision.calendar import filing_deadline, reminder_dates, timeliness
from greenmfg.core.supervision.checks import (
    FlagCode,
    QualityFlag,
    Severity,
    check_against_accounting,
    check_identical,
    check_parts,
    check_plausibility,
    check_table,
    check_yoy,
)
from greenmfg.core.supervision.removal import (
    RemovalProposal,
    RemovalRule,
    UnitYear,
    bar_until,
    bottom_share_units,
    propose_removals,
)
from greenmfg.core.supervision.sampling import Candidate, SampleResult, draw_sample
from greenmfg.core.supervision.support import SupportProfile, eligibility, eligible_measures
from greenmfg.core.supervision.table import (
    ChangeKind,
    ChangeRecord,
    DynamicTable,
    PollutantReading,
    UnitIdentity,
    prefill_table,
)

__all__ = [
    "Candidate",
    "ChangeKind",
    "ChangeRecord",
    "DynamicTable",
    "FlagCode",
    "PollutantReading",
    "QualityFlag",
    "RemovalProposal",
    "RemovalRule",
    "SampleResult",
    "Severity",
    "SupportProfile",
    "UnitIdentity",
    "UnitYear",
    "VetoItem",
    "bar_until",
    "bottom_share_units",
    "check_against_accounting",
    "check_identical",
    "check_parts",
    "check_plausibility",
    "check_table",
    "check_yoy",
    "draw_sample",
    "eligibility",
    "eligible_measures",
    "filing_deadline",
    "prefill_table",
    "propose_removals",
    "reminder_dates",
    "timeliness",
]
