"""``greenmfg green-code``, ``greenmfg indices-method``, ``greenmfg grade-green-codes`` and
``greenmfg index-snapshots``: the green code and the regional index from the command line."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from greenmfg.core.errors import GreenmfgError, ImportInvalidError, ImportIssue
from greenmfg.core.indices.greencode import GreenCodeInput, grade_units
from greenmfg.core.indices.methods import (
    GreenCodeMethod,
    green_code_method,
    leading_values,
    load_green_code_method,
    regional_index_method,
)

TRUE = {"1", "true", "yes", "y", "是"}
FALSE = {"0", "false", "no", "n", "否", ""}


def read_inputs(path: Path, method: GreenCodeMethod) -> list[GreenCodeInput]:
    """Grading inputs from a CSV file: ``uscc, industry, filed, abnormal`` and one column
    per metric of the method (empty = missing).  Every problem is reported with its row and
    column; nothing is graded if any is found."""
    issues: list[ImportIssue] = []
    units: list[GreenCodeInput] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        for column in ("uscc", "industry", "filed"):
            if column not in header:
                issues.append(
                    ImportIssue(
                        message="column missing",
                        column=column,
                        expected="a header row with uscc, industry, filed",
                    )
                )
        if issues:
            raise ImportInvalidError(file=path.name, issues=issues)
        for row_number, row in enumerate(reader, start=2):
            flags: dict[str, bool] = {}
            for column in ("filed", "abnormal"):
                raw = (row.get(column) or "").strip().lower()
                if raw in TRUE:
                    flags[column] = True
                elif raw in FALSE:
                    flags[column] = False
                else:
                    issues.append(
                        ImportIssue(
                            message=f"{raw!r} is not a yes/no value",
                            row=row_number,
                            column=column,
                            expected="1/0, true/false, yes/no or 是/否",
                        )
                    )
            metrics: dict[str, float] = {}
            for indicator in method.indicators:
                raw = (row.get(indicator.metric) or "").strip()
                if not raw:
                    continue
                try:
                    metrics[indicator.metric] = float(raw)
                except ValueError:
                    issues.append(
                        ImportIssue(
                            message=f"{raw!r} is not a number",
                            row=row_number,
                            column=indicator.metric,
                            expected="a number ≥ 0",
                        )
                    )
            units.append(
                GreenCodeInput(
                    uscc=(row.get("uscc") or "").strip().upper(),
                    industry=(row.get("industry") or "").strip(),
                    filed=flags.get("filed", False),
                    abnormal=flags.get("abnormal", False),
                    metrics=metrics,
                )
            )
    if issues:
        raise ImportInvalidError(file=path.name, issues=issues)
    return units


def _fail(err: GreenmfgError, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps({"error": err.as_dict()}, ensure_ascii=False, indent=2))
    else:
        typer.echo(str(err), err=True)
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    @app.command("green-code")
    def green_code_cmd(
        file: Annotated[
            Path,
            typer.Argument(
                help="CSV: uscc, industry, filed, abnormal, metric columns",
                exists=True,
                dir_okay=False,
            ),
        ],
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
        method_file: Annotated[
            Path | None,
            typer.Option("--method", help="A green-code method file of your own (.yaml)"),
        ] = None,
    ) -> None:
        """Grade national green factories A+ / A / B (企业绿码) from their filing metrics."""
        try:
            method = load_green_code_method(method_file) if method_file else green_code_method()
            run = grade_units(read_inputs(file, method), method)
        except GreenmfgError as err:
            _fail(err, as_json)
            return
        rows: list[dict[str, Any]] = [
            {
                "uscc": r.uscc,
                "industry": r.industry,
                "grade": None if r.grade is None else r.grade.value,
                "score": r.score,
                "rank_overall": r.rank_overall,
                "rank_industry": r.rank_industry,
                "industry_size": r.industry_size,
                "no_code_reason": None if r.excluded is None else r.excluded.value,
            }
            for r in run.results
        ]
        summary = {
            "method": method.version,
            "method_status": method.status,
            "grades": {str(k): v for k, v in run.grade_counts().items()},
            "no_code": {str(k): v for k, v in run.excluded_counts().items()},
        }
        if as_json:
            typer.echo(
                json.dumps({"summary": summary, "units": rows}, ensure_ascii=False, indent=2)
            )
            return
        table = Table(title=f"企业绿码 green codes — method {method.version} ({method.status})")
        for column in ("uscc", "industry", "grade", "score", "rank", "industry rank", "no code"):
            table.add_column(column)
        for row in sorted(
            rows, key=lambda r: (r["rank_overall"] is None, r["rank_overall"] or 0, r["uscc"])
        ):
            table.add_row(
                row["uscc"],
                row["industry"],
                row["grade"] or "—",
                "" if row["score"] is None else f"{row['score']:.2f}",
                "" if row["rank_overall"] is None else str(row["rank_overall"]),
                ""
                if row["rank_industry"] is None
                else f"{row['rank_industry']}/{row['industry_size']}",
                row["no_code_reason"] or "",
            )
        console = Console()
        console.print(table)
        console.print(f"grades {summary['grades']}; no code {summary['no_code']}")
        if method.status != "verified":
            console.print(
                "[yellow]platform method, unverified: the official algorithm is not published[/yellow]"
            )

    @app.command("indices-method")
    def indices_method_cmd(
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
    ) -> None:
        """Show the green-code and regional-index methods and the LCD leading values, with status."""
        data = {
            "green_code": green_code_method().model_dump(mode="json", by_alias=True),
            "regional_index": regional_index_method().model_dump(mode="json"),
            "lcd_leading_values": leading_values().model_dump(mode="json"),
        }
        if as_json:
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
            return
        console = Console()
        gc = green_code_method()
        console.print(f"[bold]企业绿码 green code[/bold] {gc.version} — status {gc.status}")
        for ind in gc.indicators:
            console.print(
                f"  {ind.metric:<32} {ind.name_zh:<16} {ind.direction:<6} weight {ind.weight}"
            )
        ri = regional_index_method()
        console.print(
            f"[bold]区域绿色制造指数 regional index[/bold] {ri.version} — status {ri.status}"
        )
        for rind in ri.indicators:
            console.print(
                f"  {rind.pillar:<12} {rind.code:<26} {rind.name_zh:<16} {rind.direction:<6} weight {rind.weight}"
            )
        console.print("[bold]LCD international leading values[/bold]")
        for row in leading_values().rows:
            console.print(
                f"  {row.product:<18} {row.name_zh:<10} {row.value} {row.unit}  [{row.status}] {row.source}, {row.clause}"
            )

    @app.command("grade-green-codes")
    def grade_green_codes_cmd(
        year: Annotated[int, typer.Argument(help="Data year of the dynamic management filings")],
        home: Annotated[Path, typer.Option("--home", help="Platform home (holds var/)")] = Path(
            "."
        ),
    ) -> None:
        """Grade a data year's green codes in the platform database."""
        from greenmfg.cli.platform import _setup_django

        _setup_django(home.resolve())
        from greenmfg.platform.greencode.services import green_codes_grade

        try:
            run = green_codes_grade(actor=None, year=year)
        except GreenmfgError as err:
            _fail(err, False)
            return
        typer.echo(
            f"{year}: {run.graded} graded of {run.population}; grades {run.counts}; no code {run.excluded}"
        )

    @app.command("index-snapshots")
    def index_snapshots_cmd(
        year: Annotated[int, typer.Argument(help="Data year")],
        home: Annotated[Path, typer.Option("--home", help="Platform home (holds var/)")] = Path(
            "."
        ),
    ) -> None:
        """Compute the regional index snapshots of a year in the platform database."""
        from greenmfg.cli.platform import _setup_django

        _setup_django(home.resolve())
        from greenmfg.platform.dashboards.services import index_snapshots_compute

        try:
            written = index_snapshots_compute(actor=None, year=year)
        except GreenmfgError as err:
            _fail(err, False)
            return
        typer.echo(f"{year}: {written} snapshots written")
