"""``greenmfg workflow reminders`` and ``greenmfg api-token`` — the gradient-cultivation
workflow from the command line."""

from __future__ import annotations

from typing import Annotated

import typer

workflow_app = typer.Typer(
    help="Gradient cultivation (梯度培育) workflow tasks.", no_args_is_help=True
)
token_app = typer.Typer(help="API tokens for machine clients (bearer auth).", no_args_is_help=True)


def _django() -> None:
    from greenmfg.cli._django import setup

    setup()


@workflow_app.command("reminders")
def reminders(
    days: Annotated[int, typer.Option(help="Remind this many days before a deadline.")] = 7,
) -> None:
    """Create inbox reminders for applications whose deadline is near (idempotent)."""
    _django()
    from greenmfg.platform.workflow.services import reminders_create

    typer.echo(f"{reminders_create(days_ahead=days)} reminder(s) created.")


@token_app.command("create")
def token_create(
    username: str, name: str = typer.Argument(..., help="Which client uses the token.")
) -> None:
    """Create an API token for USERNAME; it is printed once and never stored."""
    _django()
    from greenmfg.platform.accounts.models import User
    from greenmfg.platform.api.auth import api_token_create

    user = User.objects.filter(username=username).first()
    if user is None:
        typer.echo(f"error: no user {username!r}", err=True)
        raise typer.Exit(2)
    _row, raw = api_token_create(actor=None, user=user, name=name)
    typer.echo(raw)


def register(app: typer.Typer) -> None:
    app.add_typer(workflow_app, name="workflow")
    app.add_typer(token_app, name="api-token")
