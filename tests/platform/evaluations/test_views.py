"""Pages: the wizard through to the PDF, verification, standard upload, scoping, i18n."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from greenmfg.platform.evaluations.models import Evaluation, Evidence, Report, StandardFile
from tests.platform.evaluations.helpers import PDF_BYTES
from tests.platform.evaluations.test_services import PROVINCIAL_STANDARD

pytestmark = pytest.mark.django_db
CATALOGUE = (
    Path(__file__).parents[3]
    / "src/greenmfg/platform/evaluations/locale/zh_Hans/LC_MESSAGES/django.po"
)


def _login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def _checklist(evaluation: Evaluation, answers: dict[str, Any]) -> dict[str, str]:
    data = {f"veto:V{i}": "no" for i in range(1, 7)}
    for code, value in answers.items():
        if isinstance(value, bool):
            data[f"ans:{code}"] = "yes" if value else "no"
        else:
            data[f"num:{code}"] = str(value)
    return data


def test_wizard_to_pdf_download_and_verification(
    client: Client,
    evaluator: Any,
    enterprise: Any,
    filing: dict,
    cement_answers: dict,
    django_capture_on_commit_callbacks: Any,
    tmp_path: Path,
    engage: Any,
) -> None:
    engage(enterprise, evaluator)
    _login(client, evaluator)
    response = client.post(
        reverse("evaluations:create"),
        {
            "uscc": enterprise.uscc,
            "year": "2024",
            "standard": "",
            "filing_json": json.dumps(filing),
        },
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    page = client.get(response["Location"]).content.decode()
    # quantitative values computed by the accounting are shown, not asked for
    assert 'data-testid="accounted-EL1"' in page
    assert 'name="num:EL1"' not in page
    assert 'name="num:EL4"' in page
    upload = client.post(
        reverse("evaluations:evidence_add", args=[evaluation.pk]),
        {"code": "B2", "file": SimpleUploadedFile("iso9001.pdf", PDF_BYTES)},
    )
    assert upload.status_code == 302
    assert Evidence.objects.filter(evaluation=evaluation, code="B2").count() == 1
    doc = Evidence.objects.get(evaluation=evaluation)
    got = client.get(reverse("evaluations:evidence_download", args=[doc.pk]))
    assert b"".join(got.streaming_content) == PDF_BYTES
    assert Client().get(reverse("evaluations:evidence_download", args=[doc.pk])).status_code == 302
    response = client.post(
        reverse("evaluations:wizard", args=[evaluation.pk]), _checklist(evaluation, cement_answers)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    result = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-testid="radar"' in result and "vendor/echarts.min.js" in result
    assert "改进建议" in result and "未核实" in result
    evaluation.refresh_from_db()
    assert f"{evaluation.total:.2f}" in result
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluations:report_create", args=[evaluation.pk]), {"lang": "zh", "sign": "1"}
        )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.state == Report.State.READY, report.error
    download = client.get(reverse("evaluations:report_download", args=[report.pk]))
    assert download["Content-Type"] == "application/pdf"
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(b"".join(download.streaming_content))
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "一、否决条件" in text and "四、评价结论" in text
    assert report.content_hash in text.replace("\n", "")
    # public verification (anonymous)
    anonymous = Client()
    found = anonymous.get(
        reverse("evaluations:verify"), {"hash": report.content_hash}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert found.status_code == 200
    assert 'data-testid="verify-found"' in found.content.decode()
    assert enterprise.name in found.content.decode()
    missing = anonymous.get(reverse("evaluations:verify"), {"hash": "a" * 64})
    assert missing.status_code == 404
    assert 'data-testid="verify-not-found"' in missing.content.decode()
    # While a PDF is being built, its table asks again every 2 s and stops once it is ready
    # (the page did not refresh itself when the PDF was ready).
    client.post(reverse("evaluations:report_create", args=[evaluation.pk]), {"lang": "en"})
    building = Report.objects.get(state=Report.State.PENDING)
    page = client.get(reverse("evaluations:result", args=[evaluation.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page
    poll = f"{reverse('evaluations:result', args=[evaluation.pk])}?partial=reports"
    fragment = client.get(poll, HTTP_HX_REQUEST="true").content.decode()
    assert "<table" in fragment
    assert "<html" not in fragment and 'hx-trigger="every 2s"' in fragment
    from greenmfg.platform.evaluations.services import report_build

    report_build(report_id=building.pk)  # what the background worker runs
    fragment = client.get(poll, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' not in fragment
    assert 'data-testid="download-' in fragment


def test_wizard_errors_name_the_field_and_save_nothing(
    client: Client, enterprise_user: Any, enterprise: Any
) -> None:
    _login(client, enterprise_user)
    client.post(reverse("evaluations:create"), {"year": "2024"})
    evaluation = Evaluation.objects.get()
    response = client.post(
        reverse("evaluations:wizard", args=[evaluation.pk]), {"num:EL4": "lots", "veto:V1": "no"}
    )
    assert response.status_code == 422
    assert "answers.EL4" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.state == Evaluation.State.DRAFT


def test_create_with_bad_filing_json_shows_the_error(client: Client, enterprise_user: Any) -> None:
    _login(client, enterprise_user)
    response = client.post(
        reverse("evaluations:create"), {"year": "2024", "filing_json": '{"energy": ['}
    )
    assert response.status_code == 422
    assert "line 1" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_evidence_of_the_wrong_type_is_refused(client: Client, enterprise_user: Any) -> None:
    _login(client, enterprise_user)
    client.post(reverse("evaluations:create"), {"year": "2024"})
    evaluation = Evaluation.objects.get()
    response = client.post(
        reverse("evaluations:evidence_add", args=[evaluation.pk]),
        {"code": "B2", "file": SimpleUploadedFile("virus.exe", b"MZ\x90")},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "PDF, JPG or PNG" in response.content.decode()
    assert not Evidence.objects.exists()


def test_other_region_official_gets_404(
    client: Client, enterprise_user: Any, wuxi_official: Any, suzhou_official: Any
) -> None:
    _login(client, enterprise_user)
    client.post(reverse("evaluations:create"), {"year": "2024"})
    evaluation = Evaluation.objects.get()
    from greenmfg.platform.evaluations import services

    doc = services.evidence_add(
        actor=enterprise_user,
        evaluation=evaluation,
        code="B2",
        upload=SimpleUploadedFile("iso.pdf", PDF_BYTES),
    )
    wuxi = _login(Client(), wuxi_official)
    assert wuxi.get(reverse("evaluations:result", args=[evaluation.pk])).status_code == 404
    assert wuxi.get(reverse("evaluations:evidence_download", args=[doc.pk])).status_code == 404
    suzhou = _login(Client(), suzhou_official)
    # the Suzhou official may read but not edit: the wizard sends it to the result page
    assert suzhou.get(reverse("evaluations:wizard", args=[evaluation.pk])).status_code == 302


def test_admin_uploads_a_provincial_standard(client: Client, admin_user: Any) -> None:
    _login(client, admin_user)
    bad = PROVINCIAL_STANDARD.replace("kind: factory", "kind: farm")
    response = client.post(
        reverse("evaluations:standards"),
        {"file": SimpleUploadedFile("js.yaml", bad.encode())},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert "js.yaml, line 6, field metadata.kind" in response.content.decode()
    assert not StandardFile.objects.exists()
    response = client.post(
        reverse("evaluations:standards"),
        {"file": SimpleUploadedFile("js.yaml", PROVINCIAL_STANDARD.encode())},
    )
    assert response.status_code == 302
    listing = client.get(reverse("evaluations:standards")).content.decode()
    assert "JS-GF-2025" in listing
    assert "JS-GF-2025" in client.get(reverse("evaluations:standards")).content.decode()


def test_standards_pages_are_public(client: Client) -> None:
    page = client.get(
        reverse("evaluations:standards"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "GB/T 36132-2025" in page and "GSCM-2016" in page
    detail = client.get(reverse("evaluations:standard_detail"), {"code": "GSCM-2016"})
    assert "X64" in detail.content.decode()
    assert client.get(reverse("evaluations:standard_detail"), {"code": "nope"}).status_code == 404
    assert client.get(reverse("evaluations:list")).status_code == 302  # login required


PLACEHOLDER = re.compile(r"%\(\w+\)(?:\.\d+)?[srdf]")


def test_catalogue_is_complete() -> None:
    po = polib.pofile(str(CATALOGUE))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    for entry in po.translated_entries():
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), (
                entry.msgid
            )


def test_create_from_a_filing_workbook(
    client: Client, enterprise_user: Any, filing: dict, tmp_path: Path
) -> None:
    from greenmfg.core.filing.model import Filing
    from greenmfg.core.filing.template import write_template

    workbook = write_template(tmp_path / "filing.xlsx", Filing.from_dict(filing))
    _login(client, enterprise_user)
    response = client.post(
        reverse("evaluations:create"),
        {"year": "2024", "filing_file": SimpleUploadedFile("filing.xlsx", workbook.read_bytes())},
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert "energy_per_product:clinker" in evaluation.metrics
    broken = client.post(
        reverse("evaluations:create"),
        {"year": "2024", "filing_file": SimpleUploadedFile("filing.xlsx", b"not a workbook")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert broken.status_code == 422
    assert Evaluation.objects.count() == 1


def test_what_if_on_the_result_page(
    client: Client, enterprise_user: Any, enterprise: Any, filing: dict, cement_answers: dict
) -> None:
    from greenmfg.platform.evaluations import services

    evaluation = services.evaluation_create(
        actor=enterprise_user, enterprise=enterprise, year=2024, filing=filing
    )
    services.evaluation_answer(
        actor=enterprise_user,
        evaluation=evaluation,
        answers=cement_answers,
        vetoes={f"V{i}": False for i in range(1, 7)},
    )
    _login(client, enterprise_user)
    url = reverse("evaluations:result", args=[evaluation.pk])
    # EL3 (renewable share, from the accounting) raised to its leading value: +8 of 34 × 40
    page = client.get(url, {"num:EL3": "30"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    evaluation.refresh_from_db()
    el3 = next(i for i in evaluation.result["indicators"] if i["code"] == "EL3")
    expected = evaluation.total + (8 - el3["earned"]) * 40 / 34
    assert f"New total: {expected:.2f}" in page
    bad = client.get(url, {"num:EL3": "thirty"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Enter numbers only." in bad
