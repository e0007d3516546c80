"""The platform's batch path (recompute, bulk load) stores what the per-filing path stores
for the same filings: totals and metrics (every float to 12 significant digits, the batch
adds the lines in another order: :mod:`tests.core.batch.figures`), and — once
completed — the breakdown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from greenmfg.core.accounting import default_factor_set
from greenmfg.core.filing import Filing
from greenmfg.platform.filings import batch, services
from greenmfg.platform.filings.batch import BATCH_DETAIL
from greenmfg.platform.filings.details import record_detail
from greenmfg.platform.filings.models import AccountingRecord, AnnualFiling, FilingEvent
from tests.core.batch.figures import close
from tests.core.batch.test_accounting_batch import ADCODES, generate

pytestmark = pytest.mark.django_db

SUMMARY = ("equivalent_tce", "equal_value_tce", "scope1_tco2e", "scope2_tco2e", "total_tco2e")


@pytest.fixture
def saved(make_enterprise: Callable[..., Any]) -> list[AnnualFiling]:
    """60 varied filings (every carrier kind, measured overrides, exports, process lines,
    tagged products) saved through the per-filing path."""
    rows = []
    for i, filing in enumerate(generate(60, seed=11)):
        ent = make_enterprise(adcode=ADCODES[i % len(ADCODES)], name=f"企业{i:02d}")
        raw = filing.to_dict()
        raw["enterprise"] = {**raw["enterprise"], "uscc": ent.uscc}
        rows.append(services.filing_save(actor=None, enterprise=ent, data=raw))
    return rows


def _current(filing: AnnualFiling) -> AccountingRecord:
    return AccountingRecord.objects.get(filing=filing, is_current=True)


def test_batch_recompute_equals_the_per_filing_records(saved: list[AnnualFiling]) -> None:
    per_filing = {f.pk: _current(f) for f in saved}
    fs = default_factor_set()
    # the factor set changed since: every record is stale
    AccountingRecord.objects.update(factor_set_version="2020.0")
    changed = services.filings_recompute(actor=None, filings=AnnualFiling.objects.all())
    assert changed == len(saved)
    for filing in saved:
        old, new = per_filing[filing.pk], _current(filing)
        assert new.pk != old.pk and new.result["computed_by"] == BATCH_DETAIL
        for field in SUMMARY:
            assert close(getattr(new, field), getattr(old, field)), (filing.pk, field)
        assert close(new.metrics, old.metrics)
        assert new.unverified_factors is None
        # the record built as a frame is the record the validated batch path builds
        (totals,) = batch.account_filings_batch(
            [Filing.model_validate(filing.data)], factor_set=fs, options=services.OPTIONS
        )
        assert isinstance(totals, batch.BatchTotals)
        made = batch.batch_record(
            filing.pk, totals, Filing.model_validate(filing.data), fs, services.OPTIONS
        )
        for field in (
            *SUMMARY,
            "gwp_set",
            "grid_scope",
            "grid_basis",
            "factor_set_version",
            "metrics",
            "result",
            "is_current",
        ):
            assert close(getattr(new, field), getattr(made, field)), field
        # the breakdown, completed on first view by the per-filing engine
        assert record_detail(new) == old.result
        new.refresh_from_db()
        assert new.unverified_factors == old.unverified_factors and new.result == old.result
    assert AccountingRecord.objects.count() == 2 * len(saved)
    events = FilingEvent.objects.filter(action=FilingEvent.Action.RECOMPUTED)
    assert events.count() == len(saved)
    assert {e.detail["old_factor_set"] for e in events} == {"2020.0"}


def test_recompute_reads_and_writes_in_bulk(saved: list[AnnualFiling]) -> None:
    AccountingRecord.objects.update(factor_set_version="2020.0")
    with CaptureQueriesContext(connection) as queries:
        services.filings_recompute(actor=None, filings=AnnualFiling.objects.all())
    # ids, current versions, filings, old totals, savepoint/update/insert×2 … not one per filing
    # + the audit chains: heads created, locked and advanced, owners updated (constant;
    # on PostgreSQL each bulk update is a temporary table filled by COPY + one UPDATE)
    assert len(queries.captured_queries) < 30, len(queries.captured_queries)
    # nothing stale any more: a second run writes nothing
    assert services.filings_recompute(actor=None, filings=AnnualFiling.objects.all()) == 0


def test_bulk_load_equals_the_per_filing_path(make_enterprise: Callable[..., Any]) -> None:
    filings = generate(30, seed=5)
    data = []
    for i, filing in enumerate(filings):
        ent = make_enterprise(adcode=ADCODES[i % len(ADCODES)], name=f"批量{i:02d}")
        raw = filing.to_dict()
        raw["enterprise"] = {**raw["enterprise"], "uscc": ent.uscc}
        data.append(raw)
    counts = services.filings_bulk_load(filings=data)
    assert counts == {"stored": 30, "unknown_enterprise": 0, "invalid": 0}
    for row in AnnualFiling.objects.select_related("enterprise"):
        bulk = _current(row)
        again = services.filing_save(actor=None, enterprise=row.enterprise, data=row.data)
        single = _current(again)
        for field in SUMMARY:
            assert close(getattr(bulk, field), getattr(single, field))
        assert close(bulk.metrics, single.metrics)


def test_recompute_command_of_a_region_goes_through_the_batch_path(
    saved: list[AnnualFiling],
) -> None:
    import io

    from django.core.management import call_command

    beijing = [f for f in saved if f.enterprise.adcode.startswith("11")]
    out = io.StringIO()
    call_command("recompute_filings", "--region", "110000", stdout=out)
    assert "0 of 0 filings recomputed" in out.getvalue()  # all current already
    call_command("recompute_filings", "--region", "110000", "--force", stdout=out)
    assert f"{len(beijing)} of {len(beijing)} filings recomputed" in out.getvalue()
    batch_made = AccountingRecord.objects.filter(
        is_current=True, result__computed_by=BATCH_DETAIL
    ).values_list("filing__enterprise__adcode", flat=True)
    assert sorted(batch_made) == sorted(f.enterprise.adcode for f in beijing)


def test_recompute_leaves_a_stored_filing_the_engine_now_refuses(
    saved: list[AnnualFiling],
) -> None:
    """A stored filing the engine refuses (here a carrier no longer in the catalogue) is
    counted invalid and keeps its record; the others are recomputed from their text."""
    bad = saved[3]
    data = dict(bad.data)
    data["energy"] = [{"carrier": "retired_fuel", "quantity": 1.0, "unit": "t"}]
    AnnualFiling.objects.filter(pk=bad.pk).update(data=data)
    kept = _current(bad)
    AccountingRecord.objects.update(factor_set_version="2020.0")
    outcome = batch.account_in_bulk(
        actor=None, filing_ids=[f.pk for f in saved], options=services.OPTIONS
    )
    assert (outcome.changed, outcome.invalid) == (len(saved) - 1, 1)
    assert _current(bad).pk == kept.pk
    assert FilingEvent.objects.filter(filing=bad, action=FilingEvent.Action.RECOMPUTED).count() == 0


def test_recompute_is_one_transaction(
    saved: list[AnnualFiling], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure while writing the second chunk leaves the first chunk unwritten too."""
    before = {f.pk: _current(f).pk for f in saved}
    AccountingRecord.objects.update(factor_set_version="2020.0")
    real = batch.chain_append_bulk
    calls: list[int] = []

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(batch, "chain_append_bulk", failing)
    with pytest.raises(RuntimeError):
        batch.account_in_bulk(
            actor=None, filing_ids=[f.pk for f in saved], options=services.OPTIONS, chunk=20
        )
    assert {f.pk: _current(f).pk for f in saved} == before
    assert AccountingRecord.objects.count() == len(saved)
    assert not FilingEvent.objects.filter(action=FilingEvent.Action.RECOMPUTED).exists()
