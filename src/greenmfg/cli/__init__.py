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
    app()
