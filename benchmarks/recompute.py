"""Benchmark: national recompute end to end — stored filings → results stored.

Runs the platform's own recompute (``filings_recompute``, the batch path) over every
stored filing of a built demo database, in one transaction, and prints the time of each
phase and in total, with the load average:

- **read**: the current records' versions and the filings' JSON text, in bulk;
- **build frames**: ``frames_from_json`` — Polars decodes the stored text into the batch
  frames and applies the engine's checks once per distinct combination (no pydantic
  model per filing; the few filings the checks cannot clear are validated one by one,
  counted here too);
- **batch**: ``account_frames`` + ``metrics_json`` (the metric mappings as JSON text);
- **write**: everything else — records built, old records retired, new records and
  audited events written (``COPY`` on PostgreSQL, ``executemany`` on SQLite), chain
  heads advanced.

Build the database first, e.g. ``greenmfg demo --scale 1 --build-only`` (SQLite under
GREENMFG_HOME) or with ``--database-url postgres://…``; then:

    GREENMFG_DEBUG=1 GREENMFG_HOME=… [GREENMFG_DATABASE_URL=postgres://…] \\
        .venv/bin/python benchmarks/recompute.py

Target (2-core machine, PostgreSQL, national data: 139,975 filings at scale 1): ≤ 60 s
end to end.  Each run adds one record per filing (old records are kept, as after a factor
change).  At a smaller scale the time grows about linearly with the number of filings.
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--chunk", type=int, default=None, help="filings read and accounted at a time")
    args = ap.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenmfg.platform.settings")
    import django

    django.setup()
    from django.db import connection

    from greenmfg.platform.filings import batch, services
    from greenmfg.platform.filings.models import AnnualFiling

    stages: dict[str, float] = {}
    originals: dict[str, Any] = {
        name: getattr(batch, name)
        for name in (
            "_stored_rows",
            "_current_records",
            "frames_from_json",
            "account_frames",
            "metrics_json",
            "_validated_path",
        )
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

    if args.chunk:
        batch.CHUNK = args.chunk
        batch.account_in_bulk.__kwdefaults__["chunk"] = args.chunk  # type: ignore[index]
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    changed = services.filings_recompute(actor=None, filings=filings, force=True, progress=progress)
    total = time.perf_counter() - started
    load = os.getloadavg()
    read = stages.get("_stored_rows", 0.0) + stages.get("_current_records", 0.0)
    frames = stages.get("frames_from_json", 0.0)
    core = stages.get("account_frames", 0.0) + stages.get("metrics_json", 0.0)
    fallback = stages.get("_validated_path", 0.0)
    print(f"database: {connection.vendor}; {n:,} stored filings, {changed:,} recomputed")
    print(f"read (versions + JSON text, bulk)     {read:7.1f} s")
    print(f"build frames (frames_from_json)       {frames:7.1f} s")
    print(f"batch (account_frames + metrics_json) {core:7.1f} s")
    if fallback:
        print(f"  of which validated fallback path    {fallback:7.1f} s")
    print(f"write (records + events, bulk), other {total - read - frames - core:7.1f} s")
    print(f"end to end                            {total:7.1f} s  ({n / total:,.0f} filings/s)")
    print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
