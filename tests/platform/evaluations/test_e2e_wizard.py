"""Browser journey: an enterprise energy manager self-evaluates against the cement set,
uploads evidence, scores, sees the radar and the gaps, and downloads the PDF report."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.platform.conftest import PASSWORD
from tests.platform.evaluations.helpers import PDF_BYTES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_self_evaluation_wizard_to_pdf(
    page: Any,
    live_server: Any,
    enterprise_user: Any,
    filing: dict,
    cement_answers: dict,
    tmp_path: Path,
) -> None:
    filing_path = tmp_path / "filing.json"
    filing_path.write_text(json.dumps(filing, ensure_ascii=False), encoding="utf-8")
    evidence_path = tmp_path / "iso9001.pdf"
    evidence_path.write_bytes(PDF_BYTES)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", enterprise_user.username)
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url(f"{live_server.url}/accounts/home/")

    # Step 1: year and filing.
    page.goto(f"{live_server.url}/evaluations/new/")
    page.fill("#year", "2024")
    page.set_input_files("#filing_file", str(filing_path))
    page.click("[data-testid=create-submit]")
    page.wait_for_selector("[data-testid=checklist]")
    assert (
        page.locator("[data-testid=accounted-EL1]").count() == 1
    )  # clinker energy from accounting

    # Evidence first (the upload reloads the page).
    page.select_option("#ev-code", "B2")
    page.set_input_files("#ev-file", str(evidence_path))
    page.click("[data-testid=evidence-submit]")
    page.wait_for_selector("[data-testid=checklist]")

    # Step 2: vetoes, requirements, checklist, values.
    for i in range(1, 7):
        page.check(f"[data-testid=veto-V{i}-no]")
    for code, value in cement_answers.items():
        if value is True:
            page.check(f"[data-testid=ans-{code}-yes]")
        elif value is False:
            page.check(f"input[name='ans:{code}'][value=no]")
        else:
            page.fill(f"[data-testid=num-{code}]", str(value))
    page.click("[data-testid=score]")
    page.wait_for_selector("[data-testid=total]")

    # Step 3: results, radar drawn by ECharts, gaps; then the report.
    total = float(page.locator("[data-testid=total]").inner_text())
    assert 0 < total < 100
    page.wait_for_selector("[data-testid=radar] canvas")
    assert page.locator("[data-testid=gaps] tr").count() > 2
    page.click("[data-testid=build-report]")
    page.wait_for_selector("[data-testid=download-1]")
    with page.expect_download() as info:
        page.click("[data-testid=download-1]")
    target = tmp_path / "report.pdf"
    info.value.save_as(str(target))
    assert target.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "绿色工厂评价报告" in text
    assert "iso9001.pdf" in text  # the evidence list names the uploaded document
