"""The green code reads the real dynamic management filings (supervision services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from greenmfg.core.domain import Role, VetoItem
from greenmfg.platform.greencode.models import GreenCode, NoCode
from greenmfg.platform.greencode.services import green_codes_grade
from greenmfg.platform.supervision.services import filing_save_draft, filing_submit
from tests.platform.greencode.filing_tables import _fields, _scaled

YEAR = 2024


def test_filed_flagged_and_missing_filings(
    make_enterprise: Any, make_listing: Any, make_user: Any
) -> None:
    units = []
    for _ in range(4):
        unit = make_enterprise()
        make_listing(unit, year=2022, listed_on=dt.date(2022, 12, 1))
        units.append((unit, make_user(Role.ENTERPRISE, enterprise=unit)))
    filed, flagged, draft, missing = units
    today = dt.date(YEAR + 1, 4, 1)
    filing_submit(actor=filed[1], unit=filed[0], year=YEAR, fields=_fields(), today=today)
    vetoes = {v.value: False for v in VetoItem} | {VetoItem.DISHONEST_DEBTOR.value: True}
    flagged_filing = filing_submit(
        actor=flagged[1],
        unit=flagged[0],
        year=YEAR,
        fields=_scaled(2.0, vetoes=vetoes),
        today=today,
    )
    assert flagged_filing.flags.exists()
    filing_save_draft(actor=draft[1], unit=draft[0], year=YEAR, fields=_fields())

    run = green_codes_grade(actor=None, year=YEAR)
    assert run.population == 4
    assert list(GreenCode.objects.values_list("enterprise_id", flat=True)) == [filed[0].pk]
    reasons = dict(NoCode.objects.values_list("enterprise_id", "reason"))
    assert reasons == {
        flagged[0].pk: "abnormal",
        draft[0].pk: "not_filed",  # a draft is not a filing
        missing[0].pk: "not_filed",
    }
