"""Footprint pages: calculator, detail with the stage chart, PDF statements, public page."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from greenmfg.core.domain import UnitKind
from greenmfg.platform.footprints import services
from greenmfg.platform.footprints.models import ProductFootprint

from .helpers import chair_input, product_with_user, steel_input, supplier_pair

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return c


def test_calculator_computes_and_shows_the_stages(make_enterprise: Any, make_user: Any) -> None:
    _, user, product = product_with_user(make_enterprise, make_user)
    c = _client(user)
    page = c.get(f"/footprints/products/{product.pk}/")
    assert page.status_code == 200 and "footprint-calculator" not in page.content.decode()
    assert "mat.steel.carbon" in page.content.decode()  # the example input
    r = c.post(
        f"/footprints/products/{product.pk}/compute/",
        {"input": json.dumps(chair_input(), ensure_ascii=False)},
    )
    fp = ProductFootprint.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/footprints/{fp.pk}/"
    detail = c.get(r["Location"]).content.decode()
    assert "58.183" in detail and 'data-testid="stage-chart"' in detail
    assert "39.568" in detail and "18.615" in detail


def test_calculator_shows_line_and_field_and_keeps_the_input(
    make_enterprise: Any, make_user: Any
) -> None:
    _, user, product = product_with_user(make_enterprise, make_user)
    data = chair_input()
    data["materials"][0]["quantity"] = -3
    r = _client(user).post(
        f"/footprints/products/{product.pk}/compute/", {"input": json.dumps(data)}
    )
    assert r.status_code == 422
    text = r.content.decode()
    # the UI is Chinese: section, line and field named in Chinese around the detail
    assert "原材料 第 1 行，字段 quantity" in text
    assert not ProductFootprint.objects.exists()
    r = _client(user).post(f"/footprints/products/{product.pk}/compute/", {"input": "{not json"})
    assert r.status_code == 422


def test_statements_in_chinese_and_english(make_enterprise: Any, make_user: Any) -> None:
    _, user, product = product_with_user(make_enterprise, make_user)
    fp = services.footprint_compute(actor=user, product=product, data=chair_input())
    c = _client(user)
    for lang in ("zh", "en"):
        r = c.get(f"/footprints/{fp.pk}/statement.pdf?lang={lang}")
        assert r.status_code == 200 and r.content.startswith(b"%PDF")
    from greenmfg.platform.footprints.views import statement_pdf

    zh = statement_pdf(fp, "zh")
    en = statement_pdf(fp, "en")
    assert zh != en
    shots = os.environ.get("GREENMFG_SCREENSHOTS")
    if shots:  # for looking at them
        (Path(shots) / "statement-zh.pdf").write_bytes(zh)
        (Path(shots) / "statement-en.pdf").write_bytes(en)
    pact = c.get(f"/footprints/{fp.pk}/pact.json")
    assert pact.status_code == 200 and pact.json()["specVersion"] == "2.3.1"


def test_statement_text(make_enterprise: Any, make_user: Any) -> None:
    from django.template.loader import render_to_string
    from django.utils import timezone, translation

    from greenmfg.platform.footprints.views import _detail_context

    _, user, product = product_with_user(make_enterprise, make_user)
    fp = services.footprint_compute(actor=user, product=product, data=chair_input())
    for lang, words in (
        ("zh-hans", ("产品碳足迹声明", "原材料获取")),
        ("en", ("Product carbon footprint statement", "Raw material acquisition")),
    ):
        with translation.override(lang):
            ctx = _detail_context(fp) | {"generated_at": timezone.now(), "lang": lang[:2]}
            html = render_to_string("footprints/statement.html", ctx)
        for word in words:
            assert word in html, (lang, word)
        assert "58.183" in html


def test_public_page(make_enterprise: Any, make_user: Any, make_listing: Any) -> None:
    _, user, product = product_with_user(make_enterprise, make_user)
    fp = services.footprint_compute(actor=user, product=product, data=chair_input())
    anonymous = Client()
    assert anonymous.get(f"/footprints/public/{fp.pk}/").status_code == 404
    _client(user).post(f"/footprints/{fp.pk}/publish/", {"published": "1"})
    assert anonymous.get(f"/footprints/public/{fp.pk}/").status_code == 404  # not listed
    make_listing(product, kind=UnitKind.PRODUCT)
    r = anonymous.get(f"/footprints/public/{fp.pk}/")
    assert r.status_code == 200 and "58.183" in r.content.decode()
    assert product.name in anonymous.get("/footprints/public/").content.decode()


def test_request_pages(make_enterprise: Any, make_user: Any) -> None:
    w = supplier_pair(make_enterprise, make_user)
    leader = _client(w["leader_user"])
    r = leader.post(
        "/footprints/requests/",
        {"supplier": w["supplier"].pk, "product_name": "热轧卷板", "year": "2025"},
    )
    assert r.status_code == 302
    supplier = _client(w["supplier_user"])
    page = supplier.get("/footprints/requests/").content.decode()
    assert "热轧卷板" in page and w["leader"].name in page
    fp = services.footprint_compute(actor=w["supplier_user"], product=w["coil"], data=steel_input())
    req = w["leader"].footprint_requests_sent.get()
    r = supplier.post(f"/footprints/requests/{req.pk}/answer/", {"footprint": fp.pk})
    assert r.status_code == 302
    req.refresh_from_db()
    assert req.answer == fp
    assert f'"request": {req.pk}' in leader.get("/footprints/requests/").content.decode()


def test_factor_page(make_enterprise: Any, make_user: Any) -> None:
    _, user, _product = product_with_user(make_enterprise, make_user)
    c = _client(user)
    page = c.get("/footprints/factors/").content.decode()
    assert "elec.CN.2023" in page and "0.6205" in page
    r = c.post(
        "/footprints/factors/",
        {
            "code": "pp",
            "kind": "material",
            "name": "聚丙烯",
            "value": "1.9",
            "unit": "kgCO2e/kg",
            "source_doc": "自测",
        },
    )
    assert r.status_code == 302
    r = c.post(
        "/footprints/factors/",
        {
            "code": "pp2",
            "kind": "material",
            "name": "x",
            "value": "abc",
            "unit": "kgCO2e/kg",
            "source_doc": "s",
        },
    )
    assert r.status_code == 422


def test_garbage_ids_are_refused_without_an_error(make_enterprise: Any, make_user: Any) -> None:
    w = supplier_pair(make_enterprise, make_user)
    leader = _client(w["leader_user"])
    r = leader.post("/footprints/requests/", {"supplier": "abc", "product_name": "x", "year": "y"})
    assert r.status_code == 404
    req = services.request_create(
        actor=w["leader_user"],
        leader=w["leader"],
        supplier=w["supplier"],
        product_name="x",
        year=2025,
    )
    r = _client(w["supplier_user"]).post(
        f"/footprints/requests/{req.pk}/answer/", {"footprint": "abc"}
    )
    assert r.status_code == 404
