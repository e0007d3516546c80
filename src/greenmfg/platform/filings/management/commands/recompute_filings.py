"""``manage.py recompute_filings [--region ADCODE] [--year Y] [--force]``: account the
stored filings of a region (or the nation) again through the batch path."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from greenmfg.core.accounting import default_factor_set
from greenmfg.platform.filings import services
from greenmfg.platform.filings.models import AccountingRecord, AnnualFiling


class Command(BaseCommand):
    help = (
        "Recompute the annual filings' accounting (batch path) with the current factor set: "
        "every filing whose current result used another factor set, or all with --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--region",
            default="",
            help="a province (XX0000) or city adcode; the whole nation when left out",
        )
        parser.add_argument("--year", type=int, default=None, help="only this data year")
        parser.add_argument(
            "--force",
            action="store_true",
            help="recompute even results made with the current factor set",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        region = str(options["region"] or "").strip()
        if region and not (len(region) == 6 and region.isdigit()):
            raise CommandError(f"--region takes a 6-digit adcode, got {region!r}.")
        filings = AnnualFiling.objects.all()
        if region:
            prefix = region[:2] if region.endswith("0000") else region[:4]
            filings = filings.filter(enterprise__adcode__startswith=prefix)
        if options["year"] is not None:
            filings = filings.filter(year=options["year"])
        version = default_factor_set().version
        stale = filings
        if not options["force"]:
            stale = filings.exclude(
                pk__in=AccountingRecord.objects.filter(
                    is_current=True, factor_set_version=version
                ).values("filing_id")
            )
        total = stale.count()
        started = time.perf_counter()
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            transient=False,
        ) as bar:
            task = bar.add_task("recompute", total=total)
            changed = services.filings_recompute(
                actor=None,
                filings=stale,
                force=options["force"],
                progress=lambda n: bar.advance(task, n),
            )
        self.stdout.write(
            f"{changed:,} of {total:,} filings recomputed with factor set {version} "
            f"in {time.perf_counter() - started:.1f} s"
        )
