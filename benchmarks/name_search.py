"""Benchmark: the public list's name search at national size, index against scan.

On a built demo database, for each search text, times (median of ``--runs``, one
connection, nothing cached) the two reads of a page of the public list searched by name
— its count and its first page of ids in the search order — once with the platform's
``name_q`` (SQLite: FTS5 trigram tables, :mod:`greenmfg.platform.registry.name_index`;
PostgreSQL: trigram GIN indexes) and, in the same run, with the plain ``LIKE`` scan of
each names table as the baseline, and checks both find the same listings.  On PostgreSQL
both are the same SQL (its trigram indexes serve the ``LIKE``): the ratio is 1 there.

Build the database first, e.g. ``greenmfg demo --scale 1 --build-only`` (SQLite under
GREENMFG_HOME) or with ``--database-url postgres://…``; then:

    GREENMFG_DEBUG=1 GREENMFG_HOME=… [GREENMFG_DATABASE_URL=postgres://…] \\
        .venv/bin/python benchmarks/name_search.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

SEARCHES = ("科技", "汽车", "苏州", "新能源", "七台河", "股份有限公司", "Smart制造")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--page-size", type=int, default=25)
    ap.add_argument("search", nargs="*", default=list(SEARCHES))
    args = ap.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenmfg.platform.settings")
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Q

    from greenmfg.platform.registry import selectors
    from greenmfg.platform.registry.models import Enterprise, Listing, Park, Product

    def scan_q(name: str) -> Q:
        enterprises = Enterprise.objects.filter(name__icontains=name).values("pk")
        return (
            Q(enterprise__in=enterprises)
            | Q(park__in=Park.objects.filter(name__icontains=name).values("pk"))
            | Q(
                product__in=Product.objects.filter(
                    Q(name__icontains=name) | Q(enterprise__in=enterprises)
                ).values("pk")
            )
        )

    def reads(q: Q) -> Callable[[], tuple[int, list[int]]]:
        qs = Listing.objects.filter(q).order_by(*selectors.SEARCH_ORDER)

        def run() -> tuple[int, list[int]]:
            count = qs.count()
            ids = list(qs.values_list("pk", flat=True)[: args.page_size])
            return count, ids

        return run

    def median_ms(run: Callable[[], Any]) -> tuple[float, Any]:
        out = run()  # warm the page cache of the database
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            out = run()
            times.append(time.perf_counter() - started)
        return statistics.median(times) * 1000, out

    load = os.getloadavg()
    print(
        f"{connection.vendor}, {Listing.objects.count():,} listings, "
        f"{Enterprise.objects.count():,} enterprises; median of {args.runs} runs; "
        f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print(f"{'search':<14}{'chars':>6}{'listings':>10}{'scan ms':>10}{'index ms':>10}{'×':>7}")
    for text in args.search:
        scan, scanned = median_ms(reads(scan_q(text)))
        indexed, found = median_ms(reads(selectors.name_q(text)))
        same = "" if scanned == found else "  DIFFERENT RESULTS"
        print(
            f"{text:<14}{len(text):>6}{found[0]:>10,}{scan:>10.1f}{indexed:>10.1f}"
            f"{scan / indexed:>7.1f}{same}",
            flush=True,
        )
    load = os.getloadavg()
    print(
        f"× = scan time / index time (same run); load average at end: "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
