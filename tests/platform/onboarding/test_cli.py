"""``greenmfg lists import`` and ``greenmfg enterprises import`` against the database."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from greenmfg.cli import app as cli
from greenmfg.core.domain import ListLevel, Role
from greenmfg.platform.onboarding.models import FormerName
from greenmfg.platform.registry.models import Enterprise, Listing
from tests.platform.conftest import make_uscc
from tests.platform.onboarding.annexes import REGISTERED

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_lists_import_prints_the_counts_and_a_reimport_changes_nothing(
    make_enterprise: Callable[..., Any],
    make_listing: Callable[..., Any],
    make_user: Callable[..., Any],
    tmp_path: Path,
    annex_pdf: bytes,
) -> None:
    for name, adcode, formers in REGISTERED:
        ent = make_enterprise(adcode=adcode, name=name)
        for former in formers:
            FormerName.objects.create(enterprise=ent, name=former)
        if name == "无锡明远机械制造有限公司":
            make_listing(ent, level=ListLevel.PROVINCIAL, year=2024)
    make_user(Role.PROVINCIAL, "320000", username="jiangsu")
    annex = tmp_path / "附件1.pdf"
    annex.write_bytes(annex_pdf)
    args = [
        "lists",
        "import",
        str(annex),
        "--level",
        "provincial",
        "--year",
        "2024",
        "--kind",
        "factory",
    ]
    runner = CliRunner()
    result = runner.invoke(
        cli, [*args, "--user", "jiangsu", "--notice-date", "2025-03-01", "--json"]
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert {k: body[k] for k in ("matched", "queued", "created", "refused")} == {
        "matched": 5,
        "queued": 2,
        "created": 0,
        "refused": 2,
    }
    assert body["columns"]["name"] == {"column": 3, "header": "企业名称"}
    assert body["applied"] is False and body["unchanged"] is False
    again = json.loads(runner.invoke(cli, [*args, "--user", "jiangsu", "--json"]).stdout)
    assert again["unchanged"] is True and again["import"] == body["import"]

    # the national list is the Ministry's
    refused = runner.invoke(
        cli, [*args[:3], "--level", "national", *args[5:], "--user", "jiangsu", "--json"]
    )
    assert refused.exit_code == 1
    assert json.loads(refused.stdout)["error"]["code"] == "permission_denied"


def test_enterprises_import_creates_updates_and_keeps_former_names(
    make_enterprise: Callable[..., Any], tmp_path: Path
) -> None:
    known = make_enterprise(adcode="320500", name="苏州旧名制造有限公司")
    fresh = make_uscc("320200")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(
        [
            "统一社会信用代码",
            "企业名称",
            "曾用名",
            "行政区划代码",
            "行业代码",
            "地址",
            "法定代表人",
            "更名日期",
        ]
    )
    ws.append(
        [
            known.uscc,
            "苏州新名制造有限公司",
            "",
            "320500",
            "3011",
            "苏州工业园区星湖街1号",
            "王五",
            "2024-05-01",
        ]
    )
    ws.append(
        [
            fresh,
            "无锡新登记材料有限公司",
            "无锡老厂；无锡更老的厂",
            "无锡市",
            "C2614",
            "",
            "赵六",
            "",
        ]
    )
    path = tmp_path / "enterprises.xlsx"
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    runner = CliRunner()
    result = runner.invoke(cli, ["enterprises", "import", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "created": 1,
        "updated": 1,
        "renamed": 1,
        "unchanged": 0,
        "former_names": 2,
    }
    known.refresh_from_db()
    assert known.name == "苏州新名制造有限公司" and known.legal_representative == "王五"
    assert FormerName.objects.get(enterprise=known).until.isoformat() == "2024-05-01"
    created = Enterprise.objects.get(uscc=fresh)
    assert (created.adcode, created.industry) == ("320200", "2614")
    again = json.loads(runner.invoke(cli, ["enterprises", "import", str(path), "--json"]).stdout)
    assert again == {"created": 0, "updated": 0, "renamed": 0, "unchanged": 2, "former_names": 0}
    assert not Listing.objects.exists()
