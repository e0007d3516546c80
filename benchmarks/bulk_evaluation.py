"""Benchmark: bulk evaluation (批量自评) at national size — stored data → results written.

On a built demo database, runs the platform's own bulk path
(``greenmfg.platform.evaluations.bulk.bulk_evaluation_run``, the background task a
provincial official starts) end to end: the province's listed green factories, their
inputs read in bulk (current accounting records, dynamic management tables, latest scored
answers), the batch (Polars) evaluation per standard, every row written in one
transaction.  Prints, per phase and in total, the seconds and units/s:

1. for one province (``--province``, default the one with the most listed factories);
2. for the nation: one run per province, every province in turn, as the officials of all
   provinces would start them;

and, in the same run, the per-unit path as the baseline: for a sample of the province's
units (``--sample``), the inputs through the per-unit sources (``unit_inputs``, as the
wizard reads them), the core engine's ``evaluate`` and one row saved per unit, scaled up
to the province and the nation.  A bulk row of every sampled unit is checked to equal its
per-unit result.  Load average at start and end.

Build the database first, e.g. ``greenmfg demo --scale 1 --build-only`` (SQLite under
GREENMFG_HOME) or with ``--database-url postgres://…``; then:

    GREENMFG_DEBUG=1 GREENMFG_HOME=… [GREENMFG_DATABASE_URL=postgres://…] \\
        .venv/bin/python benchmarks/bulk_evaluation.py [--year 2025] [--province 32]

Each run adds its rows (a run per province and year, as the platform keeps them).
"""

from __future__ import annotations

import argparse
import os
import random
import time
from typing import Any


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--year", type=int, default=None, help="data year (default: the latest filed)")
    ap.add_argument("--province", default="", help="2-digit code (default: most factories)")
    ap.add_argument("--sample", type=int, default=300, help="units of the per-unit baseline")
    ap.add_argument("--no-nation", action="store_true", help="the province only")
    args = ap.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenmfg.platform.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.db.models import Count, Max
    from django.db.models.functions import Substr

    from greenmfg.core.evaluation import evaluate
    from greenmfg.platform.evaluations import bulk
    from greenmfg.platform.evaluations.models import BulkEvaluation, BulkEvaluationRow
    from greenmfg.platform.filings.models import AnnualFiling
    from greenmfg.platform.registry.models import Enterprise, Listing

    year = args.year or AnnualFiling.objects.aggregate(y=Max("year"))["y"]
    active = Listing.objects.filter(
        kind=Listing.Kind.FACTORY, removed_on__isnull=True, enterprise__isnull=False
    )
    provinces = [
        (p, n)
        for p, n in active.annotate(p=Substr("adcode", 1, 2))
        .values_list("p")
        .annotate(n=Count("enterprise_id", distinct=True))
        .order_by("-n", "p")
    ]
    province = args.province[:2] or provinces[0][0]
    nation_units = sum(n for _p, n in provinces)

    stages: dict[str, float] = {}
    originals: dict[str, Any] = {
        name: getattr(bulk, name)
        for name in ("_listed_enterprises", "bulk_inputs", "evaluate_units")
    }

    def timed(name: str) -> Any:
        def wrapper(*a: Any, **kw: Any) -> Any:
            started = time.perf_counter()
            try:
                return originals[name](*a, **kw)
            finally:
                stages[name] = stages.get(name, 0.0) + time.perf_counter() - started

        return wrapper

    for name in originals:
        setattr(bulk, name, timed(name))

    requester = get_user_model().objects.order_by("pk").first()

    def run_bulk(prefix: str) -> tuple[float, int, BulkEvaluation]:
        # the run's record, as a provincial official's request leaves it (the request
        # itself would queue the task: the benchmark runs it here instead)
        run = BulkEvaluation.objects.create(
            adcode=f"{prefix}0000", year=year, total=0, requested_by=requester
        )
        started = time.perf_counter()
        done = bulk.bulk_evaluation_run(run_id=run.pk)
        return time.perf_counter() - started, done.done, done

    def phases(total: float, units: int) -> str:
        listed = stages.get("_listed_enterprises", 0.0)
        read = stages.get("bulk_inputs", 0.0)
        batch = stages.get("evaluate_units", 0.0)
        write = total - listed - read - batch
        return (
            f"  listed units {listed:6.2f} s · inputs read {read:6.2f} s · batch evaluation "
            f"{batch:6.2f} s · write (one transaction) {write:6.2f} s\n"
            f"  total {total:7.2f} s for {units:,} units: {units / total:,.0f} units/s"
        )

    load = os.getloadavg()
    print(
        f"{connection.vendor}, data year {year}, {nation_units:,} listed green factories in "
        f"{len(provinces)} provinces; load average at start: {load[0]:.2f} {load[1]:.2f} "
        f"{load[2]:.2f} on {os.cpu_count()} cores"
    )

    # 1. one province, the platform's bulk path
    stages.clear()
    seconds, units, run = run_bulk(province)
    print(f"bulk path, province {province}0000 (run {run.pk}, {run.passed:,} passed):")
    print(phases(seconds, units))
    bulk_rate = units / seconds

    # the per-unit baseline on a sample of the same units, in the same run
    listed = originals["_listed_enterprises"](province)
    sample = random.Random(7).sample(listed, min(args.sample, len(listed)))
    enterprises = Enterprise.objects.in_bulk([e for e, _i in sample])
    rows = {r.enterprise_id: r for r in BulkEvaluationRow.objects.filter(run=run)}
    mismatched = 0
    with transaction.atomic():
        baseline = BulkEvaluation.objects.create(
            adcode=f"{province}0000", year=year, total=len(sample), requested_by=requester
        )
        started = time.perf_counter()
        for enterprise_id, _industry in sample:
            inp = bulk.unit_inputs(enterprise=enterprises[enterprise_id], year=year)
            single = evaluate(
                inp.standard,
                metrics=inp.metrics,
                answers=inp.answers,
                vetoes=inp.vetoes,
                quotas=inp.quotas,
            )
            BulkEvaluationRow.objects.create(
                run=baseline,
                enterprise_id=enterprise_id,
                standard_code=single.standard,
                metrics_source=inp.source,
                total=single.total,
                eligible=single.eligible,
                basic_met=single.basic_requirements_met,
                passed=single.passed,
                band=single.band or "",
                unmet_mandatory=len(single.unmet_mandatory),
                categories={c.code: c.score for c in single.categories},
                indicators={i.code: i.earned for i in single.indicators},
                quotas={code: q.model_dump(mode="json") for code, q in inp.quotas.items()},
            )
            row = rows[enterprise_id]
            mismatched += (
                row.total != single.total
                or row.passed != single.passed
                or row.indicators != {i.code: i.earned for i in single.indicators}
            )
        per_unit = (time.perf_counter() - started) / len(sample)
        transaction.set_rollback(True)  # the baseline's rows are not kept
    print(
        f"per-unit path (unit_inputs + evaluate + one row saved), {len(sample)} sampled units: "
        f"{per_unit * 1000:.1f} ms/unit, {1 / per_unit:,.0f} units/s; bulk rows equal to it: "
        f"{len(sample) - mismatched}/{len(sample)}"
    )
    print(
        f"  scaled to the province: {per_unit * units:,.0f} s; bulk path {bulk_rate * per_unit:.1f}× "
        "faster"
    )

    # 2. the nation: one run per province, as every provincial official would start it
    if not args.no_nation:
        stages.clear()
        total = 0.0
        count = 0
        slowest = ("", 0.0)
        for prefix, _n in provinces:
            seconds, units, _run = run_bulk(prefix)
            total += seconds
            count += units
            slowest = max(slowest, (prefix, seconds), key=lambda s: s[1])
        print(
            f"bulk path, the nation ({len(provinces)} runs, slowest {slowest[0]}0000 {slowest[1]:.1f} s):"
        )
        print(phases(total, count))
        print(
            f"  per-unit path scaled to the nation: {per_unit * count:,.0f} s; bulk path "
            f"{count / total * per_unit:.1f}× faster"
        )
    load = os.getloadavg()
    print(f"load average at end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
