"""``manage.py compute_index_snapshots YEAR``: the regional index snapshots of a year."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from greenmfg.platform.dashboards.services import index_snapshots_compute


class Command(BaseCommand):
    help = "Compute the regional green manufacturing index snapshots (区域绿色制造指数) of a year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        written = index_snapshots_compute(actor=None, year=options["year"])
        self.stdout.write(f"{options['year']}: {written} snapshots written")
