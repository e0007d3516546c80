from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from greenmfg.core.domain import ListLevel, UnitKind
from greenmfg.core.errors import DataFileInvalidError
from greenmfg.core.supervision.calendar import (
    Timeliness,
    due_rule,
    filing_deadline,
    reminder_dates,
    timeliness,
)
from greenmfg.core.supervision.data import CheckSettings, load_file, support_catalogue
from greenmfg.core.supervision.support import SupportProfile, eligibility, eligible_measures


def test_deadline_and_override() -> None:
    assert filing_deadline(2024, "320500") == date(2025, 4, 15)
    assert filing_deadline(2024, "230100") == date(2025, 3, 30)  # Heilongjiang
    assert due_rule("320500").status == "secondary"
    assert reminder_dates(2024, "320500") == [
        date(2025, 3, 16),
        date(2025, 4, 1),
        date(2025, 4, 8),
        date(2025, 4, 14),
    ]
    assert timeliness(date(2025, 4, 15), 2024, "320500") is Timeliness.ON_TIME
    assert timeliness(date(2025, 4, 16), 2024, "320500") is Timeliness.LATE


def test_support_eligibility() -> None:
    national_a = SupportProfile(ListLevel.NATIONAL, UnitKind.FACTORY, "320500", "3011", "A")
    codes = [m.code for m in eligible_measures(national_a)]
    assert codes == [
        "retrofit_fund_national",
        "green_code_credit",
        "green_bond_support",
        "procurement_priority",
        "pilot_programme",
        "jiangsu_provincial_award",
        "local_tax_relief",
    ]
    municipal_hz = SupportProfile(ListLevel.MUNICIPAL, UnitKind.FACTORY, "330100", "3011", None)
    assert [m.code for m in eligible_measures(municipal_hz)] == [
        "procurement_priority",
        "local_tax_relief",
    ]
    e = eligibility(support_catalogue().measure("energy_quota_priority_heavy"), municipal_hz)
    assert not e.eligible
    assert e.unmet == (
        "list level municipal below provincial",
        "no green code grade; needs A+",
    )
    # every measure states its source and status, and is marked as an example
    for m in support_catalogue().measures:
        assert m.source and m.status in {"verified", "secondary", "unverified"} and m.example


def test_invalid_data_file(tmp_path: Path) -> None:
    bad = tmp_path / "checks.yaml"
    bad.write_text("version: x\nstatus: made-up\n", encoding="utf-8")
    with pytest.raises(DataFileInvalidError, match=r"checks.yaml.*field status"):
        load_file(bad, CheckSettings)
