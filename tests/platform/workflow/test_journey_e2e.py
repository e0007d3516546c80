"""The whole gradient-cultivation journey in real Chromium (on PostgreSQL in CI).

An enterprise applies → the city accepts and recommends → the province lists it and
recommends it to the nation → the ministry passes the formal check and assigns three
experts → each expert scores (running total) → shortlist → publicity, where one
objection is filed and resolved → listed → visible on the public annual list and the API.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from greenmfg.platform.workflow.models import Application
from tests.platform.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url(f"{base}/accounts/home/")


def act(page: Any, target: str, expected_state: str) -> None:
    page.click(f"[data-testid=act-{target}]")
    page.wait_for_selector(f"h1 + [data-testid=state][data-state={expected_state}]")


def test_enterprise_to_national_list(
    page: Any,
    live_server: Any,
    make_round: Any,
    applicant: Any,
    suzhou_official: Any,
    jiangsu_official: Any,
    national_official: Any,
    experts: list[Any],
) -> None:
    base = live_server.url
    make_round(name="2026年度绿色工厂")

    # The enterprise creates its draft and submits it.
    login(page, base, "applicant")
    page.goto(f"{base}/workflow/applications/")
    page.fill("#evaluation_reference", "EV-2026-0042")
    page.fill("#evaluation_hash", "ab" * 32)
    page.fill("#evaluation_score", "86.5")
    page.click("[data-testid=create-application]")
    page.wait_for_selector("[data-testid=state][data-state=draft]")
    app = Application.objects.get()
    detail = f"{base}/workflow/applications/{app.pk}/"
    act(page, "submitted", "submitted")

    # The city accepts and recommends it to the province.
    login(page, base, "suzhou")
    page.goto(f"{base}/workflow/queue/")
    page.click("[data-testid=queue-row] a")
    page.wait_for_url(detail)
    act(page, "municipal_review", "municipal_review")
    act(page, "provincial_review", "provincial_review")

    # The province lists it and recommends it to the nation.
    login(page, base, "jiangsu")
    page.goto(detail)
    act(page, "provincial_listed", "provincial_listed")
    act(page, "recommended", "recommended")

    # The ministry: formal check, then three experts.
    login(page, base, "miit")
    page.goto(detail)
    act(page, "formal_check", "formal_check")
    act(page, "expert_review", "expert_review")
    for expert in experts:
        page.check(f"[data-testid=expert-{expert.username}]")
    page.click("[data-testid=assign-experts]")
    page.wait_for_selector("[data-testid=experts] tbody tr:nth-child(3)")

    # Each expert scores independently, seeing the running total.
    for expert, last in zip(experts, ("8", "9", "7"), strict=True):
        login(page, base, expert.username)
        page.goto(f"{base}/workflow/review/")
        page.click("[data-testid=assignment-row] a")
        for code, value in (("EL", "30"), ("RE", "20"), ("CP", "12"), ("GP", "12"), ("LI", last)):
            page.fill(f"[data-testid=score-{code}]", value)
        assert page.locator("[data-testid=running-total]").inner_text() == f"{74 + int(last)}.00"
        page.check("[data-testid=no-conflict]")
        page.click("[data-testid=submit-scores]")
        page.wait_for_url(f"{base}/workflow/review/")

    # Shortlist and publicity.
    login(page, base, "miit")
    page.goto(detail)
    assert "82.00" in page.locator("[data-testid=experts]").inner_text()
    act(page, "shortlisted", "shortlisted")
    act(page, "publicity", "publicity")

    # Anyone files an objection on the public page.
    page.context.clear_cookies()
    page.goto(f"{base}/workflow/publicity/")
    page.click(f"[data-testid=object-{app.pk}]")
    page.fill("#name", "张先生")
    page.fill("#contact", "13800000000")
    page.click("[data-testid=submit-objection]")  # empty objection: refused
    assert page.locator(".alert-danger").count() == 1
    page.fill("#content", "该企业废水排放数据存疑。")
    page.click("[data-testid=submit-objection]")
    page.wait_for_url(f"{base}/workflow/publicity/")

    # The ministry resolves it; after the 15 days it lists the unit.
    login(page, base, "miit")
    page.goto(f"{base}/workflow/objections/")
    page.fill("[data-testid=resolution]", "经核查，排放数据与排污许可执行报告一致。")
    page.click("[data-testid=resolve]")
    page.wait_for_selector("text=经核查")
    # Fifteen days pass (the publicity period is over).
    past = dt.date.today() - dt.timedelta(days=16)
    Application.objects.filter(pk=app.pk).update(
        publicity_start=past, publicity_end=past + dt.timedelta(days=14)
    )
    page.goto(detail)
    act(page, "listed", "listed")

    # The public sees it on the annual list and through the API.
    page.context.clear_cookies()
    page.goto(f"{base}/workflow/annual-list/?level=national&year=2026")
    assert "苏州绿色水泥有限公司" in page.locator("[data-testid=annual-row]").first.inner_text()
    body = page.request.get(f"{base}/api/v1/lists?level=national&year=2026").json()
    assert body["count"] == 1 and body["items"][0]["uscc"] == applicant.enterprise.uscc
    history = page.request.get(f"{base}/api/v1/units/{applicant.enterprise.uscc}").json()
    assert [(entry["level"], entry["year"]) for entry in history["listings"]] == [
        ("provincial", 2026),
        ("national", 2026),
    ]
