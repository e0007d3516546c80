"""Demo step: the last data year's dynamic management filings, built from the synthetic
data set's annual filings through the real services — most on time, some late (with a
reason), some missing, and the data set's deliberately abnormal filings flagged by the
checks; then the removal rules run for that year (no filing → proposals)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, TextIO

from greenmfg.core.domain import UnitKind
from greenmfg.core.supervision import calendar as cal
from greenmfg.core.supervision.removal import RemovalRule
from greenmfg.platform.common.demo import DemoStep, step_progress
from greenmfg.platform.registry.models import Enterprise
from greenmfg.platform.supervision import services, sources
from greenmfg.platform.supervision.models import DynamicFiling


def _bucket(uscc: str, year: int) -> int:
    """A stable number 0–99 per unit and year (which demo units file late or not at all)."""
    return int(hashlib.sha256(f"{uscc}|{year}".encode()).hexdigest()[:8], 16) % 100


def _inputs_bulk(
    units: list[Enterprise], year: int, by_key: dict[tuple[str, int], dict[str, Any]]
) -> dict[int, tuple[dict[str, Any], dict[str, float]]]:
    """(table fields, metrics) of each unit's ``year``: from its stored accounting (one
    query for all), else by accounting its filing of the data set here."""
    stored = sources.accounting_bulk([u.pk for u in units], year)
    out: dict[int, tuple[dict[str, Any], dict[str, float]]] = {}
    for unit in units:
        found = stored.get(unit.pk)
        if found is not None:
            metrics, amounts = found
            out[unit.pk] = (sources.table_fields(metrics, amounts), metrics)
        elif (filing := by_key.get((unit.uscc, year))) is not None:
            out[unit.pk] = sources.table_inputs_from_filing(filing)
    return out


LATE_BELOW = 10  # buckets 0–9 file late
MISSING_BELOW = 15  # buckets 10–14 do not file


def simulate_year(
    filings: list[dict[str, Any]],
    year: int,
    stdout: TextIO | None = None,
    missing: list[Enterprise] | None = None,
) -> dict[str, int]:
    """Submit ``year``'s tables (and ``year - 1``'s, for the year-on-year check) for every
    listed enterprise that has an annual filing in ``filings``, in bulk
    (:func:`~greenmfg.platform.supervision.services.filings_submit_bulk`).  Returns counts;
    the enterprises that deliberately did not file are appended to ``missing``."""
    by_key = {(f["enterprise"]["uscc"], int(f["year"])): f for f in filings}
    usccs = sorted({u for (u, y) in by_key if y == year})
    enterprises = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=usccs)}
    counts = {"on_time": 0, "late": 0, "missing": 0, "not_listed": 0, "rejected": 0, "flagged": 0}
    found = list(enterprises.values())
    listings = services.active_listings_of(found, year)
    listed: list[Enterprise] = []
    for uscc in usccs:
        ent = enterprises.get(uscc)
        listing = listings.get(ent.pk) if ent is not None else None
        if (
            ent is None
            or listing is None
            or listing.kind
            not in (
                UnitKind.FACTORY,
                UnitKind.SUPPLY_CHAIN,
            )
        ):
            counts["not_listed"] += 1
            continue
        listed.append(ent)
    # last year's tables first (the year-on-year check reads them)
    previous_listed = services.active_listings_of(listed, year - 1)
    with_previous = [e for e in listed if (e.uscc, year - 1) in by_key and e.pk in previous_listed]
    inputs = _inputs_bulk(with_previous, year - 1, by_key)
    prev_subs = [
        services.Submission(
            unit=e,
            fields=inputs[e.pk][0],
            metrics=inputs[e.pk][1],
            today=cal.filing_deadline(year - 1, e.adcode) - dt.timedelta(days=3),
        )
        for e in with_previous
    ]
    if stdout is not None:
        step_progress(stdout, 1, 4)
    done = services.filings_submit_bulk(actor=None, year=year - 1, submissions=prev_subs)
    if stdout is not None:
        step_progress(stdout, 2, 4)
    refused = {prev_subs[i].unit.pk: err for i, err in done.refused.items()}
    current: list[services.Submission] = []
    inputs = _inputs_bulk(listed, year, by_key)
    for ent in listed:
        if ent.pk in refused:
            counts["rejected"] += 1
            if stdout is not None:
                stdout.write(f"  {ent.uscc} {year - 1}: {refused[ent.pk]}\n")
            continue
        bucket = _bucket(ent.uscc, year)
        if LATE_BELOW <= bucket < MISSING_BELOW:
            counts["missing"] += 1
            if missing is not None:
                missing.append(ent)
            continue
        due = cal.filing_deadline(year, ent.adcode)
        late = bucket < LATE_BELOW
        current.append(
            services.Submission(
                unit=ent,
                fields=inputs[ent.pk][0],
                metrics=inputs[ent.pk][1],
                today=due + dt.timedelta(days=9)
                if late
                else due - dt.timedelta(days=1 + bucket % 20),
                late_reason="财务系统切换导致数据汇总延迟 (finance system migration delayed the figures)"
                if late
                else "",
            )
        )
    done = services.filings_submit_bulk(actor=None, year=year, submissions=current)
    if stdout is not None:
        step_progress(stdout, 3, 4)
    for i, sub in enumerate(current):
        if i in done.refused:
            counts["rejected"] += 1
            if stdout is not None:
                stdout.write(f"  {sub.unit.uscc} {year}: {done.refused[i]}\n")
            continue
        counts["late" if sub.late_reason else "on_time"] += 1
    filed = [f.pk for f in done.filings if f is not None]
    counts["flagged"] = (
        DynamicFiling.objects.filter(pk__in=filed, flags__isnull=False).distinct().count()
    )
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
    listings = services.active_listings_of(missing, year)
    made = services.removals_propose_bulk(
        actor=None,
        items=[
            services.ProposalItem(
                listing=listings[ent.pk],
                rule=RemovalRule.NO_FILING,
                data_year=year,
                params={"year": year},
            )
            for ent in missing
            if ent.pk in listings
        ],
    )
    proposed = len(made)
    step_progress(stdout, 4, 4)
    stdout.write(f"  removal proposals (no filing): {proposed}\n")


DEMO_STEPS = [DemoStep(order=60, name="dynamic management filings", run=load_filings)]
