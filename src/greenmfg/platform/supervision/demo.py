"""Demo step: the last data year's dynamic management filings, built from the synthetic
data set's annual filings through the real services — most on time, some late (with a
reason), some missing, and the data set's deliberately abnormal filings flagged by the
checks; then the removal rules run for that year (no filing → proposals)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, TextIO

from greenmfg.core.domain import UnitKind
from greenmfg.core.errors import GreenmfgError
from greenmfg.core.supervision import calendar as cal
from greenmfg.core.supervision.removal import RemovalRule
from greenmfg.platform.common.demo import DemoStep
from greenmfg.platform.registry.models import Enterprise
from greenmfg.platform.supervision import services
from greenmfg.platform.supervision.sources import table_inputs_for


def _bucket(uscc: str, year: int) -> int:
    """A stable number 0–99 per unit and year (which demo units file late or not at all)."""
    return int(hashlib.sha256(f"{uscc}|{year}".encode()).hexdigest()[:8], 16) % 100


def _inputs(
    unit: Any, year: int, filing: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, float]]:
    found = table_inputs_for(unit, year, filing)
    assert found is not None  # a filing was given
    return found


LATE_BELOW = 10  # buckets 0–9 file late
MISSING_BELOW = 15  # buckets 10–14 do not file


def simulate_year(
    filings: list[dict[str, Any]],
    year: int,
    stdout: TextIO | None = None,
    missing: list[Enterprise] | None = None,
) -> dict[str, int]:
    """Submit ``year``'s tables (and ``year - 1``'s, for the year-on-year check) for every
    listed enterprise that has an annual filing in ``filings``.  Returns counts; the
    enterprises that deliberately did not file are appended to ``missing``."""
    by_key = {(f["enterprise"]["uscc"], int(f["year"])): f for f in filings}
    usccs = sorted({u for (u, y) in by_key if y == year})
    enterprises = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=usccs)}
    counts = {"on_time": 0, "late": 0, "missing": 0, "not_listed": 0, "rejected": 0, "flagged": 0}
    for uscc in usccs:
        ent = enterprises.get(uscc)
        listing = services.active_listing(ent, year) if ent is not None else None
        if ent is None or listing is None:
            counts["not_listed"] += 1
            continue
        if listing.kind not in (UnitKind.FACTORY, UnitKind.SUPPLY_CHAIN):
            counts["not_listed"] += 1
            continue
        bucket = _bucket(uscc, year)
        due = cal.filing_deadline(year, ent.adcode)
        try:
            prev = by_key.get((uscc, year - 1))
            if prev is not None and services.active_listing(ent, year - 1) is not None:
                fields, metrics = _inputs(ent, year - 1, prev)
                services.filing_submit(
                    actor=None,
                    unit=ent,
                    year=year - 1,
                    fields=fields,
                    metrics=metrics,
                    today=cal.filing_deadline(year - 1, ent.adcode) - dt.timedelta(days=3),
                )
            if LATE_BELOW <= bucket < MISSING_BELOW:
                counts["missing"] += 1
                if missing is not None:
                    missing.append(ent)
                continue
            fields, metrics = _inputs(ent, year, by_key[(uscc, year)])
            late = bucket < LATE_BELOW
            filing = services.filing_submit(
                actor=None,
                unit=ent,
                year=year,
                fields=fields,
                metrics=metrics,
                today=due + dt.timedelta(days=9)
                if late
                else due - dt.timedelta(days=1 + bucket % 20),
                late_reason="财务系统切换导致数据汇总延迟 (finance system migration delayed the figures)"
                if late
                else "",
            )
        except GreenmfgError as err:
            counts["rejected"] += 1
            if stdout is not None:
                stdout.write(f"  {uscc} {year}: {err}\n")
            continue
        counts["late" if late else "on_time"] += 1
        if filing.flags.exists():
            counts["flagged"] += 1
    return counts


def load_filings(dataset: Any, stdout: TextIO) -> None:
    """The last data year's filings, then a no-filing removal proposal for each unit that
    deliberately did not file (under the listing it files for).  Units for which the data
    set holds no annual data at all stay "missing" on the tracking pages without a
    proposal, so the demo's removal page shows the deliberate cases."""
    filings = list(getattr(dataset, "filings", ()) or ())
    if not filings:
        stdout.write("  no annual filings in the data set\n")
        return
    year = max(int(f["year"]) for f in filings)
    missing: list[Enterprise] = []
    counts = simulate_year(filings, year, stdout, missing)
    stdout.write(f"  {year}: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + "\n")
    proposed = 0
    for ent in missing:
        listing = services.active_listing(ent, year)
        if listing is None:
            continue
        services.removal_propose(
            actor=None,
            listing=listing,
            rule=RemovalRule.NO_FILING,
            data_year=year,
            params={"year": year},
        )
        proposed += 1
    stdout.write(f"  removal proposals (no filing): {proposed}\n")


DEMO_STEPS = [DemoStep(order=60, name="dynamic management filings", run=load_filings)]
