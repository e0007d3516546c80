"""Demo step: grade the green codes of every data year of the demo filings."""

from __future__ import annotations

from typing import Any, TextIO

from greenmfg.platform.common.demo import DemoStep, step_progress
from greenmfg.platform.greencode.services import green_codes_grade


def grade_demo(dataset: Any, stdout: TextIO) -> None:
    from greenmfg.platform.dashboards.demo import demo_years

    years = demo_years()
    for i, year in enumerate(years):
        step_progress(stdout, i, len(years))
        run = green_codes_grade(actor=None, year=year)
        stdout.write(
            f"  green codes {year}: {run.graded} graded of {run.population} "
            f"(A+ {run.counts.get('A+', 0)} / A {run.counts.get('A', 0)} / B {run.counts.get('B', 0)}), "
            f"no code: {run.excluded}\n"
        )


DEMO_STEPS = [DemoStep(order=80, name="green codes", run=grade_demo)]
