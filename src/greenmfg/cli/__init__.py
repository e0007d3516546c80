"""The ``greenmfg`` command.

Sub-commands live in modules of this package, each exposing ``register(app)``:
``accounting`` (account, template), ``evaluation`` (standards, evaluate),
``platform`` (demo, generate, serve, audit …).
"""

from __future__ import annotations

import importlib
import importlib.util

import typer

app = typer.Typer(
    name="greenmfg",
    help="greenmfg — green manufacturing system (绿色制造体系) platform and tools.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

COMMAND_MODULES = (
    "accounting",
    "evaluation",
    "platform",
    "workflow",
    "audit",
    "supervision",
    "indices",
    "synth",
    "footprint",
    "onboarding",
    "ops",
)


@app.callback()
def _root() -> None:
    """greenmfg — green manufacturing system (绿色制造体系) platform and tools."""


for _name in COMMAND_MODULES:
    _module_name = f"{__name__}.{_name}"
    if importlib.util.find_spec(_module_name) is not None:
        importlib.import_module(_module_name).register(app)


@app.command("version")
def version() -> None:
    """Print the greenmfg version."""
    from greenmfg import __version__

    typer.echo(__version__)


def main() -> None:
    """Run the command; a deployment problem that surfaces late (the database went away,
    a table is missing) is told in one line, like the checks at start."""
    try:
        app()
    except Exception as err:
        from greenmfg.cli._django import describe_failure

        message = describe_failure(err)
        if message is None:
            raise
        typer.echo(f"error: {message}", err=True)
        raise SystemExit(2) from None
