"""``manage.py grade_green_codes YEAR [--enqueue]``: grade a data year's green codes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from greenmfg.platform.greencode.services import green_codes_grade
from greenmfg.platform.greencode.tasks import grade_year_task, grading_due, schedule_grading


class Command(BaseCommand):
    help = "Grade the enterprise green codes (企业绿码) of a data year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int, help="data year of the dynamic management filings")
        parser.add_argument(
            "--enqueue", action="store_true", help="run as a background task instead of now"
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="queue a background task for the day after the filing deadline",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if options["schedule"]:
            result = schedule_grading(year)
            self.stdout.write(
                f"grading of {year} queued for {grading_due(year):%Y-%m-%d %H:%M}: task {result.id}"
            )
            return
        if options["enqueue"]:
            result = grade_year_task.enqueue(year)
            self.stdout.write(f"enqueued grading of {year}: task {result.id}")
            return
        run = green_codes_grade(actor=None, year=year)
        self.stdout.write(
            f"{year}: {run.population} national green factories, {run.graded} graded "
            f"(A+ {run.counts.get('A+', 0)}, A {run.counts.get('A', 0)}, B {run.counts.get('B', 0)}); "
            f"no code: {run.excluded}; method {run.method_version} ({run.method_status})"
        )
