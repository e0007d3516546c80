"""The full accounting result of a stored record (by carrier, by source, factors used).

Selectors and services both read it, so it lives apart from either."""

from __future__ import annotations

from typing import Any

from greenmfg.core.accounting import account, default_factor_set
from greenmfg.core.batch.accounting import figures_agree
from greenmfg.core.filing import Filing
from greenmfg.platform.filings import batch
from greenmfg.platform.filings.models import AccountingRecord

__all__ = ["record_detail"]


def record_detail(record: AccountingRecord) -> dict[str, Any]:
    """The full result of ``record`` (by carrier, by source, factors used).

    A record written by the batch path holds the totals only; its breakdown is computed
    here once by the per-filing engine with the same factor set and options, checked
    against the stored totals (the same to 12 significant digits, :func:`figures_agree`:
    the batch adds the lines in another order), and stored with the record; the
    record's own total columns stay as the batch stored them.  A batch record of a factor
    set that is no longer loaded keeps its totals only."""
    result: dict[str, Any] = dict(record.result)
    if result.get("computed_by") != batch.BATCH_DETAIL:
        return result
    fs = default_factor_set()
    if fs.version != record.factor_set_version:
        return result
    full = account(
        Filing.model_validate(record.filing.data),
        factor_set=fs,
        grid_scope=record.grid_scope,  # type: ignore[arg-type]
        grid_basis=record.grid_basis,  # type: ignore[arg-type]
    )
    energy_scale = sum(abs(e.tce_equivalent) for e in full.energy_lines)
    co2_scale = sum(abs(e.co2e_t) for e in full.energy_lines) + sum(
        abs(p.co2e_t) for p in full.process_lines
    )
    if not (
        figures_agree(full.equivalent_tce, record.equivalent_tce, scale=energy_scale)
        and figures_agree(full.total_tco2e, record.total_tco2e, scale=co2_scale)
    ):
        raise RuntimeError(
            f"accounting record {record.pk}: batch and per-filing totals differ "
            f"({record.equivalent_tce}/{record.total_tco2e} vs "
            f"{full.equivalent_tce}/{full.total_tco2e})"
        )
    detail = full.to_dict()
    record.result = detail
    record.unverified_factors = full.unverified_count
    record.save(update_fields=["result", "unverified_factors"])
    return detail
