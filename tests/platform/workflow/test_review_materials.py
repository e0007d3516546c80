"""Review with materials (issue 13): the city, province and ministry see the evaluation
report, three years of filings, the dynamic-management history and a formal-check
checklist per the Interim Measures; decisions cite checklist items; a reviewer asks for
material and the applicant answers in the same place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from greenmfg.core.errors import MissingValueError
from greenmfg.core.workflow.checklist import ItemResult, items_for
from greenmfg.core.workflow.machine import State
from greenmfg.platform.workflow import review_services as rs
from greenmfg.platform.workflow import services as s
from greenmfg.platform.workflow.models import ChecklistEntry, MaterialRequest

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def submitted(draft: Any, applicant: Any) -> Any:
    return s.application_submit(actor=applicant, application=draft)


def test_the_checklist_follows_the_interim_measures_per_level() -> None:
    city = [i.code for i in items_for("factory", "municipal")]
    province = [i.code for i in items_for("factory", "provincial")]
    # a national candidate must be on the provincial list (Art. 11–12): checked from the
    # provincial level on, not by the city
    assert "FC9" not in city and "FC9" in province
    assert {"FC2", "FC4", "FC5"} <= set(city)  # report (Art. 10), vetoes (Art. 15), bar
    park = [i.code for i in items_for("park", "municipal")]
    assert "FC10" in park and "FC7" not in park


def test_the_city_reviews_with_materials_and_the_checklist(
    submitted: Any, suzhou_official: Any, wuxi_official: Any
) -> None:
    client = _client(suzhou_official)
    html = client.get(reverse("workflow:application_detail", args=[submitted.pk])).content.decode()
    for marker in ("review-materials", "key-figures", "materials-dynamic", "checklist-form"):
        assert f'data-testid="{marker}"' in html, marker
    # the system's finding beside FC5 (never removed) and FC2 (no platform report)
    assert "从未被移出名单" in html or "Never removed" in html

    # a failed item needs its reason; nothing is written then
    with pytest.raises(MissingValueError):
        rs.checklist_record(
            actor=suzhou_official,
            application=submitted,
            results={"FC2": ItemResult(True), "FC4": ItemResult(False, "")},
        )
    assert not ChecklistEntry.objects.exists()
    response = client.post(
        reverse("workflow:checklist_record", args=[submitted.pk]),
        {
            "item_FC1": "pass",
            "item_FC2": "pass",
            "item_FC4": "fail",
            "reason_FC4": "信用中国显示2025年环保行政处罚",
        },
        follow=True,
    )
    assert response.status_code == 200
    entries = {e.item: e for e in ChecklistEntry.objects.filter(application=submitted)}
    assert set(entries) == {"FC1", "FC2", "FC4"}
    assert entries["FC4"].passed is False and "环保" in entries["FC4"].reason
    assert entries["FC4"].level == "municipal"
    # another city's official can neither see nor record it
    assert (
        _client(wuxi_official)
        .post(reverse("workflow:checklist_record", args=[submitted.pk]), {"item_FC1": "pass"})
        .status_code
        == 404
    )

    # the decision cites the items it rests on: they are named in the audit chain
    s.application_transition(
        actor=suzhou_official, application=submitted, to=State.MUNICIPAL_REVIEW
    )
    client.post(
        reverse("workflow:application_act", args=[submitted.pk]),
        {
            "to": "rejected",
            "version": str(submitted.__class__.objects.get(pk=submitted.pk).version),
            "reason": "存在一票否决情形",
            "cite": ["FC4"],
        },
    )
    submitted.refresh_from_db()
    assert submitted.state == State.REJECTED.value
    last = submitted.audit_records.order_by("-sequence").first()
    assert last.reason.startswith("[FC4]")


def test_a_decision_cannot_cite_an_unchecked_item(submitted: Any, suzhou_official: Any) -> None:
    from greenmfg.core.errors import InvalidValueError

    with pytest.raises(InvalidValueError):
        s.application_transition(
            actor=suzhou_official,
            application=submitted,
            to=State.MUNICIPAL_REVIEW,
            cited_items=["FC7"],
        )
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED.value


def test_a_request_for_material_is_answered_in_the_same_place(
    submitted: Any,
    applicant: Any,
    suzhou_official: Any,
    wuxi_official: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    city = _client(suzhou_official)
    due = dt.date.today() + dt.timedelta(days=10)
    city.post(
        reverse("workflow:material_request", args=[submitted.pk]),
        {"message": "请补充近三年能源审计报告", "item": "FC6", "due_on": due.isoformat()},
    )
    req = MaterialRequest.objects.get()
    assert req.status == "open" and req.item == "FC6" and req.due_on == due

    owner = _client(applicant)
    home = owner.get(reverse("accounts:home")).content.decode()
    assert f"#{submitted.pk}" in home and due.isoformat() in home  # the to-do, with its date
    page = owner.get(reverse("workflow:application_detail", args=[submitted.pk])).content.decode()
    assert "请补充近三年能源审计报告" in page and 'data-testid="answer-form"' in page
    owner.post(
        reverse("workflow:material_answer", args=[req.pk]),
        {"answer": "已上传2023–2025年能源审计报告", "file": SimpleUploadedFile("audit.pdf", PDF)},
    )
    req.refresh_from_db()
    assert req.status == "answered" and req.answer_file_name == "audit.pdf"
    page = city.get(reverse("workflow:application_detail", args=[submitted.pk])).content.decode()
    assert "已上传2023–2025年能源审计报告" in page
    download = city.get(reverse("workflow:material_file", args=[req.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert (
        _client(wuxi_official).get(reverse("workflow:material_file", args=[req.pk])).status_code
        == 404
    )
    events = list(submitted.audit_records.values_list("event", flat=True))
    assert "material_requested" in events and "material_answered" in events
    # a second answer is refused
    response = owner.post(
        reverse("workflow:material_answer", args=[req.pk]), {"answer": "again"}, follow=True
    )
    assert MaterialRequest.objects.get().answer.startswith("已上传")
    assert response.status_code == 200


def test_a_file_that_is_not_what_its_name_says_is_refused(
    submitted: Any, applicant: Any, suzhou_official: Any
) -> None:
    from greenmfg.core.errors import InvalidValueError

    req = rs.material_request_create(
        actor=suzhou_official, application=submitted, message="请补充营业执照"
    )
    with pytest.raises(InvalidValueError):
        rs.material_request_answer(
            actor=applicant,
            request=req,
            answer="见附件",
            upload=SimpleUploadedFile("licence.pdf", b"MZ\x90\x00 not a pdf"),
        )
    req.refresh_from_db()
    assert req.status == "open"


def test_the_province_and_the_ministry_check_their_own_level(
    draft: Any, advance: Callable[..., Any], jiangsu_official: Any, national_official: Any
) -> None:
    app = advance(draft, State.PROVINCIAL_REVIEW)
    html = (
        _client(jiangsu_official)
        .get(reverse("workflow:application_detail", args=[app.pk]))
        .content.decode()
    )
    assert 'data-testid="checklist-FC9"' in html and 'data-testid="checklist-form"' in html
    rs.checklist_record(
        actor=jiangsu_official,
        application=app,
        results={"FC9": ItemResult(False, "未列入省级名单")},
    )
    app = s.application_transition(actor=jiangsu_official, application=app, to=State.RECOMMENDED)
    html = (
        _client(national_official)
        .get(reverse("workflow:application_detail", args=[app.pk]))
        .content.decode()
    )
    # the ministry sees the province's recorded items and checks its own level
    assert "未列入省级名单" in html and 'data-testid="checklist-form"' in html
