"""``greenmfg standards …`` and ``greenmfg evaluate``: standards as data, the scoring
engine and the report, from the command line (no database)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from greenmfg.core.errors import GreenmfgError

standards_app = typer.Typer(
    help="Evaluation standards (评价标准) shipped as data, and a deployment's own.",
    no_args_is_help=True,
)


def _make_console() -> Console:
    """A console wide enough for the tables (pipes and narrow terminals get 140 columns)."""
    console = Console()
    return console if console.width >= 120 else Console(width=140)


_console = _make_console()

StandardsDir = Annotated[
    list[Path] | None,
    typer.Option(
        "--standards-dir",
        help="An extra directory of standard files (a province's 实施细则); repeatable.",
    ),
]


def _registry(dirs: list[Path] | None) -> Any:
    from greenmfg.core.evaluation.loader import (
        StandardRegistry,
        default_registry,
        extra_dirs_from_env,
    )

    if dirs:
        return StandardRegistry([*extra_dirs_from_env(), *dirs])
    return default_registry()


def _fail(err: GreenmfgError, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps({"error": err.as_dict()}, ensure_ascii=False, indent=2))
    else:
        typer.echo(f"error: {err.message}", err=True)
    raise typer.Exit(code=2)


def _unverified(status: str) -> str:
    return "[yellow]unverified 未核实[/yellow]" if status == "unverified" else status


@standards_app.command("list")
def standards_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    standards_dir: StandardsDir = None,
) -> None:
    """List the available standards."""
    try:
        registry = _registry(standards_dir)
    except GreenmfgError as err:
        _fail(err, as_json)
        return
    rows = []
    for s in registry.all():
        m = s.metadata
        unverified = s.unverified_count()
        rows.append(
            {
                "code": m.code,
                "title_zh": m.title_zh,
                "title_en": m.title_en,
                "kind": m.kind.value,
                "edition": m.edition,
                "effective": m.effective.isoformat() if m.effective else None,
                "industries": m.industries,
                "default": m.default,
                "status": m.status.value,
                "supersedes": m.supersedes,
                "unverified_numbers": unverified,
                "file": registry.source_of(m.code),
            }
        )
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title="Standards 评价标准")
    for col in ("code", "title", "kind", "industries", "status", "unverified numbers"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["code"] + (" (default)" if r["default"] else ""),
            f"{r['title_zh']}\n{r['title_en']}",
            r["kind"],
            ", ".join(r["industries"]) or "all",
            _unverified(r["status"]),
            str(r["unverified_numbers"]),
        )
    _console.print(table)


@standards_app.command("show")
def standards_show(
    code: str,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the resolved standard as JSON.")
    ] = False,
    standards_dir: StandardsDir = None,
) -> None:
    """Show one standard: vetoes, basic requirements, categories and indicators."""
    try:
        standard = _registry(standards_dir).get(code)
    except GreenmfgError as err:
        _fail(err, as_json)
        return
    if as_json:
        typer.echo(json.dumps(standard.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    m = standard.metadata
    _console.print(f"[bold]{m.code}[/bold] {m.title_zh} / {m.title_en}")
    _console.print(
        f"edition {m.edition}, effective {m.effective or '—'}, status {_unverified(m.status.value)}"
    )
    _console.print(f"source: {m.source}")
    if standard.vetoes:
        _console.print("\n[bold]Veto conditions 否决条件[/bold]")
        for v in standard.vetoes:
            _console.print(f"  {v.code}  {v.text_zh}  ({v.clause or v.source}; {v.status.value})")
    if standard.basic_requirements:
        _console.print("\n[bold]Basic requirements 基本要求[/bold]")
        for b in standard.basic_requirements:
            _console.print(f"  {b.code}  {b.text_zh}  ({b.status.value})")
    table = Table(title="Indicators 评价指标")
    for col in ("code", "category", "name", "type", "M", "points", "metric", "baseline", "leading"):
        table.add_column(col)
    for c in standard.categories:
        table.add_row(
            f"[bold]{c.code}[/bold]",
            "",
            f"[bold]{c.name_zh} {c.name_en}[/bold]",
            f"weight {c.weight.value:g}",
            "",
            "",
            "",
            _unverified(c.weight.status.value),
            "",
        )
        for i in standard.indicators_of(c.code):
            table.add_row(
                i.code,
                i.category,
                f"{i.name_zh}\n{i.name_en}",
                i.type,
                "必选" if i.mandatory else "",
                f"{i.max_points:g}",
                i.metric or ("(answer)" if i.type == "quantitative" else ""),
                _num(i.baseline, i.unit),
                _num(i.leading, i.unit),
            )
    _console.print(table)
    rule = standard.pass_rule
    if rule.threshold is not None:
        _console.print(
            f"pass mark {rule.threshold.value:g} ({_unverified(rule.threshold.status.value)})"
        )
    for band in rule.bands:
        _console.print(f"  ≥ {band.min.value:g}: {band.label_zh} ({band.min.status.value})")


def _num(num: Any, unit: str | None) -> str:
    if num is None:
        return ""
    flag = " [yellow]U[/yellow]" if num.unverified else ""
    return f"{num.value:g} {unit or ''}{flag}"


@standards_app.command("diff")
def standards_diff(
    a: str,
    b: str,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    standards_dir: StandardsDir = None,
) -> None:
    """What changed from standard A to standard B (editions, or a base and its industry set)."""
    from greenmfg.core.evaluation.diff import diff_standards

    try:
        registry = _registry(standards_dir)
        changes = diff_standards(registry.get(a), registry.get(b))
    except GreenmfgError as err:
        _fail(err, as_json)
        return
    if as_json:
        typer.echo(
            json.dumps([c.as_dict() for c in changes], ensure_ascii=False, indent=2, default=str)
        )
        return
    table = Table(title=f"{a} → {b}: {len(changes)} change(s)")
    for col in ("", "section", "code", "field", "old", "new"):
        table.add_column(col)
    marks = {"added": "[green]+[/green]", "removed": "[red]-[/red]", "changed": "~"}
    for c in changes:
        table.add_row(marks[c.kind], c.section, c.code, c.field or "", _short(c.old), _short(c.new))
    _console.print(table)


def _short(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def evaluate_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="Evaluation input: filing JSON + answers + vetoes, or a filing .xlsx/.csv."
        ),
    ],
    standard: Annotated[
        str | None,
        typer.Option(
            "--standard", help="Standard code (default: the file's, or the one for its industry)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write the report: out.pdf or out.html.")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Report language: zh or en.")] = "zh",
    answers: Annotated[
        Path | None,
        typer.Option("--answers", help="JSON with answers, vetoes (and evidence) for FILE."),
    ] = None,
    standards_dir: StandardsDir = None,
) -> None:
    """Evaluate a filing against a standard: eligibility, score, gaps; optionally a report."""
    from greenmfg.core.domain import UnitKind
    from greenmfg.core.evaluation.engine import evaluate
    from greenmfg.core.evaluation.inputs import load_input

    if lang not in ("zh", "en"):
        raise typer.BadParameter("--lang is zh or en")
    if report is not None and report.suffix.lower() not in (".pdf", ".html", ".htm"):
        raise typer.BadParameter("--report takes a .pdf or .html file name")
    try:
        registry = _registry(standards_dir)
        inp = load_input(file, answers_path=answers)
        code = standard or inp.standard
        if code is not None:
            indicator_set = registry.get(code)
        else:
            industry = (inp.enterprise or {}).get("industry")
            indicator_set = registry.default_for(UnitKind.FACTORY, industry)
        result = evaluate(
            indicator_set,
            metrics=inp.metrics,
            answers=inp.answers,
            vetoes=inp.vetoes,
            quotas=inp.quotas(indicator_set),
        )
    except GreenmfgError as err:
        _fail(err, as_json)
        return
    if report is not None:
        from greenmfg.reports import ReportContext, write_report

        write_report(
            ReportContext.build(
                standard=indicator_set,
                result=result,
                enterprise=inp.enterprise,
                year=inp.year,
                accounting=inp.accounting.to_dict() if inp.accounting else None,
                evidence=inp.evidence,
                lang=lang,
            ),
            report,
        )
    if as_json:
        out = result.model_dump(mode="json")
        if inp.accounting is not None:
            # the accounting behind the quantitative inputs, with its own unverified count
            out["accounting"] = {
                "factor_set_version": inp.accounting.factor_set_version,
                "unverified_factors": inp.accounting.unverified_count,
                "metrics": inp.accounting.metrics(),
            }
        if report is not None:
            out["report"] = str(report)
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    _print_result(result)
    if report is not None:
        _console.print(f"report written to {report}")


def _print_result(result: Any) -> None:
    _console.print(f"[bold]{result.standard}[/bold] {result.title_zh}")
    if result.vetoes_hit:
        _console.print(
            f"[red]Not eligible 不符合申报条件: veto {', '.join(result.vetoes_hit)}[/red]"
        )
    elif result.vetoes_undeclared:
        _console.print(
            f"[red]Not eligible: veto conditions not declared {', '.join(result.vetoes_undeclared)}[/red]"
        )
    else:
        _console.print("[green]Eligible 无否决事项[/green]")
    if result.basic_unmet:
        _console.print(
            f"[red]Basic requirements not met 基本要求未满足: {', '.join(result.basic_unmet)}[/red]"
        )
    table = Table(title="Score by category 分类得分")
    for col in ("category", "weight", "score (0-100)", "points of total", "no data"):
        table.add_column(col)
    for c in result.categories:
        table.add_row(
            f"{c.code} {c.name_zh}",
            f"{c.weight:g}" + (" U" if c.weight_status == "unverified" else ""),
            f"{c.score:.1f}",
            f"{c.contribution:.2f}",
            ", ".join(c.no_data),
        )
    _console.print(table)
    for ind in result.indicators:
        if ind.threshold_source == "quota":
            for q in ind.quota_products:
                mark = " ← decides 决定得分" if q.binding else ""
                _console.print(
                    f"{ind.code} {q.name_zh} {q.value:.4g} {q.unit}: 引领值 {q.leading:g} / 基准值 "
                    f"{q.baseline:g} ({q.standard} {q.clause} {q.indicator}, {q.status}) → "
                    f"{q.earned:.2f}{mark}"
                )
        elif ind.threshold_source == "standard":
            _console.print(
                f"{ind.code}: no filed product has a GB energy quota 无适用能耗限额 — "
                f"the standard's own {ind.metric} applies"
            )
    threshold = (
        f" (pass mark {result.threshold:g}{' unverified' if result.threshold_status == 'unverified' else ''})"
        if result.threshold is not None
        else ""
    )
    verdict = "[green]PASSED 达标[/green]" if result.passed else "[red]NOT PASSED 未达标[/red]"
    band = f" {result.band}" if result.band else ""
    _console.print(f"Total 总分 {result.total:.2f}{threshold}: {verdict}{band}")
    if result.no_data:
        missing = (
            f" — missing metrics: {', '.join(result.missing_metrics)}"
            if result.missing_metrics
            else ""
        )
        _console.print(
            f"[yellow]No data 无数据 (not scored as zero): {', '.join(result.no_data)}{missing}[/yellow]"
        )
    if result.unmet_mandatory:
        _console.print(
            "Unmet mandatory 必选未满足: "
            + ", ".join(f"{u.indicator} ({u.reason})" for u in result.unmet_mandatory)
        )
    if result.gaps:
        gaps = Table(title="Improvements ranked by points gained 改进建议")
        for col in ("indicator", "now", "target", "points gained"):
            gaps.add_column(col)
        for g in result.gaps[:10]:
            gaps.add_row(
                f"{g.item or g.indicator} {g.name_zh}",
                "no data 无数据" if g.reason == "no_data" else _fmt(g.current_value),
                _fmt(g.target_value) + (f" {g.unit}" if g.unit else ""),
                f"+{g.points_gained:.2f}",
            )
        _console.print(gaps)
    _console.print(
        f"[yellow]{len(result.unverified_inputs)} number(s) of this standard are unverified "
        f"(未核实); see --json unverified_inputs.[/yellow]"
    )


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes 是" if value else "no 否"
    return f"{value:g}"


def register(app: typer.Typer) -> None:
    app.add_typer(standards_app, name="standards")
    app.command("evaluate")(evaluate_command)
