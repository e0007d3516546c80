"""Services of the evaluations app: permissions, validation before writing, audit."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from greenmfg.core.errors import (
    DataFileInvalidError,
    EvaluationInputInvalidError,
    FileTooLargeError,
    InvalidValueError,
)
from greenmfg.platform.evaluations import selectors, services
from greenmfg.platform.evaluations.models import (
    Evaluation,
    EvaluationEvent,
    Evidence,
    Report,
    StandardFile,
)
from tests.platform.evaluations.helpers import NO_VETO, PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db

PROVINCIAL_STANDARD = """\
extends: GB/T 36132-2025
metadata:
  code: JS-GF-2025
  title_zh: 江苏省绿色工厂评价实施细则
  title_en: Jiangsu green factory implementation rules
  kind: factory
  edition: "2025"
  source: Jiangsu implementation rules (test)
  status: unverified
override:
  categories:
    EL: {weight: {value: 40, source: test, status: unverified}}
"""


def test_enterprise_self_evaluation_prefilled_from_accounting(
    enterprise_user: Any, enterprise: Any, filing: dict, cement_answers: dict
) -> None:
    evaluation = services.evaluation_create(
        actor=enterprise_user, enterprise=enterprise, year=2024, filing=filing
    )
    assert evaluation.kind == Evaluation.Kind.SELF
    assert evaluation.standard_code == "GF-CEMENT-2025"  # the industry 3011 set
    assert "energy_per_product:clinker" in evaluation.metrics
    assert evaluation.accounting["energy"]["equivalent_tce"] > 0
    services.evaluation_answer(
        actor=enterprise_user, evaluation=evaluation, answers=cement_answers, vetoes=NO_VETO
    )
    evaluation.refresh_from_db()
    assert evaluation.state == Evaluation.State.SCORED
    assert evaluation.result["indicators"][0]["input_source"] == "accounting"
    assert evaluation.total == pytest.approx(evaluation.result["total"])
    actions = list(
        EvaluationEvent.objects.filter(evaluation=evaluation).values_list("action", flat=True)
    )
    assert actions == ["evaluation.create", "evaluation.score"]


def test_enterprise_may_not_evaluate_another(enterprise_user: Any, make_enterprise: Any) -> None:
    other = make_enterprise(adcode="320500")
    with pytest.raises(PermissionDenied):
        services.evaluation_create(actor=enterprise_user, enterprise=other, year=2024)
    assert not Evaluation.objects.exists()


def test_filing_of_another_enterprise_is_refused(
    enterprise_user: Any, enterprise: Any, filing: dict
) -> None:
    filing["enterprise"]["uscc"] = "91320500MA1XXXXXX0"
    with pytest.raises(EvaluationInputInvalidError) as info:
        services.evaluation_create(
            actor=enterprise_user, enterprise=enterprise, year=2024, filing=filing
        )
    assert info.value.params["field"] == "enterprise.uscc"
    assert not Evaluation.objects.exists()


def test_unknown_answer_code_is_refused_and_nothing_saved(
    enterprise_user: Any, enterprise: Any
) -> None:
    evaluation = services.evaluation_create(actor=enterprise_user, enterprise=enterprise, year=2024)
    with pytest.raises(EvaluationInputInvalidError) as info:
        services.evaluation_answer(
            actor=enterprise_user, evaluation=evaluation, answers={"X99": True}, vetoes=NO_VETO
        )
    assert info.value.params["field"] == "answers.X99"
    evaluation.refresh_from_db()
    assert evaluation.state == Evaluation.State.DRAFT
    assert evaluation.answers == {}


def test_evidence_type_and_size_are_checked(enterprise_user: Any, enterprise: Any) -> None:
    evaluation = services.evaluation_create(actor=enterprise_user, enterprise=enterprise, year=2024)
    ok = services.evidence_add(
        actor=enterprise_user,
        evaluation=evaluation,
        code="B2",
        upload=SimpleUploadedFile("iso9001.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    assert ok.content_type == "application/pdf" and ok.size == len(PDF_BYTES)
    services.evidence_add(
        actor=enterprise_user,
        evaluation=evaluation,
        code="CP1-1",
        upload=SimpleUploadedFile("line.png", PNG_BYTES, content_type="image/png"),
    )
    with pytest.raises(InvalidValueError) as info:
        services.evidence_add(
            actor=enterprise_user,
            evaluation=evaluation,
            code="B2",
            upload=SimpleUploadedFile(
                "macro.docx", b"PK\x03\x04", content_type="application/msword"
            ),
        )
    assert info.value.params["field"] == "file type"
    with pytest.raises(InvalidValueError) as info:
        services.evidence_add(
            actor=enterprise_user,
            evaluation=evaluation,
            code="B2",
            upload=SimpleUploadedFile(
                "fake.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
            ),
        )
    assert info.value.params["field"] == "file content"
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (services.MAX_EVIDENCE_BYTES + 1))
    with pytest.raises(FileTooLargeError):
        services.evidence_add(actor=enterprise_user, evaluation=evaluation, code="B2", upload=big)
    with pytest.raises(EvaluationInputInvalidError) as info:
        services.evidence_add(
            actor=enterprise_user,
            evaluation=evaluation,
            code="Z9",
            upload=SimpleUploadedFile("a.pdf", PDF_BYTES),
        )
    assert info.value.params["field"] == "code"
    assert Evidence.objects.count() == 2


def test_third_party_report_is_signed_built_and_verifiable(
    evaluator: Any,
    enterprise: Any,
    filing: dict,
    cement_answers: dict,
    django_capture_on_commit_callbacks: Any,
    engage: Any,
) -> None:
    engage(enterprise, evaluator)
    evaluation = services.evaluation_create(
        actor=evaluator, enterprise=enterprise, year=2024, filing=filing
    )
    assert evaluation.kind == Evaluation.Kind.THIRD_PARTY
    services.evaluation_answer(
        actor=evaluator, evaluation=evaluation, answers=cement_answers, vetoes=NO_VETO
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_create(
            actor=evaluator, evaluation=evaluation, lang="zh", sign=True
        )
    report.refresh_from_db()  # GREENMFG_TASKS_IMMEDIATE=1: the task ran on commit
    assert report.signed and report.evaluator and report.institution_name
    assert report.state == Report.State.READY, report.error
    assert report.pdf.read(5) == b"%PDF-"
    assert selectors.report_by_hash(content_hash=report.content_hash) == report
    assert selectors.report_by_hash(content_hash=report.content_hash.upper()) == report
    assert selectors.report_by_hash(content_hash="0" * 64) is None
    assert selectors.report_by_hash(content_hash="not a hash") is None


def test_enterprise_cannot_sign(
    enterprise_user: Any, enterprise: Any, cement_answers: dict
) -> None:
    evaluation = services.evaluation_create(actor=enterprise_user, enterprise=enterprise, year=2024)
    services.evaluation_answer(
        actor=enterprise_user, evaluation=evaluation, answers={}, vetoes=NO_VETO
    )
    with pytest.raises(PermissionDenied):
        services.report_create(actor=enterprise_user, evaluation=evaluation, lang="zh", sign=True)
    assert not Report.objects.exists()


def test_region_scoping_of_evaluations(
    enterprise_user: Any,
    enterprise: Any,
    suzhou_official: Any,
    wuxi_official: Any,
    jiangsu_official: Any,
    evaluator: Any,
) -> None:
    evaluation = services.evaluation_create(actor=enterprise_user, enterprise=enterprise, year=2024)
    assert list(selectors.evaluation_list(actor=suzhou_official)) == [evaluation]
    assert list(selectors.evaluation_list(actor=jiangsu_official)) == [evaluation]
    assert list(selectors.evaluation_list(actor=wuxi_official)) == []
    assert list(selectors.evaluation_list(actor=evaluator)) == []  # another institution's work
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.evaluation_get(actor=wuxi_official, pk=evaluation.pk)


def test_provincial_standard_upload_validated_then_selectable(
    jiangsu_official: Any, enterprise_user: Any, enterprise: Any
) -> None:
    bad = PROVINCIAL_STANDARD.replace("value: 40", "value: forty")
    with pytest.raises(DataFileInvalidError) as info:
        services.standard_file_upload(
            actor=jiangsu_official, file_name="js.yaml", content=bad.encode()
        )
    assert info.value.params["field"] == "categories[EL].weight.value"
    assert info.value.params["line"] == 12  # the "EL:" line of the override
    assert not StandardFile.objects.exists()
    row = services.standard_file_upload(
        actor=jiangsu_official, file_name="js.yaml", content=PROVINCIAL_STANDARD.encode()
    )
    assert row.adcode == "320000"
    evaluation = services.evaluation_create(
        actor=enterprise_user, enterprise=enterprise, year=2024, standard_code="JS-GF-2025"
    )
    assert evaluation.standard_code == "JS-GF-2025"
    with pytest.raises(DataFileInvalidError, match="already exists"):
        services.standard_file_upload(
            actor=jiangsu_official, file_name="js2.yaml", content=PROVINCIAL_STANDARD.encode()
        )


def test_standard_upload_needs_an_authority(enterprise_user: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.standard_file_upload(
            actor=enterprise_user, file_name="js.yaml", content=PROVINCIAL_STANDARD.encode()
        )


def test_prefill_from_the_dynamic_management_table(
    make_enterprise: Any, make_listing: Any, make_user: Any
) -> None:
    import datetime as dt

    from greenmfg.core.domain import ListLevel, Role
    from greenmfg.platform.supervision.services import filing_submit
    from tests.platform.supervision.conftest import fields

    ent = make_enterprise(adcode="320500", industry="3011")
    make_listing(ent, level=ListLevel.PROVINCIAL, year=2023, listed_on=dt.date(2023, 12, 1))
    user = make_user(Role.ENTERPRISE, enterprise=ent)
    vetoes = dict.fromkeys(fields()["vetoes"], False)
    vetoes["dishonest_debtor"] = True
    filing_submit(
        actor=user, unit=ent, year=2024, fields=fields(vetoes=vetoes), today=dt.date(2025, 4, 1)
    )
    evaluation = services.evaluation_create(actor=user, enterprise=ent, year=2024)
    assert evaluation.metrics_source.startswith("dynamic_filing:")
    assert evaluation.metrics["energy_per_product:clinker"] == 105.0
    assert evaluation.metrics["renewable_share"] == 3.0
    assert evaluation.vetoes == {
        "V1": False,
        "V2": False,
        "V3": False,
        "V4": False,
        "V5": False,
        "V6": True,
    }
    # no table for another year: nothing prefilled, indicators will show no data
    other = services.evaluation_create(actor=user, enterprise=ent, year=2023)
    # nothing prefilled from filings; GP3 always comes from the product footprints on file
    # (none here: 0 %)
    assert other.metrics == {"product_footprint_share": 0.0} and other.metrics_source == ""


def test_prefill_from_the_stored_annual_filing(
    enterprise_user: Any, enterprise: Any, filing: dict
) -> None:
    from greenmfg.platform.filings.services import filing_save

    filing_save(actor=enterprise_user, enterprise=enterprise, data=filing)
    evaluation = services.evaluation_create(actor=enterprise_user, enterprise=enterprise, year=2024)
    assert evaluation.metrics_source == "filings"
    assert "energy_per_product:clinker" in evaluation.metrics
    assert evaluation.accounting["factors_used"]  # the report can show the factors
    assert evaluation.filing["year"] == 2024


def test_supply_chain_evaluation_of_an_enterprise(enterprise_user: Any, enterprise: Any) -> None:
    evaluation = services.evaluation_create(
        actor=enterprise_user, enterprise=enterprise, year=2024, standard_code="GSCM-2016"
    )
    answers: dict[str, Any] = {"B1": True, "B2": True, "B3": True, "X11": True, "X26": 70.0}
    services.evaluation_answer(
        actor=enterprise_user, evaluation=evaluation, answers=answers, vetoes={"V1": False}
    )
    evaluation.refresh_from_db()
    assert evaluation.total == pytest.approx(8 + 2)  # X11 8 points, X26 half of 4
    assert evaluation.passed is False  # below the (unverified) pass mark of 70


def test_demo_step_scores_stored_filings(
    enterprise: Any, enterprise_user: Any, filing: dict
) -> None:
    import io

    from greenmfg.platform.evaluations.demo import evaluations_demo
    from greenmfg.platform.filings.services import filing_save

    filing_save(actor=enterprise_user, enterprise=enterprise, data=filing)
    out = io.StringIO()
    evaluations_demo(None, out)
    evaluation = Evaluation.objects.get(enterprise=enterprise)
    assert evaluation.state == Evaluation.State.SCORED
    assert evaluation.created_by is None and evaluation.metrics_source == "filings"
    assert "1 scored" in out.getvalue()
    # the enterprise's own account can open and edit it
    assert services.can_edit(enterprise_user, evaluation)


def test_provincial_rules_apply_only_within_their_province(
    jiangsu_official: Any,
    make_enterprise: Any,
    make_user: Any,
    enterprise_user: Any,
    client: Any,
) -> None:
    from greenmfg.core.errors import InvalidValueError

    services.standard_file_upload(
        actor=jiangsu_official, file_name="js.yaml", content=PROVINCIAL_STANDARD.encode()
    )
    hangzhou = make_enterprise(adcode="330100", industry="3011")
    hangzhou_user = make_user("enterprise", enterprise=hangzhou)
    assert selectors.standard_applies("JS-GF-2025", "320500")
    assert not selectors.standard_applies("JS-GF-2025", "330100")
    assert selectors.standard_applies("GB/T 36132-2025", "330100")  # packaged: everywhere
    with pytest.raises(InvalidValueError, match="own province"):
        services.evaluation_create(
            actor=hangzhou_user, enterprise=hangzhou, year=2024, standard_code="JS-GF-2025"
        )
    client.force_login(hangzhou_user)
    assert "JS-GF-2025" not in client.get("/evaluations/new/").content.decode()
    client.force_login(enterprise_user)
    assert "JS-GF-2025" in client.get("/evaluations/new/").content.decode()
