"""docs/architecture.md names only modules, files and services that exist."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_every_module_named_exists() -> None:
    names = set(re.findall(r"`(greenmfg(?:\.[a-z_]+)+)`", DOC))
    assert len(names) > 10
    for name in sorted(names):
        assert _resolves(name), f"{name} does not exist"


def _resolves(name: str) -> bool:
    """``name`` is a module, or an attribute of one (``pkg.module.function``)."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def test_every_app_in_the_map_is_installed() -> None:
    from django.conf import settings

    table = DOC.split("## The apps", 1)[1].split("##", 1)[0]
    apps = re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.M)
    installed = {a.rsplit(".", 1)[-1] for a in settings.INSTALLED_APPS if "greenmfg" in a}
    assert set(apps) == installed


def test_every_path_named_exists() -> None:
    for path in re.findall(r"`((?:src|tests|docs)/[\w/.-]+)`", DOC):
        assert (ROOT / path).exists(), path
    for link in re.findall(r"\]\(([\w.-]+\.md)\)", DOC):
        assert (ROOT / "docs" / link).exists(), link


def test_the_service_named_in_the_request_flow_exists() -> None:
    services = importlib.import_module("greenmfg.platform.workflow.services")
    assert callable(services.application_transition)


def test_readme_links_the_page() -> None:
    assert "docs/architecture.md" in (ROOT / "README.md").read_text(encoding="utf-8")
