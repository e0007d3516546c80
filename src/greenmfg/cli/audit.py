"""``greenmfg audit verify`` and ``greenmfg audit checkpoint`` — the tamper-evident audit
chains of every audited table (see :mod:`greenmfg.core.integrity`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

audit_app = typer.Typer(
    help="The append-only, hash-chained audit tables and their signed checkpoints.",
    no_args_is_help=True,
)


def _django() -> None:
    """Django for the command: one line naming the problem when a setting is wrong or the
    database is missing, unreachable or not migrated."""
    from greenmfg.cli._django import setup

    setup()


@audit_app.command("verify")
def audit_verify(
    table: Annotated[
        list[str] | None,
        typer.Option(
            "--table", "-t", help="Only these tables: workflow, filings, registry, supervision."
        ),
    ] = None,
    checkpoint: Annotated[
        list[Path] | None,
        typer.Option(
            "--checkpoint",
            "-c",
            help="Also check against these exported checkpoint files (greenmfg audit checkpoint --out).",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Check every audit chain (links, hashes, seals, heads, checkpoints); report every
    break with its table, chain and record, and exit 1 when there is any."""
    _django()
    from greenmfg.core.integrity import Checkpoint
    from greenmfg.platform.audit.services import audit_verify as verify
    from greenmfg.platform.audit.tables import TABLE_NAMES

    unknown = sorted(set(table or []) - set(TABLE_NAMES))
    if unknown:
        typer.echo(f"error: unknown table(s) {', '.join(unknown)}; use {', '.join(TABLE_NAMES)}")
        raise typer.Exit(2)
    files = []
    for path in checkpoint or []:
        try:
            files.append(Checkpoint.from_dict(json.loads(path.read_text(encoding="utf-8"))))
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            typer.echo(f"error: {path} is not a readable audit checkpoint: {exc}", err=True)
            raise typer.Exit(2) from exc
    result = verify(tables=table or None, checkpoints=files)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "ok": result.ok,
                    "chains": result.chains,
                    "records": result.records,
                    "checkpoints": result.checkpoints,
                    "breaks": [b.to_dict() for b in result.breaks],
                },
                ensure_ascii=False,
            )
        )
    elif result.ok:
        typer.echo(
            f"OK: {result.records} records in {result.chains} chains verified"
            f" against {result.checkpoints} checkpoint(s)."
        )
    else:
        for found in result.breaks:
            typer.echo(f"BROKEN {found}", err=True)
        typer.echo(
            f"{len(result.breaks)} break(s) in {result.records} records of {result.chains} chains.",
            err=True,
        )
    if not result.ok:
        raise typer.Exit(1)


@audit_app.command("checkpoint")
def audit_checkpoint(
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Also write the signed checkpoint to this JSON file."),
    ] = None,
    public: Annotated[
        bool,
        typer.Option(
            "--public",
            help="Write the public form (chains named by keyed labels, as on /audit/checkpoints/).",
        ),
    ] = False,
) -> None:
    """Sign every chain head as it is now and keep the checkpoint; publish the file (or its
    digest and signature) outside the platform.  The public form names no chain, so it can
    be handed to anyone (the page /audit/checkpoints/ offers the same files)."""
    _django()
    from greenmfg.platform.audit.services import (
        checkpoint_create,
        checkpoint_document,
        checkpoint_public,
    )

    row = checkpoint_create()
    if out is not None:
        document = checkpoint_public(row) if public else checkpoint_document(row)
        out.write_text(document.to_json() + "\n", encoding="utf-8")
    digest, signature = (
        (row.public_digest, row.public_signature) if public else (row.digest, row.signature)
    )
    typer.echo(
        f"checkpoint {row.made_at.isoformat()}: {row.chains} chains, {row.records} records, "
        f"digest {digest}, signature {signature} (key {row.key_id})"
    )


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
