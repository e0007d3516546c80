"""The demo step stores every synthetic annual filing with its accounting result, the
per-filing engine's figures (to 12 significant digits: :mod:`tests.core.batch.figures`)."""

from __future__ import annotations

import io

import pytest

from greenmfg.core.accounting import account
from greenmfg.core.filing import Filing
from greenmfg.platform.filings.demo import DEMO_STEPS
from greenmfg.platform.filings.models import AccountingRecord, AnnualFiling
from greenmfg.platform.registry.demo_data import load_demo_data
from tests.core.batch.figures import close

pytestmark = pytest.mark.django_db


def test_demo_step_stores_the_synthetic_filings() -> None:
    dataset = load_demo_data(seed=7, scale=0.005, stdout=io.StringIO())
    out = io.StringIO()
    DEMO_STEPS[0].run(dataset, out)
    assert AnnualFiling.objects.count() == len(dataset.filings) > 0, out.getvalue()
    assert AccountingRecord.objects.filter(is_current=True).count() == len(dataset.filings)
    sample = AccountingRecord.objects.select_related("filing").order_by("id")[:20]
    for record in sample:
        expected = account(Filing.model_validate(record.filing.data))
        assert close(record.metrics, expected.metrics())
        assert close(record.total_tco2e, expected.total_tco2e)
    assert DEMO_STEPS[0].order < 60  # before dynamic management reads the results
