"""State for the cross-app region-scoping matrix (区域权限矩阵), built through the apps' own
services.

Three cities (GB/T 2260): A = 320500 苏州 Suzhou and B = 320200 无锡 Wuxi in Jiangsu 江苏
(320000), C = 330100 杭州 Hangzhou in Zhejiang 浙江 (330000).  Every builder makes one
object of its kind in a given city and returns a :class:`Built` naming the page URL of the
object and a text that identifies it on list pages and in Excel exports (the unit's
unique name).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from greenmfg.core.domain import ListLevel, Role
from tests.platform.evaluations.helpers import FILING, NO_VETO, PDF_BYTES
from tests.platform.filings.conftest import filing_data
from tests.platform.greencode.filing_tables import _scaled as scaled_fields
from tests.platform.workflow.conftest import dates_around

CITY_A = "320500"  # 苏州 Suzhou
CITY_B = "320200"  # 无锡 Wuxi, same province as A
CITY_C = "330100"  # 杭州 Hangzhou, another province
CITIES = (CITY_A, CITY_B, CITY_C)

LISTED_YEAR = 2022
FILING_YEAR = 2024  # dynamic management year (filed by 15 April of the next year)

_serial = itertools.count(1)


@dataclass
class Built:
    """One object of a page's kind in one city."""

    adcode: str
    url: str
    marker: str  # identifies the object on a list page / in an export
    owner: Any = None  # the enterprise account that owns it (None: no owner)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class World:
    """Accounts and factories of one test; units are made on demand, one per city."""

    make_enterprise: Callable[..., Any]
    make_listing: Callable[..., Any]
    make_user: Callable[..., Any]
    make_park: Callable[..., Any]
    officials: dict[str, Any] = field(default_factory=dict)
    _units: dict[tuple[str, str], tuple[Any, Any]] = field(default_factory=dict)
    _rounds: dict[int, Any] = field(default_factory=dict)

    # ------------------------------------------------------------------ accounts
    def official(self, adcode: str) -> Any:
        """The authority of ``adcode``: 000000 national, XX0000 provincial, else municipal."""
        if adcode not in self.officials:
            if adcode == "000000":
                user = self.make_user(Role.NATIONAL)
            elif adcode.endswith("0000"):
                user = self.make_user(Role.PROVINCIAL, adcode)
            else:
                user = self.make_user(Role.MUNICIPAL, adcode)
            self.officials[adcode] = user
        return self.officials[adcode]

    # ------------------------------------------------------------------ units
    def unit(self, adcode: str, *, listed: bool = True, tag: str = "") -> tuple[Any, Any]:
        """An enterprise of ``adcode`` (on the national list since 2022 unless
        ``listed=False``) with its own enterprise account."""
        key = (adcode, f"{listed}{tag}")
        if key not in self._units:
            n = next(_serial)
            ent = self.make_enterprise(
                adcode=adcode, name=f"矩阵企业-{adcode}-{n:04d}号", industry="3011"
            )
            if listed:
                self.make_listing(
                    ent,
                    level=ListLevel.NATIONAL,
                    year=LISTED_YEAR,
                    listed_on=dt.date(LISTED_YEAR, 12, 1),
                )
            user = self.make_user(Role.ENTERPRISE, enterprise=ent)
            self._units[key] = (ent, user)
        return self._units[key]

    def round(self, days_ago: int = 0) -> Any:
        """A factory round whose calendar surrounds the day ``days_ago`` days back."""
        if days_ago not in self._rounds:
            from django.utils import timezone

            from greenmfg.platform.workflow.services import round_create

            self._rounds[days_ago] = round_create(
                actor=None,
                year=2026,
                kind="factory",
                name=f"2026 factory round ({days_ago})",
                date_overrides=dates_around(timezone.localdate() - dt.timedelta(days=days_ago)),
                override_source="test notice",
            )
        return self._rounds[days_ago]


def xlsx_text(content: bytes) -> str:
    """Every cell of every sheet of a workbook, as one text."""
    wb = load_workbook(io.BytesIO(content), read_only=True)
    cells = []
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells.extend(str(v) for v in row if v is not None)
    return "\n".join(cells)


# ---------------------------------------------------------------------- registry
def listed_unit(world: World, adcode: str) -> Built:
    ent, user = world.unit(adcode)
    return Built(adcode, f"/units/{ent.uscc}/", ent.name, owner=user, extra={"unit": ent})


# ---------------------------------------------------------------------- filings
def accounting_filing(world: World, adcode: str) -> Built:
    from greenmfg.platform.filings.services import filing_save

    ent, user = world.unit(adcode, listed=False)
    filing = filing_save(actor=user, enterprise=ent, data=filing_data(ent.uscc))
    return Built(adcode, f"/filings/{filing.pk}/", ent.name, owner=user, extra={"pk": filing.pk})


# ---------------------------------------------------------------------- evaluations
def evaluation(world: World, adcode: str) -> Built:
    from greenmfg.platform.evaluations import services

    ent, user = world.unit(adcode, listed=False)
    data = json.loads(FILING.read_text(encoding="utf-8"))
    answers = dict(data["answers"])
    answers.pop("GP3")  # computed on the platform from the stored product footprints
    data["enterprise"]["uscc"] = ent.uscc
    for key in ("answers", "vetoes", "evidence"):
        data.pop(key)
    ev = services.evaluation_create(actor=user, enterprise=ent, year=2024, filing=data)
    services.evaluation_answer(actor=user, evaluation=ev, answers=answers, vetoes=NO_VETO)
    return Built(adcode, f"/evaluations/{ev.pk}/result/", ent.name, owner=user, extra={"ev": ev})


def evidence(world: World, adcode: str) -> Built:
    from greenmfg.platform.evaluations import services

    built = evaluation(world, adcode)
    doc = services.evidence_add(
        actor=built.owner,
        evaluation=built.extra["ev"],
        code="B2",
        upload=SimpleUploadedFile("iso.pdf", PDF_BYTES),
    )
    built.url = f"/evaluations/evidence/{doc.pk}/"
    return built


def report(world: World, adcode: str) -> Built:
    from greenmfg.platform.evaluations import services

    built = evaluation(world, adcode)
    rep = services.report_create(
        actor=built.owner, evaluation=built.extra["ev"], lang="zh", sign=False
    )
    services.report_build(report_id=rep.pk)
    built.url = f"/evaluations/reports/{rep.pk}/download/"
    return built


# ---------------------------------------------------------------------- workflow
def material_request(world: World, adcode: str) -> Built:
    """A submitted application with a request for material from its city (open)."""
    from greenmfg.platform.workflow.review_services import material_request_create

    built = application(world, adcode)
    req = material_request_create(
        actor=world.official(adcode),
        application=built.extra["pk"],
        message=f"请补充材料 {built.marker}",
    )
    built.extra["request"] = req.pk
    return built


def material_answered(world: World, adcode: str) -> Built:
    """A request for material answered by the applicant with a PDF."""
    from greenmfg.platform.workflow.review_services import material_request_answer

    built = material_request(world, adcode)
    material_request_answer(
        actor=built.owner,
        request=built.extra["request"],
        answer="见附件",
        upload=SimpleUploadedFile("answer.pdf", PDF_BYTES),
    )
    built.url = f"/workflow/material/{built.extra['request']}/file/"
    return built


def application(world: World, adcode: str, *, days_ago: int = 0) -> Built:
    """A submitted application (申报); ``days_ago``: submitted that long ago in a round of
    that time, so that its city review is overdue today (diagnostics)."""
    from django.utils import timezone

    from greenmfg.core.workflow.machine import State
    from greenmfg.platform.workflow import services

    ent, user = world.unit(adcode, listed=False)
    app = services.application_create(
        actor=user,
        round=world.round(days_ago),
        enterprise=ent,
        evaluation_reference=f"EV-2026-{next(_serial):04d}",
        evaluation_hash="a" * 64,
        evaluation_score=Decimal("86.5"),
    )
    app = services.application_transition(
        actor=user,
        application=app,
        to=State.SUBMITTED,
        today=timezone.localdate() - dt.timedelta(days=days_ago),
    )
    return Built(
        adcode, f"/workflow/applications/{app.pk}/", ent.name, owner=user, extra={"pk": app.pk}
    )


def overdue_application(world: World, adcode: str) -> Built:
    return application(world, adcode, days_ago=100)


def institution(world: World, adcode: str) -> Built:
    from greenmfg.platform.registry.services import institution_create
    from tests.platform.conftest import make_uscc

    name = f"矩阵评价机构-{adcode}-{next(_serial):04d}"
    inst = institution_create(
        actor=None,
        name=name,
        uscc=make_uscc(adcode),
        legal_representative=f"代表{adcode}",
        adcode=adcode,
        staff_total=20,
        evaluators=8,
    )
    return Built(adcode, f"/workflow/institutions/{inst.pk}/", name)


def cultivation_plan(world: World, adcode: str) -> Built:
    from greenmfg.platform.workflow.services import cultivation_plan_create

    park = world.make_park(adcode=adcode)
    from greenmfg.platform.registry.services import park_member_add

    member, _user = world.unit(adcode, listed=False, tag="member")
    park_member_add(actor=None, park=park, enterprise=member, joined_on=dt.date(2023, 1, 1))
    owner = world.make_user(Role.ENTERPRISE, park=park)
    title = f"矩阵培育计划-{adcode}-{next(_serial):04d}"
    cultivation_plan_create(
        actor=owner,
        title=title,
        start_year=2024,
        end_year=2026,
        park=park,
        targets=[(member, ListLevel.MUNICIPAL.value, 2025)],
    )
    return Built(adcode, "/workflow/plans/", title, owner=owner)


# ---------------------------------------------------------------------- supervision
def dynamic_filing(world: World, adcode: str, *, flagged: bool = True) -> Built:
    """A submitted dynamic management table (动态管理表); ``flagged``: with a quality flag
    (an implausible clinker energy intensity) for the flag pages."""
    from greenmfg.platform.supervision.services import filing_submit

    ent, user = world.unit(adcode)
    filing = filing_submit(
        actor=user,
        unit=ent,
        year=FILING_YEAR,
        # every unit its own size: identical figures would be flagged (and name the others)
        fields=scaled_fields(
            1.0 + next(_serial) / 100,
            **({"energy_per_product": {"clinker": 300.0}} if flagged else {}),
        ),
        today=dt.date(FILING_YEAR + 1, 4, 1),
    )
    return Built(
        adcode,
        f"/supervision/filings/{filing.pk}/",
        ent.name,
        owner=user,
        extra={"filing": filing, "unit": ent},
    )


def spot_check(world: World, adcode: str) -> Built:
    from greenmfg.platform.supervision.services import spot_check_draw

    built = dynamic_filing(world, adcode)
    check = spot_check_draw(actor=world.official(adcode), year=FILING_YEAR, seed=7, rate=1.0)
    url = f"/supervision/spot-checks/{check.pk}/"
    return Built(adcode, url, f'href="{url}"', extra={"unit": built.extra["unit"]})


def removal_proposal(world: World, adcode: str) -> Built:
    from greenmfg.core.supervision.removal import RemovalRule
    from greenmfg.platform.registry.models import Listing
    from greenmfg.platform.supervision.services import removal_propose

    ent, user = world.unit(adcode)
    listing = Listing.objects.get(enterprise=ent)
    proposal = removal_propose(
        actor=world.official(adcode),
        listing=listing,
        rule=RemovalRule.VETO_EVENT,
        data_year=FILING_YEAR,
        reason="矩阵测试: 偷税漏税",
    )
    return Built(
        adcode,
        f"/supervision/removals/{proposal.pk}/decide/",
        ent.name,
        owner=user,
        extra={"listing": listing},
    )


def change_declaration(world: World, adcode: str) -> Built:
    from greenmfg.platform.supervision.services import change_declare

    ent, user = world.unit(adcode)
    decl = change_declare(
        actor=user,
        unit=ent,
        kind="relocation",
        description="搬迁",
        new_values={"address": f"{adcode} 新厂址"},
        effective_on=dt.date(2025, 1, 1),
    )
    return Built(adcode, f"/supervision/changes/{decl.pk}/verify/", ent.name, owner=user)


def support_uptake(world: World, adcode: str) -> Built:
    """A support measure (支持政策) received by a listed unit, recorded by its city."""
    from greenmfg.platform.supervision.services import support_uptake_record

    ent, user = world.unit(adcode)
    support_uptake_record(
        actor=world.official(adcode),
        unit=ent,
        measure_code="procurement_priority",
        year=FILING_YEAR,
    )
    # the page shows uptake per city (4-digit prefix), not per unit
    return Built(adcode, f"/supervision/support/?year={FILING_YEAR}", adcode[:4], owner=user)


# ---------------------------------------------------------------------- dashboards
def dashboard_enterprise(world: World, adcode: str) -> Built:
    ent, user = world.unit(adcode)
    return Built(adcode, f"/dashboards/enterprise/{ent.uscc}/", ent.name, owner=user)


def dashboard_park(world: World, adcode: str) -> Built:
    park = world.make_park(adcode=adcode)
    owner = world.make_user(Role.ENTERPRISE, park=park)
    return Built(adcode, f"/dashboards/park/{park.uscc}/", park.name, owner=owner)


def dashboard_city(world: World, adcode: str) -> Built:
    world.unit(adcode)
    return Built(adcode, f"/dashboards/city/{adcode}/", adcode)


def dashboard_city_export(world: World, adcode: str) -> Built:
    from greenmfg.platform.dashboards import pages

    world.unit(adcode)
    page = pages.build("city", adcode, actor=world.official("000000"), year=None)
    chart = page.charts[0].id
    return Built(adcode, f"/dashboards/export/city/{adcode}/{chart}.xlsx", adcode)


def dashboard_enterprise_export(world: World, adcode: str) -> Built:
    from greenmfg.platform.dashboards import pages

    ent, user = world.unit(adcode)
    page = pages.build("enterprise", ent.uscc, actor=world.official("000000"), year=None)
    chart = page.charts[0].id
    return Built(
        adcode, f"/dashboards/export/enterprise/{ent.uscc}/{chart}.xlsx", ent.name, owner=user
    )


# ---------------------------------------------------------------------- API
def api_application(world: World, adcode: str) -> Built:
    built = application(world, adcode)
    built.url = f"/api/v1/applications/{built.extra['pk']}"
    return built


# ---------------------------------------------------------------------- footprints
def product_footprint(world: World, adcode: str) -> Built:
    """A product of an enterprise of ``adcode`` with a computed carbon footprint."""
    from greenmfg.platform.footprints.services import footprint_compute
    from greenmfg.platform.registry.services import product_create
    from tests.platform.footprints.helpers import chair_input

    ent, user = world.unit(adcode, listed=False)
    product = product_create(
        actor=user, enterprise=ent, name=f"矩阵产品-{adcode}-{next(_serial):04d}"
    )
    fp = footprint_compute(actor=user, product=product, data=chair_input())
    return Built(
        adcode,
        f"/footprints/{fp.pk}/",
        product.name,
        owner=user,
        extra={"pk": fp.pk, "product": product.pk, "fp": fp},
    )


def footprint_request(world: World, adcode: str) -> Built:
    """A leader of ``adcode`` asking its supplier (same city) for a product footprint."""
    from greenmfg.platform.footprints.services import request_create
    from greenmfg.platform.registry.services import supplier_link_create

    leader, user = world.unit(adcode, listed=False)
    supplier, _ = world.unit(adcode, listed=False, tag="supplier")
    supplier_link_create(actor=None, leader=leader, supplier=supplier, since=dt.date(2020, 1, 1))
    name = f"矩阵零件-{adcode}-{next(_serial):04d}"
    req = request_create(actor=user, leader=leader, supplier=supplier, product_name=name, year=2025)
    return Built(adcode, "/footprints/requests/", name, owner=user, extra={"pk": req.pk})


def list_import(world: World, adcode: str) -> Built:
    """A city's own list annex (市级名单) imported and matched by the city's official."""
    from greenmfg.platform.onboarding.services import list_import_confirm, list_import_upload

    official = world.official(adcode)
    ent, user = world.unit(adcode, listed=False, tag="list-import")
    filename = f"名单附件-{adcode}-{next(_serial):04d}.csv"
    imp, _fresh = list_import_upload(
        actor=official,
        filename=filename,
        content=f"序号,企业名称\n1,{ent.name}\n".encode(),
        section="list",
        kind="factory",
        level="municipal",
        year=2024,
        notice_date=dt.date(2025, 1, 10),
    )
    imp = list_import_confirm(actor=official, list_import=imp)
    return Built(
        adcode,
        f"/onboarding/lists/{imp.pk}/",
        filename,
        owner=user,
        extra={"pk": imp.pk, "row": imp.rows.get().pk},
    )


def city_table(world: World, adcode: str) -> Built:
    """A city's 绿色化改造项目及计划汇总表 uploaded by its municipal official for a round."""
    from greenmfg.core.onboarding import city_tables
    from greenmfg.platform.onboarding.services import city_table_upload

    the_round = world.round()
    ent, user = world.unit(adcode, listed=False, tag="city-table")
    from greenmfg.core.codes import regions

    definition = city_tables.table("retrofit")
    content = city_tables.write_workbook(
        definition,
        [
            {
                "city": regions.get(adcode).name_zh,
                "name": ent.name,
                "uscc": ent.uscc,
                "project": "余热回收改造",
                "category": "节能降碳",
            }
        ],
        title="改造项目",
    )
    city_table_upload(
        actor=world.official(adcode),
        round=the_round,
        table_key="retrofit",
        filename=f"{ent.name}.xlsx",
        content=content,
    )
    return Built(adcode, "/onboarding/tables/", ent.name, owner=user)
