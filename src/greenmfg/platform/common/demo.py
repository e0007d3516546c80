"""The demo pipeline: each app contributes steps that fill the demo database.

An app lists its steps in ``DEMO_STEPS`` of its ``demo.py``::

    DEMO_STEPS = [DemoStep(order=30, name="annual filings", run=load_filings)]

``run(dataset, stdout)`` receives the synthetic data set returned by the registry loader
(:func:`greenmfg.platform.registry.demo_data.load_demo_data`) and a text stream for
progress lines.  ``greenmfg demo`` loads the registry first, then runs every app's steps by
``order`` (ties by app order in ``INSTALLED_APPS``), then creates the demo accounts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from greenmfg.platform.common.discovery import collect


@dataclass(frozen=True)
class DemoStep:
    order: int
    name: str
    run: Callable[[Any, TextIO], None]


def all_demo_steps() -> list[DemoStep]:
    steps = collect("demo", "DEMO_STEPS")
    return sorted(steps, key=lambda s: s.order)


def run_demo_steps(dataset: Any, stdout: TextIO) -> list[tuple[str, float]]:
    """Run every app's demo step in order; returns (name, seconds) per step."""
    timings: list[tuple[str, float]] = []
    for step in all_demo_steps():
        started = time.perf_counter()
        stdout.write(f"· {step.name} …\n")
        stdout.flush()
        step.run(dataset, stdout)
        elapsed = time.perf_counter() - started
        timings.append((step.name, elapsed))
        stdout.write(f"  {step.name}: {elapsed:.1f} s\n")
        stdout.flush()
    return timings
