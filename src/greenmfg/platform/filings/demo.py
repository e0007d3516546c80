"""Demo step: store the synthetic data set's annual filings with their accounting results
(bulk), before dynamic management reads them."""

from __future__ import annotations

from typing import Any, TextIO

from greenmfg.platform.common.demo import DemoStep
from greenmfg.platform.filings.services import filings_bulk_load


def load_annual_filings(dataset: Any, stdout: TextIO) -> None:
    filings = list(getattr(dataset, "filings", ()) or ())
    counts = filings_bulk_load(filings=filings, stdout=stdout)
    stdout.write(
        f"  annual filings: {counts['stored']:,} stored, {counts['unknown_enterprise']:,} of unknown enterprises, {counts['invalid']:,} invalid\n"
    )


DEMO_STEPS = [DemoStep(order=40, name="annual energy and carbon filings", run=load_annual_filings)]
