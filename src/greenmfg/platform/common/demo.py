"""The demo pipeline: each app contributes steps that fill the demo database.

An app lists its steps in ``DEMO_STEPS`` of its ``demo.py``::

    DEMO_STEPS = [DemoStep(order=30, name="annual filings", run=load_filings)]

``run(dataset, stdout)`` receives the synthetic data set returned by the registry loader
(:func:`greenmfg.platform.registry.demo_data.load_demo_data`) and a text stream for
progress lines; a step moves its progress bar with :func:`step_progress`.  ``greenmfg demo`` loads the registry first, then runs every app's steps by
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


def step_progress(stdout: TextIO, done: int, total: int) -> None:
    """Move the running step's progress bar to ``done`` of ``total`` (when the stream
    belongs to the command line's progress display; otherwise nothing)."""
    update = getattr(stdout, "progress", None)
    if update is not None:
        update(done, total)


class _ConsoleWriter:
    """A text stream that prints above a live progress display and moves the running
    step's bar (:func:`step_progress`)."""

    def __init__(self, console: Any) -> None:
        self.console = console
        self.progress: Callable[[int, int], None] | None = None

    def write(self, text: str) -> int:
        self.console.print(text, end="", markup=False, highlight=False, soft_wrap=True)
        return len(text)

    def flush(self) -> None:
        return None


def run_demo_steps(
    dataset: Any, stdout: TextIO, *, progress: bool = False
) -> list[tuple[str, float]]:
    """Run every app's demo step in order; returns (name, seconds) per step.

    With ``progress`` (the command line), each step shows a progress bar with its elapsed
    time while it runs, and the steps' own lines print above the bars."""
    steps = all_demo_steps()
    timings: list[tuple[str, float]] = []
    if not progress:
        for step in steps:
            timings.append(_run_step(step, dataset, stdout))
        return timings
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(file=stdout)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        overall = bar.add_task("demo build", total=len(steps))
        writer = _ConsoleWriter(console)
        for step in steps:
            task = bar.add_task(step.name, total=1)
            writer.progress = lambda done, total, task=task: bar.update(  # type: ignore[misc]
                task, completed=done, total=total
            )
            timings.append(_run_step(step, dataset, writer))  # type: ignore[arg-type]
            bar.update(task, completed=bar.tasks[task].total or 1)
            bar.advance(overall)
    return timings


def _run_step(step: DemoStep, dataset: Any, stdout: TextIO) -> tuple[str, float]:
    started = time.perf_counter()
    stdout.write(f"· {step.name} …\n")
    stdout.flush()
    step.run(dataset, stdout)
    elapsed = time.perf_counter() - started
    stdout.write(f"  {step.name}: {elapsed:.1f} s\n")
    stdout.flush()
    return step.name, elapsed
