from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from greenmfg.core.workflow.machine import State
from greenmfg.platform.workflow import services as s
from greenmfg.platform.workflow.models import Objection

pytestmark = pytest.mark.django_db


def test_pages_render_for_their_roles(
    client: Client,
    draft: Any,
    applicant: Any,
    suzhou_official: Any,
    national_official: Any,
    experts: list[Any],
) -> None:
    client.force_login(applicant)
    for name in ("workflow:my_applications", "workflow:inbox", "workflow:plans"):
        assert client.get(reverse(name)).status_code == 200
    page = client.get(reverse("workflow:application_detail", args=[draft.pk])).content.decode()
    assert 'data-testid="act-submitted"' in page and "EV-2026-0001" in page
    client.force_login(suzhou_official)
    for name in ("workflow:queue", "workflow:diagnostics"):
        assert client.get(reverse(name)).status_code == 200
    client.force_login(national_official)
    assert client.get(reverse("workflow:objections")).status_code == 200
    client.force_login(experts[0])
    assert client.get(reverse("workflow:expert_home")).status_code == 200
    client.logout()
    for name in ("workflow:publicity", "workflow:annual_list"):
        assert client.get(reverse(name)).status_code == 200


def test_roles_are_kept_out_of_other_pages(
    client: Client, applicant: Any, draft: Any, wuxi_official: Any
) -> None:
    client.force_login(applicant)
    assert client.get(reverse("workflow:queue")).status_code == 403
    client.force_login(wuxi_official)
    assert client.get(reverse("workflow:application_detail", args=[draft.pk])).status_code == 404


def test_submit_through_the_page_and_replay_is_refused(
    client: Client, draft: Any, applicant: Any
) -> None:
    client.force_login(applicant)
    url = reverse("workflow:application_act", args=[draft.pk])
    response = client.post(url, {"to": "submitted", "version": "0"}, follow=True)
    assert "已提交" in response.content.decode()
    replay = client.post(url, {"to": "submitted", "version": "0"}, follow=True)
    assert (
        "表单加载后申报已被修改" in replay.content.decode()
        or "changed since the form was loaded" in replay.content.decode()
    )
    draft.refresh_from_db()
    assert draft.state == "submitted" and draft.version == 1


def test_a_forged_post_without_csrf_token_is_refused(draft: Any, applicant: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    response = client.post(
        reverse("workflow:application_act", args=[draft.pk]), {"to": "submitted", "version": "0"}
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_objection_form_requires_content_and_records_the_address(
    client: Client, draft: Any, advance: Callable[..., Any]
) -> None:
    app = advance(draft, State.PUBLICITY)
    url = reverse("workflow:objection_form", args=[app.pk])
    bad = client.post(url, {"name": "王", "contact": "1380000", "content": " "})
    assert bad.status_code == 422 and not Objection.objects.exists()
    ok = client.post(
        url, {"name": "王", "contact": "1380000", "content": "数据存疑"}, REMOTE_ADDR="10.1.1.1"
    )
    assert ok.status_code == 302
    assert Objection.objects.get().client_ip == "10.1.1.1"
    assert (
        client.get(reverse("workflow:publicity"))
        .content.decode()
        .count('data-testid="publicity-row"')
        == 1
    )


def test_expert_scoring_page_shows_the_sheet_and_submits(
    client: Client,
    draft: Any,
    advance: Callable[..., Any],
    national_official: Any,
    experts: list[Any],
) -> None:
    app = advance(draft, State.EXPERT_REVIEW)
    a = s.expert_assign(actor=national_official, application=app, expert=experts[0])
    client.force_login(experts[0])
    url = reverse("workflow:expert_score", args=[a.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="running-total"' in page and "score_EL" in page
    data = {
        "score_EL": "30",
        "score_RE": "20",
        "score_CP": "10",
        "score_GP": "10",
        "score_LI": "9.5",
        "no_conflict": "1",
    }
    assert client.post(url, data).status_code == 302
    a.refresh_from_db()
    assert str(a.total) == "79.50"


def test_annual_list_exports_excel_and_pdf(
    client: Client, make_enterprise: Callable[..., Any], make_listing: Callable[..., Any]
) -> None:
    make_listing(make_enterprise(name="苏州甲厂"), level="national", year=2025)
    page = client.get(reverse("workflow:annual_list"), {"year": 2025}).content.decode()
    assert "苏州甲厂" in page
    xlsx = client.get(reverse("workflow:annual_list_xlsx"), {"year": 2025})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    pdf = client.get(reverse("workflow:annual_list_pdf"), {"year": 2025})
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"


def test_batch_decisions_report_each_application(
    client: Client,
    make_round: Callable[..., Any],
    make_user: Callable[..., Any],
    make_enterprise: Callable[..., Any],
    suzhou_official: Any,
) -> None:
    from greenmfg.core.domain import Role

    rnd = make_round()
    ids = []
    for _ in range(3):
        user = make_user(Role.ENTERPRISE, enterprise=make_enterprise(adcode="320500"))
        app = s.application_create(
            actor=user,
            round=rnd,
            enterprise=user.enterprise,
            evaluation_reference="R",
            evaluation_hash="f" * 64,
        )
        s.application_submit(actor=user, application=app)
        ids.append(app.pk)
    client.force_login(suzhou_official)
    response = client.post(
        reverse("workflow:queue"),
        {"ids": [str(i) for i in ids], "to": "municipal_review"},
        follow=True,
    )
    assert "3" in response.content.decode()
    from greenmfg.platform.workflow.models import Application

    assert set(Application.objects.filter(pk__in=ids).values_list("state", flat=True)) == {
        "municipal_review"
    }


def test_diagnostics_lists_applications_past_their_deadline(
    client: Client, draft: Any, applicant: Any, suzhou_official: Any, today: dt.date
) -> None:
    from greenmfg.platform.workflow.models import Round

    s.application_submit(actor=applicant, application=draft)
    rnd = draft.round
    rnd.date_overrides = {
        **rnd.date_overrides,
        "city_deadline": (today - dt.timedelta(days=3)).isoformat(),
    }
    Round.objects.filter(pk=rnd.pk).update(date_overrides=rnd.date_overrides)
    client.force_login(suzhou_official)
    page = client.get(reverse("workflow:diagnostics")).content.decode()
    assert page.count('data-testid="stuck-row"') == 1


def test_the_national_authority_opens_a_round_from_the_page(
    client: Client, national_official: Any, suzhou_official: Any
) -> None:
    from greenmfg.platform.workflow.models import Round

    client.force_login(suzhou_official)
    assert (
        client.post(reverse("workflow:rounds"), {"year": "2026", "kind": "factory"}).status_code
        == 403
    )
    client.force_login(national_official)
    response = client.post(
        reverse("workflow:rounds"),
        {"year": "2026", "kind": "park", "name": "2026年度绿色工业园区"},
        follow=True,
    )
    assert Round.objects.filter(year=2026, kind="park").count() == 1
    page = response.content.decode()
    assert "2026年度绿色工业园区" in page and "2026-07-31" in page
    missing = client.post(
        reverse("workflow:rounds"), {"year": "2031", "kind": "factory"}, follow=True
    ).content.decode()
    assert "2031" in missing and Round.objects.count() == 1


def test_an_expert_declares_a_conflict_from_the_page(
    client: Client, experts: list[Any], draft: Any
) -> None:
    client.force_login(experts[0])
    client.post(
        reverse("workflow:conflict_declare"),
        {"uscc": draft.enterprise.uscc, "relation": "曾任顾问"},
    )
    assert draft.enterprise.uscc in client.get(reverse("workflow:expert_home")).content.decode()


def test_the_unit_page_shows_the_applications_to_those_who_may_see_them(
    client: Client, draft: Any, applicant: Any, wuxi_official: Any, make_listing: Callable[..., Any]
) -> None:
    make_listing(draft.enterprise, level="provincial", year=2024)
    url = reverse("registry:unit_detail", args=[draft.enterprise.uscc])
    client.force_login(applicant)
    assert 'data-testid="unit-applications"' in client.get(url).content.decode()
    client.logout()
    assert 'data-testid="unit-applications"' not in client.get(url).content.decode()


def test_batch_assignment_from_the_queue_skips_conflicts(
    client: Client,
    draft: Any,
    advance: Callable[..., Any],
    national_official: Any,
    experts: list[Any],
    make_user: Callable[..., Any],
) -> None:
    from greenmfg.core.domain import Role
    from greenmfg.platform.workflow.models import ExpertAssignment

    app = advance(draft, State.FORMAL_CHECK)
    local = make_user(Role.EXPERT, "320500", username="local")
    client.force_login(national_official)
    assert "batch-assign" in client.get(reverse("workflow:queue")).content.decode()
    response = client.post(
        reverse("workflow:batch_assign"),
        {"ids": [str(app.pk)], "experts": [str(e.pk) for e in [*experts, local]]},
        follow=True,
    )
    assert ExpertAssignment.objects.filter(application=app).count() == 3
    assert "same region" in response.content.decode()


def test_a_panel_is_built_and_assigned_in_one_go(
    client: Client,
    draft: Any,
    advance: Callable[..., Any],
    national_official: Any,
    experts: list[Any],
) -> None:
    from greenmfg.platform.workflow.models import ExpertAssignment, ExpertPanel

    app = advance(draft, State.FORMAL_CHECK)
    client.force_login(national_official)
    client.post(
        reverse("workflow:rounds"),
        {
            "panel_round": str(app.round_id),
            "panel_name": "第一评审组",
            "members": [str(e.pk) for e in experts],
        },
    )
    panel = ExpertPanel.objects.get()
    assert (
        panel.members.count() == 3
        and "第一评审组" in client.get(reverse("workflow:rounds")).content.decode()
    )
    client.post(reverse("workflow:batch_assign"), {"ids": [str(app.pk)], "panel": str(panel.pk)})
    assert ExpertAssignment.objects.filter(application=app, panel=panel).count() == 3


def test_a_park_publishes_a_plan_and_sees_its_members_progress(
    client: Client,
    make_park: Callable[..., Any],
    make_enterprise: Callable[..., Any],
    make_user: Callable[..., Any],
    make_listing: Callable[..., Any],
    jiangsu_official: Any,
    wuxi_official: Any,
) -> None:
    import datetime as dt

    from greenmfg.core.domain import Role
    from greenmfg.platform.registry.services import park_member_add
    from greenmfg.platform.workflow.models import CultivationPlan

    park = make_park(adcode="320500", name="苏州工业园区")
    members = [make_enterprise(adcode="320500", name=f"园区企业{i}") for i in range(3)]
    for m in members:
        park_member_add(actor=None, park=park, enterprise=m, joined_on=dt.date(2020, 1, 1))
    outsider = make_enterprise(adcode="320500", name="园区外企业")
    make_listing(members[0], level="provincial", year=2025)
    make_listing(members[1], level="national", year=2026)
    user = make_user(Role.ENTERPRISE, park=park)
    client.force_login(user)
    data = {
        "title": "绿色工厂梯度培育计划",
        "start_year": "2025",
        "end_year": "2027",
        "targets": [str(m.pk) for m in members],
        **{f"level_{m.pk}": "provincial" for m in members},
        **{f"year_{m.pk}": "2026" for m in members},
    }
    assert client.post(reverse("workflow:plans"), data).status_code == 302
    plan = CultivationPlan.objects.get()
    assert plan.published_on is not None and plan.targets.count() == 3
    page = client.get(reverse("workflow:plans")).content.decode()
    assert page.count("✔") == 2  # the provincial and the national member meet their target
    bad = {**data, "targets": [str(outsider.pk)]}
    client.post(reverse("workflow:plans"), bad)
    assert CultivationPlan.objects.get().targets.count() == 3  # the outsider is not offered
    client.force_login(jiangsu_official)
    assert "绿色工厂梯度培育计划" in client.get(reverse("workflow:plans")).content.decode()
    client.force_login(wuxi_official)
    assert "绿色工厂梯度培育计划" not in client.get(reverse("workflow:plans")).content.decode()


def test_issue_13_applying_in_the_only_open_round_creates_the_draft(
    client: Client, applicant: Any, make_round: Callable[..., Any]
) -> None:
    """The only open round is chosen: the draft is created (no "请选择批次")."""
    rnd = make_round()
    client.force_login(applicant)
    page = client.get(reverse("workflow:my_applications")).content.decode()
    assert f'<option value="{rnd.pk}"' in page and "— 选择批次 —" not in page
    response = client.post(
        reverse("workflow:my_applications"),
        {
            "round": str(rnd.pk),
            "evaluation_kind": "self",
            "evaluation_reference": "EV-2026-0002",
            "evaluation_hash": "c" * 64,
            "evaluation_score": "82.5",
            "summary": "本企业申报国家级绿色工厂。",
        },
    )
    assert response.status_code == 302
    app = applicant.enterprise.applications.get()
    assert app.round == rnd and app.evaluation_reference == "EV-2026-0002"


def test_issue_13_a_refused_application_says_why_and_keeps_the_form(
    client: Client, applicant: Any, draft: Any
) -> None:
    """The service's refusal is shown (here: a draft already exists in the round), never
    "请选择批次", and what the enterprise typed stays in the form."""
    client.force_login(applicant)
    page = client.get(reverse("workflow:my_applications")).content.decode()
    assert 'data-testid="already-applied"' in page
    data = {
        "round": str(draft.round_id),
        "evaluation_kind": "third_party",
        "evaluation_reference": "EV-KEEP-ME",
        "evaluation_score": "88",
        "summary": "请保留这段概述。",
    }
    response = client.post(reverse("workflow:my_applications"), data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "请选择批次" not in html
    assert f"#{draft.pk}" in html and draft.round.name in html
    assert 'value="EV-KEEP-ME"' in html and "请保留这段概述。" in html
    assert '<option value="third_party" selected>' in html


def test_issue_13_a_service_refusal_is_reported_as_such(
    client: Client, applicant: Any, make_round: Callable[..., Any]
) -> None:
    """A third-party evaluation without its institution is refused by the service; the
    page names the missing institution instead of asking for a round."""
    rnd = make_round()
    client.force_login(applicant)
    response = client.post(
        reverse("workflow:my_applications"),
        {"round": str(rnd.pk), "evaluation_kind": "third_party", "summary": "概述"},
    )
    html = response.content.decode()
    assert response.status_code == 422 and "请选择批次" not in html
    assert "institution" in html or "机构" in html
    assert not applicant.enterprise.applications.exists()


def test_issue_13_the_province_recommends_in_batch_from_provincial_review(
    client: Client,
    applicant: Any,
    draft: Any,
    advance: Callable[..., Any],
    jiangsu_official: Any,
) -> None:
    """ "推荐至国家" is offered on the province's queue for an application in provincial
    review and works there: the unit is put on the provincial list first (a national
    candidate must come from the provincial list, Measures Art. 11–12), each step with
    its own audit record."""
    from greenmfg.platform.workflow.models import Application

    app = advance(draft, State.PROVINCIAL_REVIEW)
    client.force_login(jiangsu_official)
    queue = client.get(reverse("workflow:queue")).content.decode()
    assert 'value="recommended"' in queue and "推荐至国家" in queue
    response = client.post(
        reverse("workflow:queue"), {"ids": [str(app.pk)], "to": "recommended"}, follow=True
    )
    html = response.content.decode()
    assert "1 of 1" in html or "1项" in html
    app = Application.objects.get(pk=app.pk)
    assert app.state == State.RECOMMENDED.value
    events = list(app.audit_records.order_by("sequence").values_list("to_state", flat=True))
    assert events[-2:] == [State.PROVINCIAL_LISTED.value, State.RECOMMENDED.value]
    assert app.enterprise.listings.filter(level="provincial").exists()


def test_issue_13_a_failed_batch_is_red_and_names_states_in_chinese(
    client: Client, draft: Any, advance: Callable[..., Any], jiangsu_official: Any
) -> None:
    """A batch in which nothing moves shows no green "已处理0项" banner, and the refusal
    names the states in Chinese, never as codes like provincial_review."""
    app = advance(draft, State.PROVINCIAL_REVIEW)
    client.force_login(jiangsu_official)
    response = client.post(
        reverse("workflow:queue"), {"ids": [str(app.pk)], "to": "formal_check"}, follow=True
    )
    html = response.content.decode()
    assert "alert-success" not in html
    assert "均未办理成功" in html
    assert "省级审核" in html or "省级评审" in html
    alerts = " ".join(re.findall(r'<div class="alert[^"]*"[^>]*>(.*?)</div>', html, re.S))
    assert "申报 #" in alerts
    for code in ("provincial_review", "formal_check", "provincial_listed", "recommended"):
        assert code not in alerts, code


def test_a_batch_decision_cites_the_checklist_items_it_rests_on(
    client: Client, draft: Any, advance: Callable[..., Any], jiangsu_official: Any
) -> None:
    """The province recommends in batch citing FC items, as a single decision does: the
    audit record's reason names them; an item not recorded on an application's checklist
    at this level refuses that application, with the reason."""
    from greenmfg.core.workflow.checklist import ItemResult
    from greenmfg.core.workflow.machine import State
    from greenmfg.platform.workflow import review_services as rs
    from greenmfg.platform.workflow.models import Application

    app = advance(draft, State.PROVINCIAL_REVIEW)
    client.force_login(jiangsu_official)
    queue = client.get(reverse("workflow:queue")).content.decode()
    assert 'data-testid="batch-cite-FC1"' in queue
    refused = client.post(
        reverse("workflow:queue"),
        {"ids": [str(app.pk)], "to": "recommended", "cite": ["FC1"]},
        follow=True,
    ).content.decode()
    assert "均未办理成功" in refused and "FC1" in refused  # nothing recorded yet
    assert Application.objects.get(pk=app.pk).state == State.PROVINCIAL_REVIEW.value
    rs.checklist_record(
        actor=jiangsu_official, application=app, results={"FC1": ItemResult(passed=True)}
    )
    client.post(
        reverse("workflow:queue"),
        {"ids": [str(app.pk)], "to": "recommended", "cite": ["FC1"], "reason": "材料齐全"},
    )
    app = Application.objects.get(pk=app.pk)
    assert app.state == State.RECOMMENDED.value
    reasons = list(app.audit_records.order_by("sequence").values_list("reason", flat=True))
    assert reasons[-1] == "[FC1] 材料齐全"
