"""Demo step: the index snapshots of every data year that has dynamic management filings
(and of the year before, for the trends); runs after the green codes are graded."""

from __future__ import annotations

from typing import Any, TextIO

from django.apps import apps
from django.utils import timezone

from greenmfg.platform.common.demo import DemoStep, step_progress
from greenmfg.platform.dashboards.services import index_snapshots_compute


def filing_years() -> list[int]:
    try:
        model = apps.get_model("supervision", "DynamicFiling")
    except LookupError:
        return []
    return sorted(set(model.objects.values_list("year", flat=True)))


def demo_years() -> list[int]:
    years = filing_years()
    if not years:
        years = [timezone.localdate().year - 1]
    return [y for y in years if y <= timezone.localdate().year]


def snapshots_demo(dataset: Any, stdout: TextIO) -> None:
    years = demo_years()
    todo = sorted({years[0] - 1, *years})
    for i, year in enumerate(todo):
        step_progress(stdout, i, len(todo))
        written = index_snapshots_compute(actor=None, year=year)
        stdout.write(f"  index snapshots {year}: {written}\n")


DEMO_STEPS = [
    DemoStep(order=85, name="regional index snapshots", run=snapshots_demo),
]
