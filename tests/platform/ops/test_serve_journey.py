"""A browser journey through ``greenmfg serve`` as deployed: PostgreSQL, Redis (cache,
sessions, RQ task queue), gunicorn, real task workers and the scheduler, ``DEBUG`` off.

On a small demo database (the registry data and the demo accounts) in headless Chromium:

* the 苏州 Suzhou official uploads a past-filings workbook (历史填报, .xlsx); the import
  runs on an RQ worker and its page turns from "being imported" to "imported" without
  a reload (the test holds a lock on the filings table until the page shows the running
  state, so that the change is seen happen);
* the demo enterprise asks for the PDF report of its scored self-evaluation; a worker
  builds it, the reports table turns "ready" by itself, and the downloaded file is a PDF
  whose text (pdfplumber) names the enterprise, its credit code and the content hash.

Both in zh-Hans (the default: the visible page text is Chinese) and in English.
Screenshots go to ``GREENMFG_TEST_SCREENSHOTS`` (default: the test's temporary directory).
"""

from __future__ import annotations

import io
import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from greenmfg.cli.platform import DEMO_PASSWORD
from tests.platform.ops.stack import Stack, redis_url, run, running_stack
from tests.platform.visible_text import HAN, english_runs, visible_text

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]

YEAR = 2020  # the past year imported (a year the demo data set does not file)

SUZHOU_UNITS = """
import json
from greenmfg.platform.accounts.models import User
from greenmfg.platform.filings.models import AnnualFiling
from greenmfg.platform.registry.models import Enterprise
demo = User.objects.get(username="enterprise").enterprise_id
units = list(
    Enterprise.objects.filter(adcode__startswith="3205").exclude(pk=demo)
    .order_by("uscc").values_list("pk", "uscc", "name")[:{n}]
)
filed = AnnualFiling.objects.filter(
    enterprise_id__in=[u[0] for u in units], year={year}
).count()
print(json.dumps({{"units": [[u, name] for _pk, u, name in units], "filed": filed}}))
"""

FILINGS_OF_YEAR = """
from greenmfg.platform.filings.models import AnnualFiling
print(AnnualFiling.objects.filter(year={year}, source_name="{name}").count())
"""

DEMO_EVALUATION = """
import json
from greenmfg.platform.accounts.models import User
from greenmfg.platform.evaluations.models import Evaluation
user = User.objects.get(username="enterprise")
ev = Evaluation.objects.filter(enterprise=user.enterprise, state="scored").order_by("-year").first()
print(json.dumps({"pk": ev.pk, "name": user.enterprise.name, "uscc": user.enterprise.uscc}))
"""


# On so small a data set the demo enterprise may have filed nothing yet: it gets the data
# of another enterprise's latest filing as its own, and the demo's scored self-evaluation.
SELF_EVALUATION = """
from greenmfg.platform.accounts.models import User
from greenmfg.platform.evaluations.demo import demo_self_evaluation
from greenmfg.platform.evaluations.models import Evaluation
from greenmfg.platform.filings.models import AnnualFiling
from greenmfg.platform.filings.services import filing_save
enterprise = User.objects.get(username="enterprise").enterprise
if not Evaluation.objects.filter(enterprise=enterprise, state="scored").exists():
    if not AnnualFiling.objects.filter(enterprise=enterprise).exists():
        model = AnnualFiling.objects.order_by("-year", "pk").first()
        data = {**model.data, "enterprise": {}}  # bound to the demo enterprise
        filing_save(actor=None, enterprise=enterprise, data=data, source_name="demo")
    demo_self_evaluation(enterprise)
print(Evaluation.objects.filter(enterprise=enterprise, state="scored").count())
"""


# The demo's registry data and annual filings at a small scale, and its accounts (the
# steps of ``greenmfg demo`` this journey needs, without the others).
DEMO = """
import io
from greenmfg.cli.platform import _create_demo_accounts
from greenmfg.platform.filings.demo import load_annual_filings
from greenmfg.platform.registry.demo_data import load_demo_data
dataset = load_demo_data(seed=11, scale=0.002, stdout=io.StringIO())
load_annual_filings(dataset, io.StringIO())
_create_demo_accounts()
"""


def _populate(env: dict[str, str]) -> None:
    run(env, "manage", "migrate", "-v", "0")
    assert run(env, "manage", "shell", "-c", DEMO + SELF_EVALUATION).strip().splitlines()[-1] != "0"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    started = time.monotonic()
    home = tmp_path_factory.mktemp("served")
    with running_stack(home, key="journey", redis=redis_url(1), populate=_populate) as stack:
        print(f"\ndemo database built and served in {time.monotonic() - started:.1f} s")
        yield stack


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("GREENMFG_TEST_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _context(browser: Any, lang: str) -> Any:
    context = browser.new_context(
        locale="zh-CN" if lang == "zh" else "en-US", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(20_000)
    return context


def _sign_in(page: Any, stack: Stack, username: str) -> None:
    page.goto(f"{stack.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url(f"{stack.url}/accounts/home/")


def _reference_text() -> str:
    """The packaged reference files (standards, factors): the provenance they carry (a
    source's description, in English only) is data quoted on the pages, not UI text."""
    import greenmfg.core

    root = Path(greenmfg.core.__file__).parent / "data"
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.yaml")))


def _check_language(page: Any, lang: str) -> None:
    """zh: Chinese text and no English sentence; en: English text."""
    text = "\n".join(visible_text(page.content()))
    if lang == "zh":
        assert HAN.search(text)
        reference = _reference_text()
        runs = [run for run in english_runs(text) if run not in reference]
        assert runs == [], runs
    else:
        assert english_runs(text), text[:500]


def _workbook(units: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["统一社会信用代码", "年度", "电力(万kWh)", "天然气(万Nm3)", "工业总产值(万元)"])
    for i, (uscc, _name) in enumerate(units):
        ws.append([uscc, YEAR, 120 + 10 * i, 8 + i, 15000 + 500 * i])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _import_past_filings(browser: Any, stack: Stack, lang: str, shots: Path) -> None:
    import psycopg

    facts = json.loads(stack.shell(SUZHOU_UNITS.format(n=3, year=YEAR)))
    units = facts["units"]
    assert len(units) == 3
    name = f"历史填报-{lang}.xlsx"
    context = _context(browser, lang)
    page = context.new_page()
    try:
        _sign_in(page, stack, "suzhou")
        page.goto(f"{stack.url}/onboarding/filings/")
        _check_language(page, lang)
        page.set_input_files(
            "[data-testid=past-filings-file]",
            files=[
                {
                    "name": name,
                    "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "buffer": _workbook(units),
                }
            ],
        )
        # The import waits for this lock when it writes the filings: the page is seen in
        # the running state first, then turns "imported" by itself.
        with psycopg.connect(stack.database_url) as lock:
            lock.execute("LOCK TABLE filings_annualfiling IN SHARE MODE")
            page.click("[data-testid=past-filings-submit]")
            page.wait_for_url(re.compile(r"/onboarding/filings/\d+/$"))
            status = page.locator("[data-testid=past-filings-status]")
            expect(status).to_have_attribute("data-status", "running", timeout=60_000)
            navigations: list[str] = []
            page.on(
                "framenavigated",
                lambda frame: navigations.append(frame.url) if frame == page.main_frame else None,
            )
            page.screenshot(path=str(shots / f"import-running-{lang}.png"), full_page=True)
            _check_language(page, lang)
            lock.rollback()
        started = time.monotonic()
        expect(status).to_have_attribute("data-status", "done", timeout=60_000)
        print(f"\n[{lang}] import finished {time.monotonic() - started:.1f} s after the lock")
        assert navigations == []  # updated in place, never reloaded
        result = page.locator("[data-testid=past-filings-result]").inner_text()
        created = 3 - facts["filed"]
        if lang == "zh":
            assert "已导入" in page.locator("[data-testid=past-filings-state]").inner_text()
            assert f"3 家企业：新建填报 {created} 份" in result, result
        else:
            assert page.locator("[data-testid=past-filings-state]").inner_text() == "Imported"
            assert f"3 enterprises: {created} filings created" in result, result
        _check_language(page, lang)
        page.screenshot(path=str(shots / f"import-done-{lang}.png"), full_page=True)
        assert int(stack.shell(FILINGS_OF_YEAR.format(year=YEAR, name=name))) == 3
    finally:
        context.close()


def _pdf_report(browser: Any, stack: Stack, lang: str, shots: Path) -> None:
    import pdfplumber

    evaluation = json.loads(stack.shell(DEMO_EVALUATION))
    context = _context(browser, lang)
    page = context.new_page()
    try:
        _sign_in(page, stack, "enterprise")
        page.goto(f"{stack.url}/evaluations/")
        page.click(f"a[href='/evaluations/{evaluation['pk']}/result/']")
        page.wait_for_url(f"{stack.url}/evaluations/{evaluation['pk']}/result/")
        _check_language(page, lang)
        page.select_option("#lang", lang)
        page.click("[data-testid=build-report]")
        page.wait_for_url(f"{stack.url}/evaluations/{evaluation['pk']}/result/")
        navigations: list[str] = []
        page.on(
            "framenavigated",
            lambda frame: navigations.append(frame.url) if frame == page.main_frame else None,
        )
        started = time.monotonic()
        row = page.locator("[data-testid=reports] tr").filter(
            has=page.locator("td:nth-child(2)", has_text=lang)
        )
        download = row.locator("a[data-testid^=download-]")
        expect(download).to_be_visible(timeout=90_000)
        print(f"[{lang}] PDF ready {time.monotonic() - started:.1f} s after the request")
        assert navigations == []  # the reports table turned "ready" by itself
        page.screenshot(path=str(shots / f"report-ready-{lang}.png"), full_page=True)
        _check_language(page, lang)
        content_hash = row.locator("code").inner_text().strip()
        assert re.fullmatch(r"[0-9a-f]{64}", content_hash)
        with page.expect_download() as info:
            download.click()
        pdf = Path(info.value.path()).read_bytes()
    finally:
        context.close()
    assert pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-1024:]
    (shots / f"report-{lang}.pdf").write_bytes(pdf)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) >= 2
        text = "\n".join(p.extract_text() or "" for p in document.pages)
    flat = re.sub(r"\s+", "", text)
    assert evaluation["uscc"] in flat
    assert content_hash in flat
    if lang == "zh":
        assert "评价报告" in flat and re.sub(r"\s+", "", evaluation["name"]) in flat
    else:
        # (the standard's evidence names are data, in Chinese only)
        assert text.startswith("Green factory evaluation report"), text[:400]
        assert "绿色工厂评价报告" not in flat


def test_import_and_pdf_report_in_chinese(browser: Any, served: Stack, shots: Path) -> None:
    _import_past_filings(browser, served, "zh", shots)
    _pdf_report(browser, served, "zh", shots)


def test_import_and_pdf_report_in_english(browser: Any, served: Stack, shots: Path) -> None:
    _import_past_filings(browser, served, "en", shots)
    _pdf_report(browser, served, "en", shots)
