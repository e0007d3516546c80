"""Benchmark: national recompute end to end — stored filings → results stored.

Runs the platform's own recompute (``filings_recompute``, the batch path: filings read in
bulk as JSON text, validated, turned into frames, accounted by ``account_frames``, new
records and events written in bulk) over every stored filing of a built demo database,
and prints the time of each stage and in total, with the load average.

Build the database first, e.g. ``greenmfg demo --scale 1 --build-only`` (SQLite under
GREENMFG_HOME) or with ``--database-url postgres://…``; then:

    GREENMFG_DEBUG=1 GREENMFG_HOME=… [GREENMFG_DATABASE_URL=postgres://…] \\
        .venv/bin/python benchmarks/recompute.py

Target (2-core machine, PostgreSQL, national data): ≤ 60 s end to end.
Each run adds one record per filing (old records are kept, as after a factor change).
"""

from __future__ import annotations

import os
import time
from typing import Any


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenmfg.platform.settings")
    import django

    django.setup()
    from django.db import connection

    from greenmfg.platform.filings import batch, services
    from greenmfg.platform.filings.models import AnnualFiling

    stages: dict[str, float] = {}
    originals: dict[str, Any] = {
        name: getattr(batch, name)
        for name in ("_stored_rows", "_validated", "account_filings_batch")
    }

    def timed(name: str) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return originals[name](*args, **kwargs)
            finally:
                stages[name] = stages.get(name, 0.0) + time.perf_counter() - started

        return wrapper

    for name in originals:
        setattr(batch, name, timed(name))
    filings = AnnualFiling.objects.all()
    n = filings.count()
    done = 0
    started = time.perf_counter()

    def progress(k: int) -> None:
        nonlocal done
        done += k
        print(f"  {done:,} / {n:,} filings, {time.perf_counter() - started:.1f} s", flush=True)

    changed = services.filings_recompute(actor=None, filings=filings, force=True, progress=progress)
    total = time.perf_counter() - started
    load = os.getloadavg()
    read = stages.get("_stored_rows", 0.0)
    valid = stages.get("_validated", 0.0)
    core = stages.get("account_filings_batch", 0.0)
    print(f"database: {connection.vendor}; {n:,} stored filings, {changed:,} recomputed")
    print(f"read stored filings (bulk)          {read:8.1f} s")
    print(f"validate (pydantic, from JSON text)  {valid:7.1f} s")
    print(f"checks + frames + batch accounting   {core:7.1f} s")
    print(f"write records + events (bulk), other {total - read - valid - core:7.1f} s")
    print(f"end to end                          {total:8.1f} s  ({n / total:,.0f} filings/s)")
    print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
