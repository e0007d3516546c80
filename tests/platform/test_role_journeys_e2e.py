"""Each role's journey in real Chromium, in Chinese (issue 13); on PostgreSQL in CI.

- enterprise: its home shows the to-dos with deadlines and its green code with the QR;
  it engages an evaluator, applies with the evaluator's signed report and submits, and
  answers the city's request for material with a file, in the same place;
- evaluator: opens its client's filings, prepares the third-party evaluation on the
  client's behalf and signs the report;
- city: reviews with the materials, records the formal-check checklist, asks for
  material and accepts the application citing the checklist items;
- province: recommends from provincial review in one batch ("推荐至国家");
- another city's official opens the public unit page of a unit outside its region;
- public: verifies the green code and opens the public pages.

The expert scoring, the ministry's publicity and the publication of the list run in
``workflow/test_journey_e2e.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from greenmfg.core.domain import Role
from greenmfg.core.workflow.machine import State
from tests.platform.conftest import PASSWORD
from tests.platform.evaluations.helpers import NO_VETO, PDF_BYTES
from tests.platform.filings.conftest import filing_data
from tests.platform.workflow.conftest import make_round, today  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "journeys"


def login(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url(f"{base}/accounts/home/")


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _full_answers(standard_code: str) -> dict[str, Any]:
    """The evaluator's answers: every requirement and item met, every value typed by hand
    at the leading value (the values accounting computes are read from the filings)."""
    from greenmfg.platform.evaluations.standards import platform_registry

    standard: Any = platform_registry().get(standard_code)
    answers: dict[str, Any] = {r.code: True for r in standard.basic_requirements}
    for indicator in standard.indicators:
        if indicator.type == "qualitative":
            answers.update({item.code: True for item in indicator.items})
        elif indicator.metric is None:
            answers[indicator.code] = indicator.leading.value
    return answers


def _code_year(on: dt.date) -> int:
    return on.year - 1 if on >= dt.date(on.year, 5, 15) else on.year - 2


@pytest.fixture
def world(
    make_enterprise: Callable[..., Any],
    make_listing: Callable[..., Any],
    make_user: Callable[..., Any],
) -> dict[str, Any]:
    """A Suzhou cement works on the national and provincial lists with a green code and
    three years of filings; its account, an evaluator, the authorities."""
    from greenmfg.platform.filings.services import filing_save
    from greenmfg.platform.greencode.services import green_codes_grade
    from tests.platform.greencode.conftest import build_population

    units, inputs = build_population(make_enterprise, make_listing, graded=20)
    year = _code_year(timezone.localdate())
    green_codes_grade(actor=None, year=year, units=units, inputs=inputs)
    works = units[0]
    works.name = "苏州示范水泥有限公司"
    works.adcode = "320500"
    works.industry = "3011"
    works.save(update_fields=["name", "adcode", "industry"])
    make_listing(works, level="provincial", year=2021)
    user = make_user(Role.ENTERPRISE, enterprise=works, username="works")
    this_year = timezone.localdate().year
    for y in (this_year - 3, this_year - 2, this_year - 1):
        filing_save(actor=user, enterprise=works, data=filing_data(works.uscc, y))
    return {
        "works": works,
        "user": user,
        "evaluator": make_user(
            Role.EVALUATOR, username="evaluator", first_name="王", last_name="评"
        ),
        "suzhou": make_user(Role.MUNICIPAL, "320500", username="suzhou"),
        "wuxi": make_user(Role.MUNICIPAL, "320200", username="wuxi"),
        "jiangsu": make_user(Role.PROVINCIAL, "320000", username="jiangsu"),
        "data_year": this_year - 1,
    }


def test_enterprise_evaluator_city_and_province_journeys(
    page: Any,
    live_server: Any,
    world: dict[str, Any],
    make_round: Callable[..., Any],  # noqa: F811
    tmp_path: Path,
) -> None:
    from greenmfg.platform.evaluations import services as ev
    from greenmfg.platform.evaluations.models import Evaluation
    from greenmfg.platform.workflow.models import Application

    base = live_server.url
    works = world["works"]
    make_round(name="2026年度绿色工厂")

    # --- enterprise: home with to-dos, green code and QR; engages the evaluator
    login(page, base, "works")
    page.wait_for_selector("[data-testid=home-green-code] [data-testid=home-grade]")
    qr = page.locator("[data-testid=home-qr]")
    assert qr.evaluate("img => img.naturalWidth") > 0  # the QR image really loads
    assert page.locator("[data-testid=home-todo]").count() >= 1
    assert "我的工作台" in page.title()
    shot(page, "enterprise-home")
    page.goto(f"{base}/evaluations/engagements/")
    page.select_option("#institution", str(world["evaluator"].institution_id))
    page.fill("#purpose", "国家级绿色工厂申报第三方评价")
    page.click("[data-testid=grant]")
    page.wait_for_selector("[data-testid=engagement-row] [data-testid^=revoke-]")

    # --- evaluator: the client's filings, the evaluation on its behalf, the signature
    login(page, base, "evaluator")
    page.goto(f"{base}/evaluations/engagements/")
    page.wait_for_selector("[data-testid=client]")
    page.click(f"[data-testid=client] >> text={world['data_year']}")
    page.wait_for_selector("[data-testid=tce]")
    page.goto(f"{base}/evaluations/engagements/")
    page.click(f"[data-testid=evaluate-{works.uscc}]")
    page.fill("#year", str(world["data_year"]))
    page.click("[data-testid=create-submit]")
    page.wait_for_selector("[data-testid=checklist]")
    evaluation = Evaluation.objects.get(enterprise=works)
    assert evaluation.kind == Evaluation.Kind.THIRD_PARTY
    answers = _full_answers(evaluation.standard_code)
    ev.evaluation_answer(
        actor=world["evaluator"], evaluation=evaluation, answers=answers, vetoes=NO_VETO
    )
    page.goto(f"{base}/evaluations/{evaluation.pk}/result/")
    page.check("#sign")
    page.click("[data-testid=build-report]")
    page.wait_for_selector("[data-testid=reports]")
    report = evaluation.reports.get()
    assert report.signed

    # --- enterprise: applies with the signed report, submits
    login(page, base, "works")
    page.goto(f"{base}/workflow/applications/")
    # a factory's form: no park-only field; the veto questions are asked only for a
    # report from outside the platform (the chosen report carries its declaration)
    assert page.locator("#park_value_added_share").count() == 0
    assert page.locator("[data-testid=veto-questions]").is_visible()
    page.select_option("#evaluation_report", str(report.pk))
    assert page.locator("[data-testid=veto-questions]").is_hidden()
    page.fill("#summary", "本企业申报国家级绿色工厂。")
    shot(page, "enterprise-apply")
    page.click("[data-testid=create-application]")
    page.wait_for_selector("[data-testid=state][data-state=draft]")
    app = Application.objects.get(enterprise=works)
    detail = f"{base}/workflow/applications/{app.pk}/"
    page.click("[data-testid=act-submitted]")
    page.wait_for_selector("[data-testid=state][data-state=submitted]")

    # --- city: materials, checklist, request for material
    login(page, base, "suzhou")
    page.goto(detail)
    page.wait_for_selector("[data-testid=review-materials] [data-testid=materials-report]")
    assert (
        page.locator("[data-testid=review-materials] [data-testid=key-figures] tbody tr").count()
        == 3
    )
    for code in ("FC1", "FC2", "FC3", "FC4", "FC5", "FC6", "FC7", "FC8"):
        page.check(f"[data-testid=pass-{code}]")
    page.click("[data-testid=save-checklist]")
    page.wait_for_selector("text=形式审查清单已记录")
    page.fill("#message", "请补充近三年能源审计报告")
    page.select_option("#item", "FC6")
    page.click("[data-testid=send-request]")
    page.wait_for_selector("[data-testid=material-request]")
    shot(page, "city-review")

    # --- enterprise: the to-do on its home, the answer with a file in the same place
    login(page, base, "works")
    page.wait_for_selector(f"[data-testid=home-todo] >> text=#{app.pk}")
    page.goto(detail)
    audit = tmp_path / "能源审计报告.pdf"
    audit.write_bytes(PDF_BYTES)
    page.fill("[data-testid=answer-form] textarea", "已上传近三年能源审计报告。")
    page.set_input_files("[data-testid=answer-form] input[type=file]", str(audit))
    page.click("[data-testid=send-answer]")
    page.wait_for_selector("[data-testid=material-answer]")

    # --- city: accepts, citing the checklist items, and recommends to the province
    login(page, base, "suzhou")
    page.goto(detail)
    page.wait_for_selector("[data-testid=material-answer] a")
    page.check("[data-testid=cite-municipal_review-FC2]")
    page.check("[data-testid=cite-municipal_review-FC6]")
    page.click("[data-testid=act-municipal_review]")
    page.wait_for_selector("[data-testid=state][data-state=municipal_review]")
    page.click("[data-testid=act-provincial_review]")
    page.wait_for_selector("[data-testid=state][data-state=provincial_review]")
    app.refresh_from_db()
    reasons = list(app.audit_records.values_list("reason", flat=True))
    assert any(r.startswith("[FC2, FC6]") for r in reasons)

    # --- province: its checklist, then "推荐至国家" in one batch citing the items
    login(page, base, "jiangsu")
    page.goto(detail)
    for code in ("FC1", "FC2", "FC3", "FC4", "FC5", "FC6", "FC7", "FC8", "FC9"):
        page.check(f"[data-testid=pass-{code}]")
    page.click("[data-testid=save-checklist]")
    page.wait_for_selector("text=形式审查清单已记录")
    page.goto(f"{base}/workflow/queue/")
    page.check(f"input[name=ids][value='{app.pk}']")
    page.select_option("select[name=to]", "recommended")
    page.check("[data-testid=batch-cite-FC9]")
    shot(page, "province-batch")
    page.click("[data-testid=batch-submit]")
    page.wait_for_selector(".alert-success")
    assert page.locator(".alert-danger").count() == 0
    app.refresh_from_db()
    assert app.state == State.RECOMMENDED.value
    assert app.audit_records.order_by("sequence").last().reason.startswith("[FC9]")

    # --- another city's official: the public unit page, not a 404
    login(page, base, "wuxi")
    response = page.goto(f"{base}/units/{works.uscc}/")
    assert response is not None and response.status == 200
    assert works.name in page.content()

    # --- public: verification of the green code and its QR, the public list
    page.context.clear_cookies()
    response = page.goto(f"{base}/greencode/verify/{works.uscc}/")
    assert response is not None and response.status == 200
    response = page.goto(f"{base}/greencode/qr/{works.uscc}.svg")
    assert response is not None and response.status == 200
    response = page.goto(f"{base}/workflow/publicity/")
    assert response is not None and response.status == 200


def test_public_searches_verifies_and_opens_the_public_pages(
    page: Any, live_server: Any, world: dict[str, Any]
) -> None:
    """An anonymous visitor finds the unit on the public list, opens its page, verifies
    its green code by typing the credit code, and opens the regional index."""
    base = live_server.url
    works = world["works"]
    page.goto(f"{base}/")
    page.fill("#id_name", "示范水泥")
    page.click("[data-testid=search]")
    page.wait_for_selector(f"[data-testid=listing-row] >> text={works.name}")
    page.click(f"[data-testid=listing-row] >> text={works.name}")
    page.wait_for_selector("[data-testid=green-code-section]")
    page.goto(f"{base}/greencode/verify/")
    page.fill("input[name=uscc]", works.uscc.lower())
    page.click("form[action='/greencode/verify/'] button[type=submit]")
    page.wait_for_url(f"{base}/greencode/verify/{works.uscc}/")
    assert works.name in page.content()
    shot(page, "public-verify")
    response = page.goto(f"{base}/dashboards/index/")
    assert response is not None and response.status == 200
