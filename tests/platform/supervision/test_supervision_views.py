from __future__ import annotations

import datetime as dt
import subprocess
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from greenmfg.core.domain import ListLevel, VetoItem
from greenmfg.core.supervision.removal import RemovalRule
from greenmfg.platform.supervision import services
from greenmfg.platform.supervision.models import DynamicFiling, SpotCheck

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1


def form_post(values: dict[str, Any], **extra: str) -> dict[str, str]:
    data = {f"f_{k}": str(v) for k, v in values.items() if not isinstance(v, dict)}
    for product, v in values.get("energy_per_product", {}).items():
        data[f"epp_{product}"] = str(v)
    for item in VetoItem:
        data[f"veto_{item.value}"] = "no"
    data.update(extra)
    return data


def login(client: Client, user: Any) -> Client:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_filing_form_submit_and_audit_pages(
    client: Client, listed: Any, table_fields: Any, suzhou_official: Any
) -> None:
    _ent, _, user = listed(year=YEAR - 1)
    login(client, user)
    r = client.get(reverse("supervision:filing_form", args=[YEAR]))
    assert r.status_code == 200
    assert "动态管理表" in r.content.decode()
    values = table_fields(energy_per_product={"clinker": 300.0})
    values.pop("vetoes")
    today = timezone.localdate()
    extra = {"action": "submit"}
    if today > dt.date(YEAR + 1, 4, 15):
        extra["late_reason"] = "数据汇总延迟"
    r = client.post(reverse("supervision:filing_form", args=[YEAR]), form_post(values, **extra))
    filing = DynamicFiling.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse(
        "supervision:filing_detail", args=[filing.pk]
    )
    assert filing.flags.count() == 1
    page = client.get(r["Location"]).content.decode()
    assert "单位产品综合能耗" in page or "energy_per_product:clinker" in page
    assert "合理范围" in page  # the flag's reason, translated
    assert "单位产品综合能耗（水泥熟料） 为 300" in page  # with the field and product Chinese names
    assert "待处理" in page

    login(client, suzhou_official)
    assert client.get(reverse("supervision:audit_queue") + f"?year={YEAR}").status_code == 200
    flag = filing.flags.get()
    client.post(
        reverse("supervision:flag_decide", args=[filing.pk, flag.pk]),
        {"decision": "clear", "note": "新窑线投产"},
    )
    client.post(reverse("supervision:filing_audit", args=[filing.pk]), {"decision": "approve"})
    filing.refresh_from_db()
    assert filing.status == DynamicFiling.Status.AUDITED


def test_contradictory_post_shows_error_and_writes_nothing(
    client: Client, listed: Any, table_fields: Any
) -> None:
    _ent, _, user = listed(year=YEAR - 1)
    login(client, user)
    values = table_fields(co2_scope2_t=400000.0)
    values.pop("vetoes")
    r = client.post(
        reverse("supervision:filing_form", args=[YEAR]),
        form_post(values, action="submit", late_reason="迟报"),
    )
    assert r.status_code == 422
    assert "co2_total_t" in r.content.decode()
    assert DynamicFiling.objects.count() == 0
    r = client.post(
        reverse("supervision:filing_form", args=[YEAR]),
        form_post({"energy_total_tce": "abc"}, action="draft"),
    )
    assert r.status_code == 422 and "abc" in r.content.decode()


def test_spot_check_without_seed(client: Client, listed: Any, jiangsu_official: Any) -> None:
    listed(year=YEAR - 1)
    login(client, jiangsu_official)
    r = client.post(reverse("supervision:spot_checks"), {"year": YEAR, "rate": "0.5"})
    assert r.status_code == 422
    assert "随机种子" in r.content.decode()
    assert SpotCheck.objects.count() == 0
    r = client.post(reverse("supervision:spot_checks"), {"year": YEAR, "rate": "0.5", "seed": "7"})
    check = SpotCheck.objects.get()
    assert r["Location"] == reverse("supervision:spot_check_detail", args=[check.pk])
    page = client.get(r["Location"]).content.decode()
    assert 'data-testid="reproduced"' in page


def test_other_city_cannot_see_filing(
    client: Client, listed: Any, table_fields: Any, wuxi_official: Any
) -> None:
    ent, _, user = listed(year=YEAR - 1)
    f = services.filing_save_draft(actor=user, unit=ent, year=YEAR, fields=table_fields())
    login(client, wuxi_official)
    assert client.get(reverse("supervision:filing_detail", args=[f.pk])).status_code == 404


def test_public_disclosure_and_report(
    client: Client, listed: Any, table_fields: Any, suzhou_official: Any, national_official: Any
) -> None:
    ent, listing, user = listed(year=YEAR - 1)
    services.filing_submit(
        actor=user, unit=ent, year=YEAR, fields=table_fields(), today=dt.date(YEAR + 1, 4, 1)
    )
    page = client.get(reverse("registry:unit_detail", args=[ent.uscc])).content.decode()
    assert 'data-testid="supervision-disclosure"' in page
    assert "水重复利用率" in page and "155000" not in page  # rates public, amounts not
    proposal = services.removal_propose(
        actor=suzhou_official,
        listing=listing,
        rule=RemovalRule.VETO_EVENT,
        data_year=YEAR,
        reason="偷税被查处。",
    )
    services.removal_decide(
        actor=national_official, proposal=proposal, approve=True, removed_on=dt.date(YEAR + 1, 6, 1)
    )
    page = client.get(reverse("registry:unit_detail", args=[ent.uscc])).content.decode()
    assert "偷税被查处" in page

    login(client, user)
    r = client.get(reverse("supervision:report_pdf", args=[YEAR]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=r.content, capture_output=True, check=True
    ).stdout.decode()
    assert "绿色低碳发展报告" in text and ent.uscc in text and "水重复利用率" in text
    home = client.get(reverse("supervision:home")).content.decode()
    assert 'data-testid="bar-until"' in home


def test_support_pages(client: Client, listed: Any, suzhou_official: Any) -> None:
    ent, _, user = listed(level=ListLevel.NATIONAL, year=timezone.localdate().year - 1)
    login(client, user)
    page = client.get(reverse("supervision:support") + "?grade=A").content.decode()
    assert "绿码贴息绿色信贷" in page
    login(client, suzhou_official)
    r = client.post(
        reverse("supervision:support"),
        {"uscc": ent.uscc, "measure": "procurement_priority", "amount": "12.5"},
    )
    assert r.status_code == 302
    page = client.get(reverse("supervision:support")).content.decode()
    # issue 13: the uptake table named the measure by its code
    uptake = page[page.index('data-testid="uptake"') :]
    assert "政府采购优先" in uptake and "12.50" in uptake and "procurement_priority" not in uptake


def test_support_page_reads_in_chinese(client: Client, listed: Any) -> None:
    """Issue 13: unmet conditions read "green code grade B not in A+, A" and categories
    showed their codes (procurement) on the Chinese page."""
    _ent, _, user = listed(level=ListLevel.MUNICIPAL, year=timezone.localdate().year - 1)
    login(client, user)
    page = client.get(
        reverse("supervision:support") + "?grade=B", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    table = page[page.index('data-testid="eligibility"') :]
    table = table[: table.index("</table>")]
    assert "绿码等级B不在A+、A之列" in table and "名单层级为市级，低于国家级" in table
    assert "政府采购" in table and "专项资金" in table
    for english in ("green code grade", "list level", "municipal", "procurement", "special_fund"):
        assert english not in table, english
    page = client.get(reverse("supervision:support")).content.decode()
    assert "无绿码等级；须为A+、A" in page


def test_recording_ineligible_support_says_why_in_chinese(
    client: Client, listed: Any, suzhou_official: Any
) -> None:
    ent, _, _user = listed(level=ListLevel.NATIONAL, year=timezone.localdate().year - 1)
    login(client, suzhou_official)
    page = client.post(
        reverse("supervision:support"),
        {"uscc": ent.uscc, "measure": "green_code_credit", "grade": "B"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
        follow=True,
    ).content.decode()
    assert "未满足：绿码等级B不在A+、A之列" in page, page
    assert "green code grade" not in page and "unmet" not in page


def test_changes_pages(client: Client, listed: Any, suzhou_official: Any) -> None:
    _ent, _, user = listed(year=YEAR - 1)
    login(client, user)
    r = client.post(
        reverse("supervision:changes"),
        {
            "kind": "rename",
            "new_value": "新名有限公司",
            "effective_on": "2025-03-01",
            "description": "更名",
        },
    )
    assert r.status_code == 302
    page = client.get(reverse("supervision:changes")).content.decode()
    assert '<option value="rename">更名</option>' in page  # issue 13: not "rename (name)"
    login(client, suzhou_official)
    page = client.get(reverse("supervision:changes")).content.decode()
    assert "新名有限公司" in page and "<td>更名<div" in page and "<td>rename" not in page


def test_removal_pages(client: Client, listed: Any, suzhou_official: Any) -> None:
    listed(year=YEAR - 1)
    login(client, suzhou_official)
    assert client.get(reverse("supervision:removals")).status_code == 200
    assert client.get(reverse("supervision:home")).status_code == 200


def test_propose_removal_by_credit_code(client: Client, listed: Any, suzhou_official: Any) -> None:
    from greenmfg.platform.supervision.models import RemovalProposal

    ent, listing, _ = listed(year=YEAR - 1)
    login(client, suzhou_official)
    url = reverse("supervision:removals")
    r = client.post(
        url,
        {
            "uscc": ent.uscc,
            "level": "provincial",
            "rule": "veto_event",
            "year": YEAR,
            "reason": "x",
        },
    )
    assert (
        r.status_code == 200 and RemovalProposal.objects.count() == 0
    )  # not on the provincial list
    r = client.post(
        url,
        {
            "uscc": ent.uscc,
            "level": "national",
            "rule": "veto_event",
            "year": YEAR,
            "reason": "偷税。",
        },
    )
    assert r.status_code == 302
    assert RemovalProposal.objects.get().listing == listing
    page = client.get(url).content.decode()
    assert "偷税" in page and "二手来源" in page


def test_errors_are_shown_next_to_their_field_in_chinese(
    client: Client, listed: Any, table_fields: Any
) -> None:
    """A bad value is marked at its input with a Chinese message (not a banner of English
    pydantic text such as "Input should be greater than or equal to 0")."""
    import re

    _ent, _, user = listed(year=YEAR - 1)
    login(client, user)
    values = table_fields()
    values.pop("vetoes")
    values["energy_total_tce"] = "abc"
    values["water_withdrawal_m3"] = -5
    r = client.post(
        reverse("supervision:filing_form", args=[YEAR]), form_post(values, action="draft")
    )
    page = r.content.decode()
    assert r.status_code == 422
    assert re.search(
        r'name="f_energy_total_tce"[^>]*>\s*<div class="invalid-feedback"[^>]*>abc 不是数字。', page
    )
    assert "Input should be" not in page
    values["energy_total_tce"] = 100.0
    r = client.post(
        reverse("supervision:filing_form", args=[YEAR]), form_post(values, action="draft")
    )
    page = r.content.decode()
    assert r.status_code == 422
    assert re.search(
        r'name="f_water_withdrawal_m3"[^>]*>\s*<div class="invalid-feedback"[^>]*>数值应大于或等于 0。',
        page,
    ), page[page.find("water_withdrawal") :][:600]
    assert "Input should be" not in page
    assert DynamicFiling.objects.count() == 0
