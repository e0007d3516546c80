"""``greenmfg check-table``, ``greenmfg sample`` and ``greenmfg remind``: dynamic
management (动态管理) from the command line.

``check-table`` and ``sample`` need no database (the pure core); ``remind`` sends the
filing reminders of a data year in the platform database.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from greenmfg.core.errors import GreenmfgError, InvalidValueError


def _fail(err: GreenmfgError, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps({"error": err.as_dict()}, ensure_ascii=False, indent=2))
    else:
        typer.echo(str(err), err=True)
    raise typer.Exit(1)


def _read_table(path: Path) -> Any:
    from pydantic import ValidationError

    from greenmfg.core.errors import ImportInvalidError, ImportIssue
    from greenmfg.core.supervision.table import DynamicTable

    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ImportInvalidError(file=path.name, issues=[ImportIssue(message=str(exc))]) from exc
    try:
        return DynamicTable.model_validate(raw)
    except ValidationError as exc:
        issues = [
            ImportIssue(column=".".join(str(p) for p in e["loc"]), message=e["msg"])
            for e in exc.errors()
        ]
        raise ImportInvalidError(file=path.name, issues=issues) from exc


def _read_population(path: Path) -> list[Any]:
    from greenmfg.core.supervision.sampling import Candidate

    out: list[Candidate] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row_no, row in enumerate(csv.DictReader(fh), start=2):
            try:
                out.append(
                    Candidate(
                        unit_id=row["unit_id"].strip(),
                        adcode=row["adcode"].strip(),
                        industry=row["industry"].strip(),
                        abnormal_flags=int(row.get("abnormal_flags") or 0),
                        objections=int(row.get("objections") or 0),
                        complaints=int(row.get("complaints") or 0),
                        score=float(row["score"]) if row.get("score") else None,
                    )
                )
            except (KeyError, ValueError) as exc:
                raise InvalidValueError(
                    where=f"{path.name}, row {row_no}: ",
                    field=str(exc),
                    value=row,
                    expected="columns unit_id, adcode, industry [, abnormal_flags, objections, complaints, score]",
                ) from None
    return out


def register(app: typer.Typer) -> None:
    @app.command("check-table")
    def check_table_cmd(
        file: Annotated[
            Path,
            typer.Argument(help="Dynamic management table (JSON)", exists=True, dir_okay=False),
        ],
        previous: Annotated[
            Path | None,
            typer.Option("--previous", help="Last year's table (JSON), for the year-on-year check"),
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
    ) -> None:
        """Run the data-quality checks on a dynamic management table (动态管理表)."""
        from greenmfg.core.supervision.checks import check_table
        from greenmfg.core.supervision.data import check_settings

        try:
            table = _read_table(file)
            prev = _read_table(previous) if previous is not None else None
        except GreenmfgError as err:
            _fail(err, as_json)
            return
        flags = check_table(table, previous=prev)
        if as_json:
            typer.echo(
                json.dumps(
                    {"settings": check_settings().version, "flags": [f.as_dict() for f in flags]},
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            typer.echo(f"checks {check_settings().version}: {len(flags)} flag(s)")
            for f in flags:
                typer.echo(f"  [{f.severity.value}] {f.code.value} {f.field}: {f.reason}")
        if any(f.severity.value == "blocking" for f in flags):
            raise typer.Exit(2)

    @app.command("sample")
    def sample_cmd(
        population: Annotated[
            Path,
            typer.Argument(
                help="CSV: unit_id, adcode, industry [, abnormal_flags, objections, complaints, score]",
                exists=True,
                dir_okay=False,
            ),
        ],
        seed: Annotated[
            int | None, typer.Option("--seed", help="Random seed (recorded; required)")
        ] = None,
        rate: Annotated[float, typer.Option("--rate", help="Share drawn per stratum (0–1]")] = 0.1,
        min_per_stratum: Annotated[int, typer.Option("--min-per-stratum")] = 1,
        region_digits: Annotated[
            int, typer.Option("--region-digits", help="4 = city, 2 = province")
        ] = 4,
        risk_weighted: Annotated[bool, typer.Option("--risk-weighted")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
    ) -> None:
        """Draw a stratified, reproducible spot-check sample (抽查) from a population file."""
        from greenmfg.core.supervision.sampling import draw_sample

        try:
            result = draw_sample(
                _read_population(population),
                seed=seed,
                rate=rate,
                min_per_stratum=min_per_stratum,
                region_digits=region_digits,
                risk_weighted=risk_weighted,
            )
        except GreenmfgError as err:
            _fail(err, as_json)
            return
        if as_json:
            typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            return
        typer.echo(f"seed {result.seed}: {len(result.selected)} drawn")
        for s in result.strata:
            typer.echo(
                f"  {s.region} {s.industry}: {len(s.drawn)} of {s.population}: {', '.join(s.drawn)}"
            )

    @app.command("remind")
    def remind_cmd(
        year: Annotated[int, typer.Argument(help="Data year of the dynamic management tables")],
        home: Annotated[Path, typer.Option("--home", help="Platform home (holds var/)")] = Path(
            "."
        ),
    ) -> None:
        """Send today's filing reminders (before the 15 April deadline) to units not yet filed."""
        from greenmfg.cli.platform import _setup_django

        _setup_django(home.resolve())
        from greenmfg.platform.supervision.services import reminders_send

        typer.echo(f"{year}: {reminders_send(year=year)} reminder(s) sent")
