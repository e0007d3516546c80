"""``greenmfg footprint FILE [--json] [--pact OUT.json]`` (no database needed).

FILE is a footprint input (docs/footprint-format.md).  A material line may name a
supplier's PACT file with ``"pact_file": "supplier.json"`` (relative to FILE); it is read,
validated against the PACT schema and used as the material's supplier footprint.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from greenmfg.core.errors import FootprintInvalidError, GreenmfgError

__all__ = ["register"]

STAGE_NAMES = {
    "raw_materials": "原材料获取 raw materials",
    "production": "生产 production",
    "distribution": "分销 distribution",
    "use": "使用 use",
    "end_of_life": "寿命终止 end of life",
}


def _inline_pact_files(data: Any, base: Path) -> Any:
    """Replace ``pact_file`` on material lines by the file's JSON (``pact``)."""
    if not isinstance(data, dict) or not isinstance(data.get("materials"), list):
        return data
    issues = []
    for i, line in enumerate(data["materials"], start=1):
        if isinstance(line, dict) and "pact_file" in line:
            path = base / str(line.pop("pact_file"))
            try:
                line["pact"] = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                issues.append(
                    {
                        "section": "materials",
                        "line": i,
                        "field": "pact_file",
                        "message": f"materials line {i}, field pact_file: cannot read {path}: {exc}",
                    }
                )
    if issues:
        raise FootprintInvalidError(file="input", issues=issues)
    return data


def _print(data: dict[str, Any], console: Console) -> None:
    prod, ent = data["product"], data["enterprise"]
    console.print(
        f"[bold]{prod['name']}[/bold]  {ent['name']} {ent['uscc']}  year {data['year']}  "
        f"boundary {data['boundary']}  ({data['standard']})"
    )
    unit = prod["declared_unit"]
    t = Table(title=f"产品碳足迹 Product carbon footprint (kgCO2e per {unit})")
    t.add_column("stage 阶段")
    t.add_column(f"kgCO2e/{unit}", justify="right")
    for key, value in data["by_stage"].items():
        t.add_row(STAGE_NAMES.get(key, key), f"{value:,.3f}")
    t.add_row("[bold]total 合计[/bold]", f"[bold]{data['total_kgco2e_per_unit']:,.3f}[/bold]")
    console.print(t)
    share = data["primary_data_share"]
    console.print(
        "primary data share 初级数据占比: " + ("–" if share is None else f"{share * 100:.1f}%")
    )
    console.print(f"allocation 分配: {data['allocation'].get('statement', '')}")
    f = Table(title="factors used 使用的因子")
    for col in ("factor", "value", "unit", "status", "source"):
        f.add_column(col)
    for row in data["factors_used"]:
        f.add_row(
            row["factor_id"], f"{row['value']:g}", row["unit"], row["status"], row["source_doc"]
        )
    console.print(f)
    for w in data["warnings"]:
        console.print(f"[yellow]warning:[/yellow] {w}")


def register(app: typer.Typer) -> None:
    _register_factors(app)

    @app.command("footprint")
    def footprint_cmd(
        file: Annotated[
            Path, typer.Argument(help="Footprint input (.json)", exists=True, dir_okay=False)
        ],
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
        pact: Annotated[
            Path | None,
            typer.Option("--pact", help="Also write the PACT ProductFootprint JSON here"),
        ] = None,
    ) -> None:
        """Product carbon footprint (产品碳足迹, GB/T 24067-2024) of one product."""
        from greenmfg.core.footprint import compute, parse_input
        from greenmfg.core.footprint.pact_export import pact_export

        try:
            raw = json.loads(file.read_text(encoding="utf-8"))
        except ValueError as exc:
            typer.echo(f"{file}: not valid JSON: {exc}", err=True)
            raise typer.Exit(1) from None
        try:
            data = _inline_pact_files(raw, file.parent)
            result = compute(parse_input(data, file=file.name), file=file.name)
            document = pact_export(result) if pact is not None else None
        except GreenmfgError as err:
            typer.echo(str(err), err=True)
            raise typer.Exit(1) from None
        if pact is not None and document is not None:
            pact.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
        out = result.to_dict()
        if as_json:
            typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        else:
            _print(out, Console())


def _register_factors(app: typer.Typer) -> None:
    @app.command("footprint-factors")
    def factors_cmd(
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
    ) -> None:
        """The footprint factor library: every factor with its source and status."""
        from greenmfg.core.footprint import default_library

        lib = default_library()
        if as_json:
            typer.echo(
                json.dumps(
                    {
                        "version": lib.version,
                        "factors": [r.ref() | {"kind": r.kind} for r in lib.rows],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        t = Table(title=f"footprint factor library 碳足迹因子库 ({lib.version})")
        for col in ("factor id", "kind", "name", "year", "value", "unit", "status", "source"):
            t.add_column(col)
        for r in lib.rows:
            t.add_row(
                r.factor_id,
                r.kind,
                r.name_zh,
                str(r.data_year or ""),
                f"{r.value:g}",
                r.unit,
                r.status,
                f"{r.source_doc} · {r.clause}",
            )
        Console().print(t)
