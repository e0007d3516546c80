"""``greenmfg demo`` and ``greenmfg manage``: the platform from the command line.

``greenmfg demo`` builds the embedded SQLite database ``var/greenmfg.sqlite3`` (under
``GREENMFG_HOME``, default: the current directory), fills it with the synthetic national
data set, creates one demo account per role, prints them, starts the background-task
worker and serves http://127.0.0.1:8000.

Reuse: the database is rebuilt from scratch whenever the seed, the scale, the migrations
or the demo data code changed since it was built (a fingerprint is kept in
``var/demo.json``); otherwise the existing database is served as it is, so a restart is
instant and what a user did in the demo survives it.  ``--fresh`` always rebuilds.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import typer

DEMO_PASSWORD = "greenmfg-demo-2025"  # noqa: S105 - the demo's published password
DEFAULT_SEED = 2025
DEFAULT_SCALE = 0.02  # about 1,400 enterprises, 2,200 listings: ready in under 30 s

# (username, role, adcode, organisation) of the demo accounts; enterprise and evaluator
# accounts are linked to a unit of the generated data set when they are created.
DEMO_ACCOUNTS: tuple[tuple[str, str, str, str], ...] = (
    ("miit", "national", "", "工业和信息化部节能与综合利用司"),
    ("jiangsu", "provincial", "320000", "江苏省工业和信息化厅"),
    ("suzhou", "municipal", "320500", "苏州市工业和信息化局"),
    ("wuxi", "municipal", "320200", "无锡市工业和信息化局"),
    ("enterprise", "enterprise", "", ""),
    ("evaluator", "evaluator", "", ""),
    ("expert1", "expert", "", "清华大学"),
    ("expert2", "expert", "", "中国标准化研究院"),
    ("expert3", "expert", "", "中国电子技术标准化研究院"),
    ("admin", "admin", "", "greenmfg"),
)


def _setup_django(home: Path, *, need_db: bool = True) -> None:
    """Django for a command: one line instead of a traceback when a setting is wrong or
    the database is missing, unreachable or not migrated (see :mod:`greenmfg.cli._django`)."""
    from greenmfg.cli._django import setup

    setup(home, need_db=need_db)


def _fingerprint(seed: int, scale: float) -> str:
    """What the demo database depends on: seed, scale, migrations and the demo data code."""
    import greenmfg

    package = Path(greenmfg.__file__).resolve().parent
    digest = hashlib.sha256(f"{seed}:{scale}:{greenmfg.__version__}".encode())
    sources = [
        *sorted(package.glob("platform/*/migrations/*.py")),
        *sorted(package.glob("platform/*/demo.py")),
        *sorted(package.glob("platform/*/demo_data.py")),
        *sorted(package.glob("synth/**/*")),
        *sorted(package.glob("core/data/**/*")),
    ]
    for path in sources:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _fast_sqlite_writes() -> None:
    """Skip fsync while the demo database is built (it is rebuilt from scratch if cut short)."""
    from django.db import connection
    from django.db.backends.signals import connection_created

    def _pragmas(sender: Any, connection: Any, **kwargs: Any) -> None:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=OFF")

    connection_created.connect(_pragmas, dispatch_uid="greenmfg-demo-build")
    if connection.connection is not None:
        _pragmas(None, connection)


def _restore_sqlite_sync() -> None:
    from django.db import connection
    from django.db.backends.signals import connection_created

    connection_created.disconnect(dispatch_uid="greenmfg-demo-build")
    if connection.vendor == "sqlite" and connection.connection is not None:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=NORMAL")


def _remove_database(db_path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = db_path.with_name(db_path.name + suffix)
        if candidate.exists():
            candidate.unlink()


def _account_region(user: Any, region_path: Any) -> str:
    """The region an account is scoped to (authorities) or belongs to (the others)."""
    if user.role in ("national", "admin"):
        return "全国"
    if user.adcode:
        return str(region_path(user.adcode, english=False))
    unit = user.enterprise or user.park or user.institution
    return str(region_path(unit.adcode, english=False)) if unit is not None else "—"


def _demo_enterprise_traits() -> dict[str, Any]:
    """What makes a Suzhou enterprise a good demo account: a national green factory in
    force, with a green code valid today and an annual filing (so that its home shows
    its code, its figures and its to-dos)."""
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from greenmfg.platform.filings.models import AnnualFiling
    from greenmfg.platform.greencode.models import GreenCode
    from greenmfg.platform.registry.models import Listing

    today = timezone.localdate()
    return {
        "national": Exists(
            Listing.objects.filter(
                enterprise=OuterRef("pk"),
                level="national",
                kind="factory",
                removed_on__isnull=True,
            )
        ),
        "green_code": Exists(
            GreenCode.objects.filter(
                enterprise=OuterRef("pk"),
                current=True,
                valid_from__lte=today,
                valid_until__gte=today,
            )
        ),
        "filed": Exists(AnnualFiling.objects.filter(enterprise=OuterRef("pk"))),
    }


def _create_demo_accounts() -> list[dict[str, str]]:
    from django.db.models import Count

    from greenmfg.platform.accounts.models import User
    from greenmfg.platform.accounts.services import user_create
    from greenmfg.platform.registry.labels import region_path
    from greenmfg.platform.registry.models import Enterprise, EvaluationInstitution
    from greenmfg.platform.registry.services import institution_create

    rows: list[dict[str, str]] = []
    for username, role, adcode, organisation in DEMO_ACCOUNTS:
        links: dict[str, Any] = {}
        if role == "enterprise":
            enterprise = (
                Enterprise.objects.filter(adcode="320500")
                .annotate(n=Count("listings"), **_demo_enterprise_traits())
                .order_by("-national", "-green_code", "-filed", "-n", "uscc")
                .first()
            )
            if enterprise is None:
                raise typer.BadParameter("the demo data set has no enterprise in Suzhou (320500)")
            links["enterprise"] = enterprise
            organisation = enterprise.name
        if role == "evaluator":
            institution = EvaluationInstitution.objects.order_by("uscc").first()
            if institution is None:
                from greenmfg.core.codes.uscc import make

                institution = institution_create(
                    actor=None,
                    name="示范绿色制造评价中心",
                    uscc=make("91110108MA0000001"),
                    legal_representative="王评",
                    adcode="110000",
                    staff_total=40,
                    evaluators=18,
                )
            links["institution"] = institution
            organisation = institution.name
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=None,
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                adcode=adcode,
                organisation=organisation,
                **links,
            )
        rows.append(
            {
                "username": username,
                "role": str(user.get_role_display()),
                "region": _account_region(user, region_path),
                "organisation": user.organisation,
                "password": DEMO_PASSWORD,
            }
        )
    return rows


def _print_accounts(rows: list[dict[str, str]], login_url: str) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if console.width < 150:  # not a terminal, or a narrow one: never cut a password short
        console = Console(width=150)
    table = Table(title=f"Demo accounts · 演示账号 — {login_url}")
    for column in ("username", "role", "region", "organisation", "password"):
        table.add_column(column, no_wrap=column in ("username", "password"))
    for row in rows:
        table.add_row(*(row[c] for c in ("username", "role", "region", "organisation", "password")))
    console.print(table)


def build_demo(
    *, home: Path, seed: int, scale: float, fresh: bool, database_url: str = ""
) -> list[dict[str, str]]:
    """Migrate and fill the demo database (or reuse it); return the demo accounts.

    The database is the embedded SQLite file ``var/greenmfg.sqlite3`` unless
    ``database_url`` names another (PostgreSQL): that one is emptied and filled."""
    from greenmfg.core.errors import InvalidScaleError

    if scale <= 0:
        raise InvalidScaleError(scale=scale)
    var = home / "var"
    var.mkdir(parents=True, exist_ok=True)
    db_path = var / "greenmfg.sqlite3"
    url = database_url or f"sqlite:///{db_path}"
    embedded = not database_url
    label = db_path if embedded else url.rsplit("@", 1)[-1]
    marker = (
        var / "demo.json"
        if embedded
        else var / f"demo-{hashlib.sha256(url.encode()).hexdigest()[:12]}.json"
    )
    fingerprint = _fingerprint(seed, scale)
    reuse = (
        not fresh
        and (db_path.exists() or not embedded)
        and marker.exists()
        and json.loads(marker.read_text()).get("fingerprint") == fingerprint
    )
    if not reuse:
        marker.unlink(missing_ok=True)
        if embedded:
            _remove_database(db_path)
    os.environ["GREENMFG_DATABASE_URL"] = url
    _setup_django(home, need_db=False)
    _fast_sqlite_writes()

    from django.core.management import call_command

    if reuse:
        typer.echo(f"Reusing the demo database {label} (seed {seed}, scale {scale}).")
        _restore_sqlite_sync()
        call_command("migrate", verbosity=0)
        return _create_demo_accounts()
    if not embedded:
        call_command("migrate", verbosity=0)
        call_command("flush", interactive=False, verbosity=0)  # an empty database to fill

    started = time.perf_counter()
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)  # fewer collections while the rows are built in bulk
    typer.echo(f"Building the demo database {label} (seed {seed}, scale {scale}) …")
    call_command("migrate", verbosity=0)
    typer.echo(f"· migrations: {time.perf_counter() - started:.1f} s")

    from greenmfg.platform.common.demo import run_demo_steps

    try:
        from greenmfg.platform.registry.demo_data import load_demo_data
    except ImportError as err:
        typer.echo(f"error: the synthetic data loader is not available: {err}", err=True)
        raise typer.Exit(2) from err

    step = time.perf_counter()
    dataset = load_demo_data(seed=seed, scale=scale, stdout=sys.stdout)
    typer.echo(f"· registry data: {time.perf_counter() - step:.1f} s")
    # The data set (millions of small objects) lives until the end of the build: keep it
    # out of the garbage collector's scans, which otherwise grow with every step.
    gc.collect()
    gc.freeze()
    run_demo_steps(dataset, sys.stdout, progress=True)
    rows = _create_demo_accounts()
    _restore_sqlite_sync()
    gc.set_threshold(*thresholds)
    gc.unfreeze()
    marker.write_text(
        json.dumps({"fingerprint": fingerprint, "seed": seed, "scale": scale}, indent=2)
    )
    typer.echo(f"Demo database ready in {time.perf_counter() - started:.1f} s.")
    return rows


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        seed: int = typer.Option(DEFAULT_SEED, help="Seed of the synthetic data set."),
        scale: float = typer.Option(
            DEFAULT_SCALE, help="Size relative to the national data set (1 = national)."
        ),
        host: str = typer.Option("127.0.0.1", envvar="GREENMFG_HOST", help="Address to serve on."),
        port: int = typer.Option(8000, envvar="GREENMFG_PORT", help="Port to serve on."),
        fresh: bool = typer.Option(False, "--fresh", help="Rebuild the database even if reusable."),
        serve: bool = typer.Option(True, "--serve/--no-serve", help="Serve after building."),
        build_only: bool = typer.Option(
            False, "--build-only", help="Build (or reuse) the demo database, then exit."
        ),
        database_url: str = typer.Option(
            "",
            "--database-url",
            help="Build into this database (e.g. postgres://…) instead of the embedded SQLite "
            "file; it is emptied first.",
        ),
    ) -> None:
        """Build the demo database with synthetic national data and serve the platform."""
        home = Path(os.environ.get("GREENMFG_HOME", Path.cwd())).resolve()
        # The demo is the production process set on the embedded defaults: DEBUG off, a
        # secret key of its own kept in var/, SQLite, and the database-backed task queue
        # unless GREENMFG_REDIS_URL is set.
        from greenmfg.cli.ops import (
            default_task_workers,
            default_web_workers,
            prepare_production_env,
            serve_demo,
        )
        from greenmfg.platform.config import persistent_secret_key

        prepare_production_env(home)
        if not os.environ.get("GREENMFG_SECRET_KEY"):
            os.environ["GREENMFG_SECRET_KEY"] = persistent_secret_key(home / "var")
        from greenmfg.core.errors import GreenmfgError

        try:
            rows = build_demo(
                home=home, seed=seed, scale=scale, fresh=fresh, database_url=database_url
            )
        except GreenmfgError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(2) from err
        _print_accounts(rows, f"http://{host}:{port}/accounts/login/")
        if build_only or not serve:
            return
        code = serve_demo(
            host=host,
            port=port,
            web=int(os.environ.get("GREENMFG_WEB_WORKERS") or default_web_workers()),
            tasks=int(os.environ.get("GREENMFG_TASK_WORKERS") or default_task_workers()),
        )
        raise typer.Exit(code)

    @app.command(
        "manage",
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
        add_help_option=False,
    )
    def manage(ctx: typer.Context) -> None:
        """Run a Django management command, e.g. ``greenmfg manage migrate``."""
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenmfg.platform.settings")
        # The embedded SQLite database lives in var/ (`manage migrate` creates it there).
        (Path(os.environ.get("GREENMFG_HOME") or Path.cwd()) / "var").mkdir(exist_ok=True)
        from django.core.management import execute_from_command_line

        execute_from_command_line(["greenmfg manage", *ctx.args])
