"""Write a synthetic data set to a directory: one CSV per record type, filings as JSON lines.

Files: ``enterprises.csv``, ``parks.csv``, ``park_members.csv``, ``supplier_links.csv``,
``products.csv``, ``institutions.csv``, ``listings.csv``, ``abnormal_filings.csv``,
``filings.jsonl`` (one filing per line, the interchange format of issue 3) and
``manifest.json`` (seed, scale, counts, national batch sizes, sources and their status).
The files are written to a temporary name and renamed at the end, so a failed run
leaves no half-written file behind.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import os
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from greenmfg.core.domain import UnitKind
from greenmfg.synth.model import (
    AbnormalFiling,
    SynthEnterprise,
    SyntheticDataset,
    SynthInstitution,
    SynthListing,
    SynthPark,
    SynthParkMember,
    SynthProduct,
    SynthSupplierLink,
)

Progress = Callable[[str, int, int], None]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _write_csv(path: Path, rows: Sequence[Any], record: type[Any], report: Progress) -> None:
    fields = [f.name for f in dataclasses.fields(record)]
    tmp = path.with_suffix(path.suffix + ".part")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(fields)
        for n, row in enumerate(rows):
            writer.writerow([_cell(getattr(row, name)) for name in fields])
            if n % 20000 == 0:
                report(path.name, n, len(rows))
    report(path.name, len(rows), len(rows))
    os.replace(tmp, path)


def _write_jsonl(path: Path, items: Iterable[dict[str, Any]], total: int, report: Progress) -> None:
    tmp = path.with_suffix(path.suffix + ".part")
    with tmp.open("w", encoding="utf-8") as handle:
        for n, item in enumerate(items):
            handle.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")))
            handle.write("\n")
            if n % 10000 == 0:
                report(path.name, n, total)
    report(path.name, total, total)
    os.replace(tmp, path)


def manifest(dataset: SyntheticDataset) -> dict[str, Any]:
    return {
        "seed": dataset.seed,
        "scale": dataset.scale,
        "counts": dataset.counts(),
        "listings": {f"{level}/{kind}": n for (level, kind), n in dataset.listing_counts().items()},
        "national_batches": {kind.value: dataset.national_batch_counts(kind) for kind in UnitKind},
        "batches": [
            {
                "key": b.key,
                "year": b.year,
                "label_zh": b.label_zh,
                "listed_on": b.listed_on.isoformat(),
                "listed_on_status": b.listed_on_status,
                "real_sizes": {k.value: n for k, n in b.sizes.items()},
                "status": {k.value: s for k, s in b.status.items()},
            }
            for b in dataset.batches
        ],
        "sources": list(dataset.sources),
        "synthetic": True,
    }


def write_dataset(
    dataset: SyntheticDataset, out_dir: Path, *, progress: Progress | None = None
) -> list[Path]:
    """Write every part of ``dataset`` under ``out_dir`` (created if missing)."""
    report: Progress = progress or (lambda _name, _done, _total: None)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables: list[tuple[str, Sequence[Any], type[Any]]] = [
        ("enterprises.csv", dataset.enterprises, SynthEnterprise),
        ("parks.csv", dataset.parks, SynthPark),
        ("park_members.csv", dataset.park_members, SynthParkMember),
        ("supplier_links.csv", dataset.supplier_links, SynthSupplierLink),
        ("products.csv", dataset.products, SynthProduct),
        ("institutions.csv", dataset.institutions, SynthInstitution),
        ("listings.csv", dataset.listings, SynthListing),
        ("abnormal_filings.csv", dataset.abnormal_filings, AbnormalFiling),
    ]
    written: list[Path] = []
    for name, rows, record in tables:
        path = out_dir / name
        _write_csv(path, rows, record, report)
        written.append(path)
    path = out_dir / "filings.jsonl"
    _write_jsonl(path, dataset.filings, len(dataset.filings), report)
    written.append(path)
    path = out_dir / "manifest.json"
    path.write_text(json.dumps(manifest(dataset), ensure_ascii=False, indent=2), encoding="utf-8")
    written.append(path)
    return written
