"""Enterprise master data (企业基础信息): every row checked, errors with row and column,
nothing written unless all pass; upsert by credit code keeping former names."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest

from greenmfg.core.domain import Role
from greenmfg.core.errors import ImportInvalidError
from greenmfg.platform.onboarding import services
from greenmfg.platform.onboarding.models import FormerName
from greenmfg.platform.registry.models import Enterprise, RegistryEvent
from tests.platform.conftest import make_uscc

pytestmark = pytest.mark.django_db

HEADER = [
    "统一社会信用代码",
    "企业名称",
    "曾用名",
    "行政区划代码",
    "行业代码",
    "地址",
    "法定代表人",
]


def _csv(rows: list[list[str]], encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def test_every_bad_row_is_reported_and_nothing_written(make_user: Callable[..., Any]) -> None:
    good = make_uscc("320500")
    wrong_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    content = _csv(
        [
            [good, "苏州甲有限公司", "", "320500", "3011", "", ""],
            [wrong_check, "苏州乙有限公司", "", "320500", "3011", "", ""],
            [make_uscc("320500"), "", "", "苏州", "9999", "", ""],
            [good, "苏州甲有限公司", "", "320500", "3011", "", ""],
        ]
    )
    with pytest.raises(ImportInvalidError) as info:
        services.enterprises_import(actor=None, filename="e.csv", content=content)
    found = {(i.row, i.column) for i in info.value.issues}
    assert found == {
        (3, "统一社会信用代码"),  # wrong check character
        (4, "企业名称"),  # empty name
        (4, "行业代码"),  # 9999 is no GB/T 4754 class
        (5, "统一社会信用代码"),  # the same code as row 2
    }
    assert "check character" in next(i for i in info.value.issues if i.row == 3).message
    assert not Enterprise.objects.exists() and not RegistryEvent.objects.exists()


def test_gb18030_csv_and_region_names(make_user: Callable[..., Any]) -> None:
    code = make_uscc("320200")
    content = _csv(
        [[code, "无锡丙有限公司", "", "无锡市", "C3011", "", "钱七"]], encoding="gb18030"
    )
    result = services.enterprises_import(actor=None, filename="e.csv", content=content)
    assert result.created == 1
    assert Enterprise.objects.get(uscc=code).adcode == "320200"


def test_an_official_imports_only_its_own_region(
    make_user: Callable[..., Any], make_enterprise: Callable[..., Any]
) -> None:
    suzhou = make_user(Role.MUNICIPAL, "320500")
    content = _csv(
        [
            [make_uscc("320500"), "苏州丁有限公司", "", "320500", "3011", "", ""],
            [make_uscc("330100"), "杭州戊有限公司", "", "330100", "3011", "", ""],
        ]
    )
    with pytest.raises(ImportInvalidError) as info:
        services.enterprises_import(actor=suzhou, filename="e.csv", content=content)
    assert [(i.row, i.column) for i in info.value.issues] == [(3, "行政区划代码")]
    assert not Enterprise.objects.exists()


def test_rename_keeps_the_former_name_and_records_an_event(
    make_enterprise: Callable[..., Any],
) -> None:
    ent = make_enterprise(adcode="320500", name="苏州己有限公司")
    content = _csv([[ent.uscc, "苏州己股份有限公司", "苏州己厂", "320500", "3011", "", ""]])
    result = services.enterprises_import(actor=None, filename="e.csv", content=content)
    assert (result.renamed, result.former_names) == (1, 1)  # the column adds 苏州己厂
    assert set(FormerName.objects.filter(enterprise=ent).values_list("name", flat=True)) == {
        "苏州己有限公司",
        "苏州己厂",
    }
    event = RegistryEvent.objects.get(action="enterprise.rename")
    assert (
        event.detail["old_name"] == "苏州己有限公司"
        and event.detail["new_name"] == "苏州己股份有限公司"
    )
