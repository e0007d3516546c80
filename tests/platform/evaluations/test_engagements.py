"""Third-party evaluators work for their clients (issue 13): the enterprise grants an
institution access for an engagement and revokes it; the evaluator prepares the
evaluation from the client's filings, attaches evidence and signs; the enterprise
attaches the signed report to its application; the institution sees its projects against
the cap and files its annual work report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from greenmfg.core.domain import Role
from greenmfg.platform.evaluations import services
from greenmfg.platform.evaluations.models import Engagement, Evaluation
from tests.platform.evaluations.helpers import NO_VETO, PDF_BYTES
from tests.platform.filings.conftest import filing_data
from tests.platform.workflow.conftest import make_round, today  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_evaluator_works_for_a_client_only_while_engaged(
    enterprise: Any,
    enterprise_user: Any,
    evaluator: Any,
    make_enterprise: Callable[..., Any],
    cement_answers: dict,
    make_round: Callable[..., Any],  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    from greenmfg.platform.filings.services import filing_save

    filing = filing_save(
        actor=enterprise_user, enterprise=enterprise, data=filing_data(enterprise.uscc, 2024)
    )
    stranger = make_enterprise(adcode="320500", name="未委托的企业")
    evaluator_page = _client(evaluator)

    # before any grant: no client, no filing, no evaluation on its behalf
    assert evaluator_page.get(reverse("filings:detail", args=[filing.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.evaluation_create(actor=evaluator, enterprise=enterprise, year=2024)

    # the enterprise grants access from its page
    owner = _client(enterprise_user)
    owner.post(
        reverse("evaluations:engagements"),
        {
            "institution": str(evaluator.institution_id),
            "purpose": "2026年度国家级绿色工厂第三方评价",
        },
    )
    engagement = Engagement.objects.get()
    assert engagement.active and engagement.granted_by == enterprise_user
    page = evaluator_page.get(reverse("evaluations:engagements")).content.decode()
    assert enterprise.name in page and stranger.name not in page
    assert reverse("filings:detail", args=[filing.pk]) in page
    assert evaluator_page.get(reverse("filings:detail", args=[filing.pk])).status_code == 200

    # the evaluation on the client's behalf reads the client's filing (no upload)
    response = evaluator_page.post(
        reverse("evaluations:create"), {"uscc": enterprise.uscc, "year": "2024", "standard": ""}
    )
    evaluation = Evaluation.objects.get()
    assert response.status_code == 302
    assert evaluation.kind == Evaluation.Kind.THIRD_PARTY
    assert evaluation.institution_id == evaluator.institution_id
    assert evaluation.metrics_source == "filings"
    with pytest.raises(PermissionDenied):
        services.evaluation_create(actor=evaluator, enterprise=stranger, year=2024)
    services.evaluation_answer(
        actor=evaluator, evaluation=evaluation, answers=cement_answers, vetoes=NO_VETO
    )
    code = next(iter(cement_answers))
    services.evidence_add(
        actor=evaluator,
        evaluation=evaluation,
        code=code,
        upload=SimpleUploadedFile("site-visit.pdf", PDF_BYTES),
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_create(
            actor=evaluator, evaluation=evaluation, lang="zh", sign=True
        )
    assert report.signed and report.institution_name == evaluator.institution.name

    # the enterprise attaches the signed report to its application
    rnd = make_round()
    page = owner.get(reverse("workflow:my_applications")).content.decode()
    assert f'<option value="{report.pk}"' in page
    owner.post(
        reverse("workflow:my_applications"),
        {"round": str(rnd.pk), "evaluation_report": str(report.pk), "summary": "申报"},
    )
    app = enterprise.applications.get()
    assert app.evaluation_report == report and app.evaluation_kind == "third_party"
    assert app.institution_id == evaluator.institution_id and app.evaluation_signed

    # revoked: the filings and further edits are closed; the signed report stays
    owner.post(reverse("evaluations:engagement_revoke", args=[engagement.pk]))
    engagement.refresh_from_db()
    assert not engagement.active
    assert evaluator_page.get(reverse("filings:detail", args=[filing.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.evaluation_answer(
            actor=evaluator, evaluation=evaluation, answers=cement_answers, vetoes=NO_VETO
        )
    assert enterprise.applications.get().evaluation_report == report


def test_only_the_enterprise_itself_grants_and_revokes(
    enterprise: Any, evaluator: Any, engage: Any
) -> None:
    engagement = engage(enterprise, evaluator)
    # the evaluator cannot revoke it, nor grant itself another
    assert (
        _client(evaluator)
        .post(reverse("evaluations:engagement_revoke", args=[engagement.pk]))
        .status_code
        == 403
    )
    assert (
        _client(evaluator)
        .post(reverse("evaluations:engagements"), {"institution": "1", "purpose": "x"})
        .status_code
        == 403
    )


def test_the_institution_sees_the_cap_and_files_its_annual_report(
    evaluator: Any, suzhou_official: Any
) -> None:
    page = _client(evaluator).get(reverse("evaluations:engagements")).content.decode()
    assert 'data-testid="cap"' in page and "15" in page
    response = _client(evaluator).post(
        reverse("workflow:institution_report"),
        {
            "year": "2025",
            "staff_total": "20",
            "senior_titles": "6",
            "intermediate_titles": "8",
            "summary": "全年完成绿色工厂评价12家。",
        },
    )
    assert response.status_code == 302
    report = evaluator.institution.annual_reports.get()
    assert report.national_projects == 0 and report.senior_titles == 6
    # titled staff beyond the full-time staff are refused, with the figures named
    response = _client(evaluator).post(
        reverse("workflow:institution_report"),
        {
            "year": "2024",
            "staff_total": "5",
            "senior_titles": "6",
            "intermediate_titles": "1",
            "summary": "x",
        },
    )
    assert "6 + 1 &gt; 5" in response.content.decode()


def test_menu_entries_for_evaluator_and_enterprise() -> None:
    from greenmfg.platform.common.navigation import nav_items_for

    evaluator = {i.url_name for i in nav_items_for(Role.EVALUATOR.value)}
    enterprise = {i.url_name for i in nav_items_for(Role.ENTERPRISE.value)}
    assert {"evaluations:engagements", "workflow:institution_report"} <= evaluator
    assert "evaluations:engagements" in enterprise


def test_the_demo_engages_the_demo_evaluator(
    enterprise: Any, make_user: Callable[..., Any], django_capture_on_commit_callbacks: Any
) -> None:
    import io

    from greenmfg.platform.evaluations.demo import engagement_demo
    from greenmfg.platform.filings.services import filing_save

    owner = make_user(Role.ENTERPRISE, enterprise=enterprise, username="enterprise")
    evaluator = make_user(Role.EVALUATOR, username="evaluator")
    filing_save(actor=owner, enterprise=enterprise, data=filing_data(enterprise.uscc, 2024))
    out = io.StringIO()
    engagement_demo(None, out)
    engagement = Engagement.objects.get()
    assert engagement.active and engagement.institution == evaluator.institution
    evaluation = Evaluation.objects.get()
    assert evaluation.kind == Evaluation.Kind.THIRD_PARTY and evaluation.year == 2024
    assert evaluation.reports.get().signed
    page = _client(evaluator).get(reverse("evaluations:engagements")).content.decode()
    assert enterprise.name in page


def test_the_enterprise_attaches_the_signed_report_to_its_draft(
    enterprise: Any,
    enterprise_user: Any,
    evaluator: Any,
    engage: Any,
    filing: dict,
    cement_answers: dict,
    make_round: Callable[..., Any],  # noqa: F811
) -> None:
    from greenmfg.platform.workflow.services import application_create

    engage(enterprise, evaluator)
    evaluation = services.evaluation_create(
        actor=evaluator, enterprise=enterprise, year=2024, filing=filing
    )
    services.evaluation_answer(
        actor=evaluator, evaluation=evaluation, answers=cement_answers, vetoes=NO_VETO
    )
    report = services.report_create(actor=evaluator, evaluation=evaluation, lang="zh", sign=True)
    draft = application_create(
        actor=enterprise_user,
        round=make_round(),
        enterprise=enterprise,
        evaluation_reference="SELF-1",
        evaluation_hash="e" * 64,
    )
    owner = _client(enterprise_user)
    page = owner.get(reverse("workflow:application_detail", args=[draft.pk])).content.decode()
    assert 'data-testid="attach-report"' in page
    owner.post(
        reverse("workflow:attach_report", args=[draft.pk]), {"evaluation_report": str(report.pk)}
    )
    draft.refresh_from_db()
    assert draft.evaluation_report == report and draft.evaluation_hash == report.content_hash
    assert draft.evaluation_kind == "third_party" and draft.evaluation_signed
    assert draft.institution_id == evaluator.institution_id
    assert draft.audit_records.filter(event="report_attached").exists()
