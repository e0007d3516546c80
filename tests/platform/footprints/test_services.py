"""Footprint services: compute, PACT upload, publish, own factors, supplier exchange, GP3."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from greenmfg.core.domain import UnitKind
from greenmfg.core.errors import (
    ConflictError,
    FootprintInvalidError,
    InvalidValueError,
    PactInvalidError,
)
from greenmfg.platform.footprints import selectors, services
from greenmfg.platform.footprints.models import FootprintEvent, FootprintRequest, ProductFootprint

from .helpers import chair_input, product_with_user, steel_input, supplier_pair

pytestmark = pytest.mark.django_db


def test_compute_stores_the_issue_chair(make_enterprise: Any, make_user: Any) -> None:
    ent, user, product = product_with_user(make_enterprise, make_user)
    fp = services.footprint_compute(actor=user, product=product, data=chair_input())
    # 58.183 kgCO2e per piece (tests/core/footprint/test_worked_examples.py)
    assert fp.total_kgco2e_per_unit == pytest.approx(58.183, rel=1e-12)
    assert fp.result["by_stage"]["raw_materials"] == pytest.approx(39.568, rel=1e-12)
    assert fp.result["enterprise"]["uscc"] == ent.uscc  # bound to the product's enterprise
    assert fp.pact is not None and fp.pact["pcf"]["declaredUnit"] == "kilogram"
    assert fp.is_current and not fp.published
    # recomputing keeps the old figures, marks the new current
    again = services.footprint_compute(actor=user, product=product, data=chair_input())
    fp.refresh_from_db()
    assert again.is_current and not fp.is_current
    assert FootprintEvent.objects.filter(action="footprint.compute").count() == 2


def test_bad_input_writes_nothing(make_enterprise: Any, make_user: Any) -> None:
    _, user, product = product_with_user(make_enterprise, make_user)
    data = chair_input()
    data["materials"][0]["factor"]["unit"] = "kgCO2e/kWh"
    with pytest.raises(FootprintInvalidError) as info:
        services.footprint_compute(actor=user, product=product, data=data)
    assert info.value.issues[0]["field"] == "factor.unit"
    assert not ProductFootprint.objects.exists()
    assert not FootprintEvent.objects.exists()


def test_only_the_enterprise_itself_computes(
    make_enterprise: Any, make_user: Any, suzhou_official: Any
) -> None:
    _, _user, product = product_with_user(make_enterprise, make_user)
    _, other, _ = product_with_user(make_enterprise, make_user, name="桌子")
    for actor in (other, suzhou_official):
        with pytest.raises(PermissionDenied):
            services.footprint_compute(actor=actor, product=product, data=chair_input())


def test_own_factor_is_used_with_its_provenance(make_enterprise: Any, make_user: Any) -> None:
    ent, user, product = product_with_user(make_enterprise, make_user)
    services.factor_add(
        actor=user,
        enterprise=ent,
        code="pu-foam",
        kind="material",
        name="聚氨酯泡沫（供应商检测）",
        value=3.5,
        unit="kgCO2e/kg",
        source_doc="供应商检测报告 2025-03",
        clause="表2",
    )
    data = chair_input()
    data["materials"][1] = {
        "name": "聚氨酯泡沫",
        "quantity": 15000,
        "unit": "kg",
        "library": f"user.{ent.uscc}.pu-foam",
    }
    fp = services.footprint_compute(actor=user, product=product, data=data)
    # 15 000 × 3.5 = 52 500 instead of 63 000: 58.183 − 1.05 = 57.133
    assert fp.total_kgco2e_per_unit == pytest.approx(57.133, rel=1e-12)
    ref = {f["factor_id"]: f for f in fp.result["factors_used"]}[f"user.{ent.uscc}.pu-foam"]
    assert ref["status"] == "user" and ref["source_doc"] == "供应商检测报告 2025-03"
    with pytest.raises(InvalidValueError):
        services.factor_add(
            actor=user,
            enterprise=ent,
            code="x",
            kind="material",
            name="x",
            value=1,
            unit="kgCO2e",
            source_doc="s",
        )


def test_supplier_exchange_and_leader_footprint(make_enterprise: Any, make_user: Any) -> None:
    w = supplier_pair(make_enterprise, make_user)
    req = services.request_create(
        actor=w["leader_user"],
        leader=w["leader"],
        supplier=w["supplier"],
        product_name="热轧卷板",
        year=2025,
    )
    assert req.status == FootprintRequest.Status.OPEN
    coil_fp = services.footprint_compute(
        actor=w["supplier_user"], product=w["coil"], data=steel_input()
    )
    assert coil_fp.total_kgco2e_per_unit == pytest.approx(1818.85, rel=1e-12)
    with pytest.raises(PermissionDenied):  # only the supplier answers
        services.request_answer(actor=w["leader_user"], request=req, footprint=coil_fp)
    req = services.request_answer(
        actor=w["supplier_user"], request=req, footprint=coil_fp, reply="见附"
    )
    assert req.status == FootprintRequest.Status.ANSWERED and req.answer == coil_fp
    with pytest.raises(ConflictError):
        services.request_decline(actor=w["supplier_user"], request=req, reply="late")

    # the leader's chair: steel from the answered request (PACT, 1.81885 kgCO2e/kg),
    # EPS from the library, electricity at the 2024 footprint factor:
    # (120 000 × 1.81885 + 15 000 × 5.02 + 300 000 × 0.5777) / 10 000 = 46.6872 per piece
    data = {
        "product": {"name": "办公椅", "declared_unit": "piece"},
        "year": 2025,
        "quantity": 10000,
        "materials": [
            {"name": "钢材", "quantity": 120000, "unit": "kg", "request": req.pk},
            {"name": "聚苯乙烯泡沫", "quantity": 15000, "unit": "kg", "library": "mat.eps_board"},
        ],
        "energy": [{"carrier": "electricity", "quantity": 300000, "unit": "kWh", "origin": "grid"}],
    }
    fp = services.footprint_compute(actor=w["leader_user"], product=w["chair"], data=data)
    assert fp.total_kgco2e_per_unit == pytest.approx(46.6872, rel=1e-12)
    assert fp.primary_data_share == pytest.approx(391572 / 466872, rel=1e-12)
    # a request of another leader cannot be used
    _stranger_ent, stranger, stranger_product = product_with_user(
        make_enterprise, make_user, name="柜子"
    )
    data["product"]["name"] = "柜子"
    with pytest.raises(FootprintInvalidError) as info:
        services.footprint_compute(actor=stranger, product=stranger_product, data=data)
    assert info.value.issues[0]["field"] == "request"


def test_requests_go_to_current_suppliers_only(make_enterprise: Any, make_user: Any) -> None:
    w = supplier_pair(make_enterprise, make_user)
    other, _, _ = product_with_user(make_enterprise, make_user, name="螺丝")
    with pytest.raises(InvalidValueError):
        services.request_create(
            actor=w["leader_user"],
            leader=w["leader"],
            supplier=other,
            product_name="螺丝",
            year=2025,
        )
    req = services.request_create(
        actor=w["leader_user"],
        leader=w["leader"],
        supplier=w["supplier"],
        product_name="x",
        year=2025,
    )
    services.request_decline(actor=w["supplier_user"], request=req, reply="不生产该产品")
    req.refresh_from_db()
    assert req.status == FootprintRequest.Status.DECLINED


def test_pact_upload_validates_the_schema(make_enterprise: Any, make_user: Any) -> None:
    w = supplier_pair(make_enterprise, make_user)
    coil_fp = services.footprint_compute(
        actor=w["supplier_user"], product=w["coil"], data=steel_input()
    )
    content = json.dumps(coil_fp.pact, ensure_ascii=False).encode()
    up = services.footprint_upload_pact(
        actor=w["supplier_user"], product=w["coil"], content=content, file_name="coil.json"
    )
    assert up.source == ProductFootprint.Source.PACT
    # pcf 1.81885 kgCO2e/kg × 1000 kg = 1818.85 per t: the same figure back
    assert up.total_kgco2e_per_unit == pytest.approx(1818.85, rel=1e-12)
    assert up.year == 2025 and up.is_current
    broken = dict(coil_fp.pact)
    broken["status"] = "Maybe"
    with pytest.raises(PactInvalidError) as info:
        services.footprint_upload_pact(
            actor=w["supplier_user"],
            product=w["coil"],
            content=json.dumps(broken).encode(),
            file_name="bad.json",
        )
    assert info.value.params["path"] == "/status"
    assert ProductFootprint.objects.filter(product=w["coil"]).count() == 2


def test_public_page_needs_publication_and_a_listed_design_product(
    make_enterprise: Any, make_user: Any, make_listing: Any
) -> None:
    _, user, product = product_with_user(make_enterprise, make_user)
    fp = services.footprint_compute(actor=user, product=product, data=chair_input())
    services.footprint_publish(actor=user, footprint=fp, published=True)
    assert not selectors.public_footprints().exists()  # not on a design product list
    make_listing(product, kind=UnitKind.PRODUCT)
    assert list(selectors.public_footprints()) == [fp]
    services.footprint_publish(actor=user, footprint=fp, published=False)
    assert not selectors.public_footprints().exists()


def test_gp3_share_comes_from_stored_footprints(make_enterprise: Any, make_user: Any) -> None:
    from greenmfg.platform.registry.services import product_create

    ent, user, chair = product_with_user(make_enterprise, make_user)
    for name in ("书桌", "书柜", "茶几"):
        product_create(actor=user, enterprise=ent, name=name)
    assert selectors.footprint_share(enterprise=ent, year=2025) == 0.0
    services.footprint_compute(actor=user, product=chair, data=chair_input())
    # 1 of 4 products has a 2025 footprint: 25 %
    assert selectors.footprint_share(enterprise=ent, year=2025) == 25.0
    assert selectors.footprint_share(enterprise=ent, year=2024) == 0.0
    lonely = make_enterprise(adcode="320500", name="无产品企业")
    assert selectors.footprint_share(enterprise=lonely, year=2025) is None


def test_gp3_in_the_gbt36132_evaluation_is_computed_not_typed(
    make_enterprise: Any, make_user: Any
) -> None:
    from greenmfg.core.errors import EvaluationInputInvalidError
    from greenmfg.platform.evaluations.services import evaluation_answer, evaluation_create
    from greenmfg.platform.registry.services import product_create

    ent, user, chair = product_with_user(make_enterprise, make_user)
    product_create(actor=user, enterprise=ent, name="书桌")
    services.footprint_compute(actor=user, product=chair, data=chair_input(2024))
    ev = evaluation_create(actor=user, enterprise=ent, year=2024, standard_code="GB/T 36132-2025")
    # 1 of 2 products: 50 %
    assert ev.metrics["product_footprint_share"] == 50.0
    with pytest.raises(EvaluationInputInvalidError):
        evaluation_answer(actor=user, evaluation=ev, answers={"GP3": 90}, vetoes={})
    ev = evaluation_answer(actor=user, evaluation=ev, answers={}, vetoes={})
    gp3 = next(i for i in ev.result["indicators"] if i["code"] == "GP3")
    assert gp3["value"] == 50.0 and gp3["input_source"] == "accounting"
    # GB/T 32161 (green design products) reads the same stored footprints (VA3)
    design = evaluation_create(
        actor=user, enterprise=ent, year=2024, standard_code="GB/T 32161-2015"
    )
    assert design.metrics["product_footprint_share"] == 50.0


def test_recompute_after_an_own_factor_changes_keeps_the_old_figure(
    make_enterprise: Any, make_user: Any
) -> None:
    from django.test import Client

    ent, user, product = product_with_user(make_enterprise, make_user)
    services.factor_add(
        actor=user,
        enterprise=ent,
        code="pu",
        kind="material",
        name="PU",
        value=4.2,
        unit="kgCO2e/kg",
        source_doc="own test",
    )
    data = chair_input()
    data["materials"][1] = {
        "name": "PU",
        "quantity": 15000,
        "unit": "kg",
        "library": f"user.{ent.uscc}.pu",
    }
    first = services.footprint_compute(actor=user, product=product, data=data)
    assert first.total_kgco2e_per_unit == pytest.approx(58.183, rel=1e-12)
    # the own factor is corrected to 3.5: 15 000 × (3.5 − 4.2) / 10 000 = −1.05 per piece
    ent.footprint_factors.filter(code="pu").update(value=3.5)
    second = services.footprint_recompute(actor=user, footprint=first)
    first.refresh_from_db()
    assert second.total_kgco2e_per_unit == pytest.approx(57.133, rel=1e-12)
    assert second.is_current and not first.is_current
    assert selectors.previous_footprint(second) == first
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(f"/footprints/{second.pk}/").content.decode()
    assert "58.183" in page and "-1.050" in page
