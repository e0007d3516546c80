"""``greenmfg lists import`` and ``greenmfg enterprises import``: a province's existing
official lists and enterprise master data brought into the platform database.

``lists import`` reads an annex (.xlsx, .csv or a PDF with a text layer), shows the
column layout it detected from the header row and asks to confirm it (``--yes`` or a
non-interactive run takes it; ``--columns name=3,region=2`` corrects it, columns
counted from 1).  Rows matched with confidence are applied at once when no row waits
for review; otherwise the import waits on the review page.  ``--json`` prints the counts
``matched``, ``queued``, ``created`` and ``refused``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

lists_app = typer.Typer(
    help="Official green manufacturing lists (名单) from notice annexes.", no_args_is_help=True
)
filings_app = typer.Typer(help="Annual filings (年度填报) in bulk.", no_args_is_help=True)
enterprises_app = typer.Typer(help="Enterprise master data (企业基础信息).", no_args_is_help=True)


def _django() -> None:
    """Django for the command: one line naming the problem when a setting is wrong or the
    database is missing, unreachable or not migrated."""
    from greenmfg.cli._django import setup

    setup()


def _actor(username: str | None) -> Any:
    if not username:
        return None
    from greenmfg.platform.accounts.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        typer.echo(f"error: no active user {username!r}", err=True)
        raise typer.Exit(2)
    return user


def _fail(err: Exception, as_json: bool) -> None:
    from greenmfg.core.errors import GreenmfgError

    if as_json:
        body = err.as_dict() if isinstance(err, GreenmfgError) else {"message": str(err)}
        typer.echo(json.dumps({"error": body}, ensure_ascii=False))
    else:
        typer.echo(f"error: {err}", err=True)
    raise typer.Exit(1)


def _columns(text: str | None) -> dict[str, int | None] | None:
    if not text:
        return None
    out: dict[str, int | None] = {}
    for part in text.split(","):
        key, _, value = part.partition("=")
        value = value.strip()
        if not key.strip() or not (value.isdigit() or value == "-"):
            raise typer.BadParameter(f"{part!r}: expected FIELD=COLUMN (from 1) or FIELD=-")
        out[key.strip()] = None if value == "-" else int(value) - 1
    return out


@lists_app.command("import")
def lists_import(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The annex file.")],
    level: Annotated[str, typer.Option(help="municipal, provincial or national.")],
    year: Annotated[int, typer.Option(help="The list year (batch year).")],
    kind: Annotated[str, typer.Option(help="factory, park or supply_chain.")],
    section: Annotated[
        str, typer.Option(help="list (units added), removals (撤销) or renames (更名).")
    ] = "list",
    region: Annotated[
        str | None,
        typer.Option(
            help="The authority's adcode (provincial/municipal list, run without --user)."
        ),
    ] = None,
    user: Annotated[
        str | None, typer.Option(help="Import as this account (its level and region apply).")
    ] = None,
    notice_date: Annotated[
        str | None, typer.Option(help="Date of the notice, YYYY-MM-DD (listing / removal date).")
    ] = None,
    batch: Annotated[str, typer.Option(help="The notice, e.g. 工信厅节函〔2025〕33号.")] = "",
    columns: Annotated[
        str | None, typer.Option(help="Correct the layout: FIELD=COLUMN,… (columns from 1).")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Take the detected layout.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Import an official list annex: match its rows, queue the doubtful ones, apply."""
    _django()
    from greenmfg.core.errors import GreenmfgError
    from greenmfg.core.onboarding.lists import fields_for
    from greenmfg.platform.onboarding import services

    actor = _actor(user)
    content = file.read_bytes()
    fixed = _columns(columns)
    try:
        notice = dt.date.fromisoformat(notice_date) if notice_date else None
    except ValueError as exc:
        raise typer.BadParameter(f"--notice-date {notice_date!r}: expected YYYY-MM-DD") from exc
    try:
        read = services.list_file_read(
            actor=actor,
            filename=file.name,
            content=content,
            section=section,
            kind=kind,
            level=level,
            year=year,
            authority_adcode=region,
            columns=fixed,
        )
    except (GreenmfgError, ValueError) as err:
        _fail(err, as_json)
        return
    labels = {f.key: f"{f.zh} ({f.en})" for f in fields_for(section)}
    layout = {
        key: {"column": index + 1, "header": read.layout.header.cell(index)}
        for key, index in read.layout.columns.items()
    }
    if not as_json:
        typer.echo(f"Header row {read.layout.header.where}; columns:")
        for key, spec in layout.items():
            typer.echo(f"  {labels[key]}: column {spec['column']} «{spec['header']}»")
        typer.echo(f"{len(read.rows)} row(s) to match.")
        if not yes and sys.stdin.isatty() and not typer.confirm("Use this layout?", default=True):
            typer.echo("Nothing imported; correct the layout with --columns.", err=True)
            raise typer.Exit(1)
    try:
        outcome = services.lists_import(
            actor=actor,
            filename=file.name,
            content=content,
            section=section,
            kind=kind,
            level=level,
            year=year,
            notice_date=notice,
            batch=batch,
            authority_adcode=region,
            columns=read.layout.columns,
        )
    except (GreenmfgError, ValueError) as err:
        _fail(err, as_json)
        return
    counts = outcome.counts.as_dict()
    summary = {
        "import": outcome.list_import.pk,
        "matched": counts["matched"],
        "queued": counts["queued"],
        "created": counts["created"],
        "refused": counts["refused"] + counts["rejected"],
        "applied": outcome.applied,
        "unchanged": not outcome.fresh,
        "columns": layout,
    }
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False))
        return
    if not outcome.fresh:
        typer.echo(
            f"This file was imported before (import {outcome.list_import.pk}); nothing changed."
        )
    typer.echo(
        f"matched {summary['matched']}, queued {summary['queued']}, "
        f"created {summary['created']}, refused {summary['refused']}"
    )
    if outcome.applied:
        typer.echo("Applied to the list.")
    else:
        typer.echo(
            f"{summary['queued']} row(s) wait for review: /onboarding/lists/{outcome.list_import.pk}/"
        )


@enterprises_app.command("import")
def enterprises_import(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help=".xlsx or .csv file.")],
    user: Annotated[str | None, typer.Option(help="Import as this account.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Create or update enterprises by credit code; a new name keeps the old one."""
    _django()
    from greenmfg.core.errors import GreenmfgError
    from greenmfg.platform.onboarding import services

    try:
        result = services.enterprises_import(
            actor=_actor(user), filename=file.name, content=file.read_bytes()
        )
    except (GreenmfgError, ValueError) as err:
        _fail(err, as_json)
        return
    if as_json:
        typer.echo(json.dumps(result.as_dict()))
    else:
        typer.echo(", ".join(f"{k.replace('_', ' ')} {v}" for k, v in result.as_dict().items()))


@filings_app.command("import-past")
def filings_import_past(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help=".xlsx or .csv file.")],
    user: Annotated[str | None, typer.Option(help="Import as this account.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Import past annual filings of many enterprises (one row per enterprise-year, or one
    sheet per enterprise), accounted through the batch path; all or nothing."""
    _django()
    from greenmfg.core.errors import GreenmfgError
    from greenmfg.platform.onboarding import services

    try:
        result = services.past_filings_import(
            actor=_actor(user), filename=file.name, content=file.read_bytes()
        )
    except (GreenmfgError, ValueError) as err:
        _fail(err, as_json)
        return
    if as_json:
        typer.echo(json.dumps(result.as_dict()))
    else:
        typer.echo(
            f"{result.enterprises} enterprise(s): {result.created} filing(s) created, "
            f"{result.replaced} replaced"
        )


def register(app: typer.Typer) -> None:
    app.add_typer(lists_app, name="lists")
    app.add_typer(enterprises_app, name="enterprises")
    app.add_typer(filings_app, name="filings")
