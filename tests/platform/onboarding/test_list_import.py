"""Official list import (名单导入): a provincial annex as PDF, matched against the registry,
with its review queue, refusals, idempotent re-import and every kind of bad input."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from greenmfg.core.domain import ListLevel, Role
from greenmfg.core.errors import ImportInvalidError, InvalidValueError, PermissionDeniedError
from greenmfg.platform.onboarding import services
from greenmfg.platform.onboarding.models import FormerName, ListImport, ListImportRow
from greenmfg.platform.registry.models import Enterprise, Listing, RegistryEvent
from tests.platform.conftest import make_uscc
from tests.platform.onboarding.annexes import (
    ANNEX,
    REGISTERED,
    annex_workbook,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 30)
NOTICE = dt.date(2025, 3, 1)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def registry(
    make_enterprise: Callable[..., Any], make_listing: Callable[..., Any]
) -> dict[str, Any]:
    units: dict[str, Any] = {}
    for name, adcode, formers in REGISTERED:
        ent = make_enterprise(adcode=adcode, name=name)
        for former in formers:
            FormerName.objects.create(enterprise=ent, name=former)
        units[name] = ent
    make_listing(
        units["无锡明远机械制造有限公司"],
        level=ListLevel.PROVINCIAL,
        year=2024,
        listed_on=dt.date(2025, 1, 5),
    )
    return units


@pytest.fixture
def jiangsu(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.PROVINCIAL, "320000")


def _import(
    actor: Any, content: bytes, name: str = "annex.pdf", **kw: Any
) -> services.ListImportOutcome:
    params: dict[str, Any] = {
        "section": "list",
        "kind": "factory",
        "level": "provincial",
        "year": 2024,
        "notice_date": NOTICE,
        "batch": "苏工信节能〔2025〕1号",
        "today": TODAY,
    }
    params.update(kw)
    return services.lists_import(actor=actor, filename=name, content=content, **params)


def _snapshot() -> tuple[int, ...]:
    return (
        Enterprise.objects.count(),
        Listing.objects.count(),
        RegistryEvent.objects.count(),
        ListImport.objects.count(),
        ListImportRow.objects.count(),
        FormerName.objects.count(),
    )


def test_pdf_annex_matches_queues_and_refuses(
    registry: dict[str, Any], jiangsu: Any, annex_pdf: bytes
) -> None:
    outcome = _import(jiangsu, annex_pdf)
    expected = [e for *_r, e in ANNEX]
    rows = list(outcome.list_import.rows.order_by("number"))
    assert [r.status for r in rows] == expected
    assert outcome.counts.as_dict() == {
        "matched": 5,
        "queued": 2,
        "created": 0,
        "refused": 2,
        "rejected": 0,
    }
    by_name = {r.name: r for r in rows}
    assert by_name["苏州绿源钢铁有限公司"].enterprise == registry["苏州绿源钢铁股份有限公司"]
    assert by_name["苏州绿源钢铁有限公司"].method == "normalised"
    assert by_name["苏州恒泰电子有限公司"].method == "former_name"
    assert by_name["苏州东方（集团）纺织有限公司"].method == "name"
    fuzzy = by_name["无锡锡南精密铸造有限公司"]
    # keys 无锡锡南精密铸造 (8) / 无锡锡南精密铸造厂 (9): Indel ratio 2·8/17 = 94.1 ≥ 90
    assert fuzzy.method == "fuzzy" and fuzzy.score == pytest.approx(94.1, abs=0.1)
    assert "已在本名单中" in by_name["无锡明远机械制造有限公司"].note
    assert "杭州市" in by_name["杭州湖畔化工有限公司"].note
    queued = by_name["苏州绿色智造装备有限公司"]
    assert queued.candidates[0]["name"] == "苏州绿色智能装备有限公司"
    assert queued.candidates[0]["score"] < 90
    # nothing is listed while rows wait in the queue
    assert not outcome.applied
    assert Listing.objects.filter(level="provincial", year=2024).count() == 1


def test_review_queue_then_apply_lists_every_resolved_row(
    registry: dict[str, Any], jiangsu: Any, annex_pdf: bytes
) -> None:
    imp = _import(jiangsu, annex_pdf).list_import
    rows = {r.name: r for r in imp.rows.all()}
    with pytest.raises(InvalidValueError):
        services.list_import_apply(actor=jiangsu, list_import=imp)
    services.list_row_pick(
        actor=jiangsu,
        row=rows["苏州绿色智造装备有限公司"],
        unit_id=registry["苏州绿色智能装备有限公司"].pk,
    )
    with pytest.raises(InvalidValueError, match="第 2 行"):  # already named by row 2
        services.list_row_pick(
            actor=jiangsu,
            row=rows["苏州未来氢能科技有限公司"],
            unit_id=registry["苏州绿源钢铁股份有限公司"].pk,
        )
    new_code = make_uscc("320500")
    services.list_row_create(
        actor=jiangsu,
        row=rows["苏州未来氢能科技有限公司"],
        data={"uscc": new_code, "adcode": "320500", "industry": "4411"},
    )
    counts = services.list_import_apply(actor=jiangsu, list_import=imp)
    assert counts.as_dict() == {
        "matched": 6,
        "queued": 0,
        "created": 1,
        "refused": 2,
        "rejected": 0,
    }
    listed = set(
        Listing.objects.filter(level="provincial", year=2024, listed_on=NOTICE).values_list(
            "enterprise__name", flat=True
        )
    )
    assert listed == {
        "苏州绿源钢铁股份有限公司",
        "无锡华清新材料有限公司",
        "苏州恒泰电子科技有限公司",
        "苏州东方(集团)纺织有限公司",
        "苏州绿色智能装备有限公司",
        "无锡锡南精密铸造厂有限公司",
        "苏州未来氢能科技有限公司",
    }
    assert Enterprise.objects.get(uscc=new_code).industry == "4411"
    assert RegistryEvent.objects.filter(action="listing.create", actor=jiangsu).count() == 7


def test_reimport_of_the_same_file_changes_nothing(
    registry: dict[str, Any], jiangsu: Any, annex_pdf: bytes
) -> None:
    first = _import(jiangsu, annex_pdf)
    before = _snapshot()
    again = _import(jiangsu, annex_pdf)
    assert not again.fresh and again.list_import.pk == first.list_import.pk
    assert _snapshot() == before


def test_clean_annex_is_applied_at_once_and_reimport_is_a_noop(
    registry: dict[str, Any], jiangsu: Any
) -> None:
    xlsx = annex_workbook(
        [("苏州市", "苏州绿源钢铁有限公司", "钢铁"), ("无锡市", "无锡华清新材料有限公司", "化工")]
    )
    outcome = _import(jiangsu, xlsx, "annex.xlsx")
    assert outcome.applied and outcome.counts.matched == 2
    before = _snapshot()
    assert not _import(jiangsu, xlsx, "annex.xlsx").fresh
    assert _snapshot() == before


def test_removals_and_renames_are_registry_events(
    registry: dict[str, Any], jiangsu: Any, make_listing: Callable[..., Any]
) -> None:
    ent = registry["苏州绿源钢铁股份有限公司"]
    make_listing(ent, level=ListLevel.PROVINCIAL, year=2022, listed_on=dt.date(2023, 1, 5))
    removal = annex_workbook(
        [("苏州市", "苏州绿源钢铁有限公司", "能耗超标")],
        header=("序号", "地区", "企业名称", "撤销原因"),
    )
    out = _import(jiangsu, removal, "removals.xlsx", section="removals", year=2024)
    assert out.applied and out.counts.matched == 1
    listing = Listing.objects.get(enterprise=ent, year=2022)
    assert listing.removed_on == NOTICE and listing.removal_reason == "能耗超标"
    assert RegistryEvent.objects.filter(action="listing.remove", uscc=ent.uscc).exists()

    rename = annex_workbook(
        [("无锡市", "无锡华清新材料有限公司", "无锡华清绿能材料有限公司")],
        header=("序号", "地区", "原名称", "新名称"),
    )
    out = _import(jiangsu, rename, "renames.xlsx", section="renames", year=2024)
    assert out.applied and out.counts.matched == 1
    renamed = Enterprise.objects.get(pk=registry["无锡华清新材料有限公司"].pk)
    assert renamed.name == "无锡华清绿能材料有限公司"
    former = FormerName.objects.get(enterprise=renamed)
    assert (former.name, former.until) == ("无锡华清新材料有限公司", NOTICE)
    event = RegistryEvent.objects.get(action="enterprise.rename", uscc=renamed.uscc)
    assert event.detail["old_name"] == "无锡华清新材料有限公司"


# --------------------------------------------------------------------------- bad input
def _refused(call: Callable[[], Any]) -> Any:
    before = _snapshot()
    with pytest.raises(Exception) as info:
        call()
    assert _snapshot() == before, "something was written"
    return info.value


def test_scanned_pdf_without_text_is_refused_with_advice(
    registry: dict[str, Any], jiangsu: Any, tmp_path: Path
) -> None:
    from PIL import Image

    image = Image.new("RGB", (600, 400), "white")
    buffer = io.BytesIO()
    image.save(buffer, "PDF")
    err = _refused(lambda: _import(jiangsu, buffer.getvalue(), "scan.pdf"))
    assert isinstance(err, ImportInvalidError)
    assert "no text layer" in err.issues[0].message and "Excel" in (err.issues[0].expected or "")


def test_unreadable_pdf_is_refused(registry: dict[str, Any], jiangsu: Any) -> None:
    err = _refused(lambda: _import(jiangsu, b"%PDF-1.7\n garbage", "broken.pdf"))
    assert isinstance(err, ImportInvalidError)
    assert "cannot be" in err.issues[0].message and "Excel" in (err.issues[0].expected or "")


def test_unmappable_header_names_the_row(registry: dict[str, Any], jiangsu: Any) -> None:
    xlsx = annex_workbook(
        [("苏州市", "苏州绿源钢铁有限公司", "钢铁")], header=("No", "city", "company", "sector")
    )
    err = _refused(lambda: _import(jiangsu, xlsx, "annex.xlsx"))
    assert isinstance(err, ImportInvalidError)
    assert err.issues[0].row is not None and "企业名称" in err.issues[0].message


def test_future_year_is_refused(registry: dict[str, Any], jiangsu: Any, annex_pdf: bytes) -> None:
    err = _refused(lambda: _import(jiangsu, annex_pdf, year=TODAY.year + 1))
    assert isinstance(err, InvalidValueError) and "year" in str(err)


def test_province_cannot_import_the_national_list(
    registry: dict[str, Any], jiangsu: Any, annex_pdf: bytes
) -> None:
    err = _refused(lambda: _import(jiangsu, annex_pdf, level="national"))
    assert isinstance(err, PermissionDeniedError) and "工业和信息化部" in str(err)


def test_wrong_check_character_names_the_row(registry: dict[str, Any], jiangsu: Any) -> None:
    good = make_uscc("320500")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    xlsx = annex_workbook(
        [("苏州市", "苏州绿源钢铁有限公司", good), ("苏州市", "苏州未来氢能科技有限公司", bad)],
        header=("序号", "地区", "企业名称", "统一社会信用代码"),
    )
    err = _refused(lambda: _import(jiangsu, xlsx, "annex.xlsx"))
    assert isinstance(err, ImportInvalidError)
    (issue,) = err.issues
    assert (
        issue.row == 5 and issue.column == "统一社会信用代码" and "check character" in issue.message
    )


def test_same_enterprise_twice_names_the_row(registry: dict[str, Any], jiangsu: Any) -> None:
    # two spellings of one registered enterprise (有限公司 / 股份有限公司)
    xlsx = annex_workbook(
        [("苏州市", "苏州绿源钢铁有限公司", "钢铁"), ("苏州市", "苏州绿源钢铁股份有限公司", "钢铁")]
    )
    err = _refused(lambda: _import(jiangsu, xlsx, "annex.xlsx"))
    assert isinstance(err, ImportInvalidError)
    (issue,) = err.issues
    assert issue.row == 5 and "row 4" in issue.message
    # and the very same line twice
    twice = annex_workbook([("苏州市", "苏州未来氢能科技有限公司", "能源")] * 2)
    err = _refused(lambda: _import(jiangsu, twice, "twice.xlsx"))
    assert isinstance(err, ImportInvalidError) and err.issues[0].row == 5


def test_a_row_with_code_city_and_industry_registers_its_enterprise(
    registry: dict[str, Any], jiangsu: Any
) -> None:
    code = make_uscc("320500")
    xlsx = annex_workbook(
        [("苏州市", "苏州全新登记科技有限公司", code, "C3011 水泥制造")],
        header=("序号", "地区", "企业名称", "统一社会信用代码", "行业"),
    )
    outcome = _import(jiangsu, xlsx, "annex.xlsx")
    assert outcome.counts.created == 1 and outcome.applied
    created = Enterprise.objects.get(uscc=code)
    assert (created.name, created.adcode, created.industry) == (
        "苏州全新登记科技有限公司",
        "320500",
        "3011",
    )
    assert Listing.objects.filter(enterprise=created, level="provincial", year=2024).exists()


def test_park_lists_match_registered_parks(make_park: Callable[..., Any], jiangsu: Any) -> None:
    park = make_park(adcode="320500", name="苏州工业园区")
    xlsx = annex_workbook([("苏州", "苏州工业园区")], header=("序号", "地市", "园区名称"))
    outcome = _import(jiangsu, xlsx, "parks.xlsx", kind="park")
    assert outcome.applied and outcome.counts.matched == 1
    assert Listing.objects.get(kind="park", level="provincial").park == park
