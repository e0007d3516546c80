"""``greenmfg account FILE`` and ``greenmfg template OUT.xlsx`` (no database needed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from greenmfg.core.accounting.catalogue import CARRIERS, PRODUCTS
from greenmfg.core.errors import GreenmfgError, ImportInvalidError

__all__ = ["register"]


def _fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _print_table(data: dict[str, Any], console: Console) -> None:
    ent = data["enterprise"]
    console.print(
        f"[bold]{ent['name']}[/bold]  {ent['uscc']}  adcode {ent['adcode']}  industry {ent['industry']}  year {data['year']}"
    )
    m = data["emissions"]["method"]
    console.print(
        f"核算方法 method: {m['method']}  {m.get('guideline_name', '')} {m.get('edition', '')} "
        f"[{m.get('status', '')}]  combustion {m.get('combustion_gases', '')}, GWP {m.get('gwp_set', '')}"
    )
    t = Table(title="综合能耗 Energy (tce)")
    t.add_column("carrier 能源品种")
    t.add_column("当量值 equivalent", justify="right")
    t.add_column("等价值 equal value", justify="right")
    t.add_column("tCO2e", justify="right")
    for code, row in data["energy"]["by_carrier"].items():
        name = CARRIERS[code].name_zh if code in CARRIERS else code
        t.add_row(
            f"{code} {name}",
            _fmt(row["tce_equivalent"]),
            _fmt(row["tce_equal_value"]),
            _fmt(row["co2e_t"]),
        )
    for code, tce in data["energy"].get("by_product_gas_tce", {}).items():
        name = CARRIERS[code].name_zh if code in CARRIERS else code
        t.add_row(f"{code} {name} (自产自用副产煤气, not in total)", _fmt(tce), "", "0.00")
    t.add_row(
        "[bold]total 合计[/bold]",
        f"[bold]{_fmt(data['energy']['equivalent_tce'])}[/bold]",
        f"[bold]{_fmt(data['energy']['equal_value_tce'])}[/bold]",
        "",
    )
    console.print(t)
    e = data["emissions"]
    t2 = Table(
        title=f"温室气体 Emissions (tCO2e, GWP {e['gwp_set']}, grid {e['grid']['scope']}/{e['grid']['basis']})"
    )
    t2.add_column("source 排放源")
    t2.add_column("tCO2e", justify="right")
    for source, value in e["by_source"].items():
        t2.add_row(source, _fmt(value))
    t2.add_row("scope 1 范围一", _fmt(e["scope1_tco2e"]))
    t2.add_row("scope 2 范围二", _fmt(e["scope2_tco2e"]))
    t2.add_row("[bold]total 合计[/bold]", f"[bold]{_fmt(e['total_tco2e'])}[/bold]")
    console.print(t2)
    if data["intensities"]:
        t3 = Table(title="产品 Products")
        for col in (
            "product 产品",
            "quantity 产量",
            "kgce/unit",
            "kWh/unit",
            "tCO2e/unit",
            "level 等级",
            "to next 距上一级",
        ):
            t3.add_column(col, justify="left" if col.startswith("product") else "right")
        for code, row in data["intensities"].items():
            q = data["quota"].get(code)
            name = PRODUCTS[code].name_zh if code in PRODUCTS else code
            level = "–"
            if q:
                level = "non-compliant 不合格" if q["level"] == "non_compliant" else str(q["level"])
            t3.add_row(
                f"{code} {name}", f"{_fmt(row['quantity'], 0)} {row['unit']}", _fmt(row["energy_kgce_per_t"]), _fmt(row["electricity_kwh_per_t"]),
                _fmt(row["co2e_t_per_t"], 4),
                level, _fmt(q["distance_to_next"]) + f" {q['unit']}" if q and q["distance_to_next"] is not None else "–",
            )  # fmt: skip
        console.print(t3)
        for code, q in data["quota"].items():
            if q:
                limits = " / ".join(_fmt(v, 1) for v in q["thresholds"])
                console.print(
                    f"  {code}: {q['standard']} {q['indicator']} = {_fmt(q['value'])} {q['unit']}; levels 1/2/3 {limits} [{q['status']}]"
                )
    share = data["renewable_share"]
    console.print(f"可再生能源比例 renewable share: {_fmt(share)} %")
    unverified = data["unverified_factors"]
    console.print(
        f"factors used 使用的因子: {len(data['factors_used'])} ({unverified} unverified 未核实)  set {data['factor_set_version']}"
    )
    for f in data["factors_used"]:
        if f["status"] != "verified":
            console.print(
                f"  [{'red' if f['status'] == 'unverified' else 'yellow'}]{f['status']}[/] {f['factor_id']} = {f['value']} {f['unit']} ({f['source_doc']} {f['clause']})"
            )
    for w in data["warnings"]:
        console.print(f"[yellow]warning:[/yellow] {w}")


def register(app: typer.Typer) -> None:
    @app.command("account")
    def account_cmd(
        file: Annotated[
            Path, typer.Argument(help="Filing: .xlsx, .csv or .json", exists=True, dir_okay=False)
        ],
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
        method: Annotated[
            str | None,
            typer.Option(
                "--method",
                help="cn-guideline (default: the industry's MEE/NDRC guideline, CO2-only combustion) or ipcc (GB/T 32150 + IPCC Tier 1 CH4/N2O)",
            ),
        ] = None,
        gwp: Annotated[
            str | None,
            typer.Option("--gwp", help="GWP set SAR, AR4, AR5, AR6 (default: the method's own)"),
        ] = None,
        grid_scope: Annotated[
            str, typer.Option("--grid-scope", help="national, regional or provincial")
        ] = "national",
        grid_basis: Annotated[
            str, typer.Option("--grid-basis", help="location, market or ets")
        ] = "location",
    ) -> None:
        """Account one filing: energy (tce), CO2e by scope and source, intensities, quota grades."""
        from greenmfg.core.accounting import account
        from greenmfg.core.filing.reader import read_filing

        if grid_scope not in ("national", "regional", "provincial") or grid_basis not in (
            "location",
            "market",
            "ets",
        ):
            raise typer.BadParameter(
                "grid scope: national/regional/provincial; basis: location/market/ets"
            )
        try:
            filing = read_filing(file)
            result = account(
                filing,
                method=method,
                gwp_set=gwp,
                grid_scope=grid_scope,  # type: ignore[arg-type]
                grid_basis=grid_basis,  # type: ignore[arg-type]
            )
        except GreenmfgError as err:
            if as_json:
                typer.echo(json.dumps({"error": err.as_dict()}, ensure_ascii=False, indent=2))
            else:
                typer.echo(str(err), err=True)
            raise typer.Exit(1) from None
        data = result.to_dict()
        if as_json:
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            _print_table(data, Console())

    @app.command("template")
    def template_cmd(
        out: Annotated[Path, typer.Argument(help="Where to write the .xlsx template")],
        example: Annotated[
            Path | None,
            typer.Option("--from", help="Fill the template from a filing (.json/.csv/.xlsx)"),
        ] = None,
    ) -> None:
        """Write the .xlsx filing template (Chinese headers, field codes beneath)."""
        from greenmfg.core.filing.reader import read_filing
        from greenmfg.core.filing.template import write_template

        filing = None
        if example is not None:
            try:
                filing = read_filing(example)
            except ImportInvalidError as err:
                typer.echo(str(err), err=True)
                raise typer.Exit(1) from None
        write_template(out, filing)
        typer.echo(f"wrote {out}")
