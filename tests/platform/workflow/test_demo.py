"""The demo step reaches every state through the services, with intact audit chains."""

from __future__ import annotations

import io

import pytest

from greenmfg.platform.registry.demo_data import load_demo_data
from greenmfg.platform.workflow import services as s
from greenmfg.platform.workflow.demo import DEMO_STEPS
from greenmfg.platform.workflow.models import Application, Objection

pytestmark = pytest.mark.django_db


def _with_filings(dataset: object) -> None:
    """The annual filings the applicants' self-evaluations (and their reports) read."""
    from greenmfg.platform.filings.demo import DEMO_STEPS as FILING_STEPS

    FILING_STEPS[0].run(dataset, io.StringIO())


def test_demo_applications_cover_the_states_and_verify() -> None:
    dataset = load_demo_data(seed=7, scale=0.01, stdout=io.StringIO())
    out = io.StringIO()
    _with_filings(dataset)
    DEMO_STEPS[0].run(dataset, out)
    states = set(Application.objects.values_list("state", flat=True))
    assert {
        "draft",
        "submitted",
        "municipal_review",
        "provincial_listed",
        "expert_review",
        "publicity",
        "rejected",
    } <= states, out.getvalue()
    assert Objection.objects.count() == 1
    assert s.audit_verify().broken is None
    assert Application.objects.filter(created_by__username="enterprise", state="draft").count() == 1
    # every application carries a real report of the platform (issue 13: no dummy hash)
    assert not Application.objects.filter(evaluation_report__isnull=True).exists()
    for app in Application.objects.select_related("evaluation_report"):
        assert app.evaluation_report is not None
        assert app.evaluation_hash == app.evaluation_report.content_hash


def test_demo_never_picks_a_candidate_under_the_three_year_removal_bar() -> None:
    """Regression: at national scale Suzhou holds units removed from a list within the
    last three years (guard NOT_RECENTLY_REMOVED, §1.4 item 3); picking one made the step
    crash with GuardFailedError.  Here every Suzhou unit but the last few is barred."""
    import datetime as dt

    from django.utils import timezone

    from greenmfg.platform.registry.models import Enterprise, Listing
    from greenmfg.platform.workflow.demo import CITY, TARGETS

    dataset = load_demo_data(seed=7, scale=0.01, stdout=io.StringIO())
    suzhou = list(Enterprise.objects.filter(adcode=CITY).order_by("uscc"))
    assert len(suzhou) > len(TARGETS) + 2
    barred = suzhou[: -(len(TARGETS) + 2)]
    recent = timezone.localdate() - dt.timedelta(days=200)
    for enterprise in barred:
        listing = Listing.objects.filter(enterprise=enterprise).order_by("pk").first()
        if listing is None:
            listing = Listing.objects.create(
                kind="factory",
                level="municipal",
                year=recent.year - 1,
                enterprise=enterprise,
                adcode=enterprise.adcode,
                authority_adcode=enterprise.adcode,
                listed_on=recent - dt.timedelta(days=400),
            )
        Listing.objects.filter(pk=listing.pk).update(
            removed_on=recent, removal_reason="演示：三年内被撤销 (removed within three years)"
        )
    _with_filings(dataset)
    DEMO_STEPS[0].run(dataset, io.StringIO())
    applied = set(Application.objects.values_list("enterprise_id", flat=True))
    demo_own = Application.objects.filter(created_by__username="enterprise").values_list(
        "enterprise_id", flat=True
    )
    assert not (applied - set(demo_own)) & {e.pk for e in barred}, list(
        Application.objects.values_list("enterprise_id", "state", "created_by__username")
    )


def test_demo_builds_no_pdf_and_the_queued_report_is_real() -> None:
    """The build only fixes each report's content and hash; the PDF is rendered by the
    background queue (or on retry), and then it is the real report of that content."""
    from django.contrib.auth.hashers import is_password_usable

    from greenmfg.platform.evaluations.models import Report
    from greenmfg.platform.evaluations.services import report_build

    dataset = load_demo_data(seed=7, scale=0.01, stdout=io.StringIO())
    _with_filings(dataset)
    DEMO_STEPS[0].run(dataset, io.StringIO())
    reports = Report.objects.filter(applications__isnull=False).distinct()
    assert reports.exists()
    assert not reports.exclude(state=Report.State.PENDING).exists()  # nothing rendered yet
    app = Application.objects.exclude(created_by__username="enterprise").first()
    assert app is not None and app.evaluation_report is not None
    assert not is_password_usable(app.created_by.password)  # applicants never sign in
    built = report_build(report_id=app.evaluation_report.pk)
    assert built.state == Report.State.READY, built.error
    with built.pdf.open("rb") as fh:
        pdf = fh.read()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    assert built.content_hash == app.evaluation_hash
