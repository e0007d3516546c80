from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from greenmfg.core.domain import Role
from greenmfg.core.errors import GuardFailedError, PermissionDeniedError
from greenmfg.platform.workflow import services as s

pytestmark = pytest.mark.django_db


@pytest.fixture
def institution() -> Any:
    from greenmfg.platform.registry.services import institution_create
    from tests.platform.conftest import make_uscc

    return institution_create(
        actor=None,
        name="苏州评价中心",
        uscc=make_uscc("320500"),
        legal_representative="赵六",
        adcode="320500",
        staff_total=30,
        evaluators=12,
    )


def test_a_sanction_recorded_on_the_page_blocks_the_institutions_reports(
    client: Client,
    institution: Any,
    jiangsu_official: Any,
    make_round: Callable[..., Any],
    make_user: Callable[..., Any],
    make_enterprise: Callable[..., Any],
    today: dt.date,
) -> None:
    client.force_login(jiangsu_official)
    url = reverse("workflow:institution_detail", args=[institution.pk])
    response = client.post(
        url,
        {
            "kind": "sanction",
            "finding": "报告数据造假",
            "refused_until": (today + dt.timedelta(days=365)).isoformat(),
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("workflow:institutions")).content.decode()
    assert "苏州评价中心" in page and "报告数据造假" not in page
    assert "报告数据造假" in client.get(url).content.decode()
    user = make_user(Role.ENTERPRISE, enterprise=make_enterprise(adcode="320500"))
    app = s.application_create(
        actor=user,
        round=make_round(),
        enterprise=user.enterprise,
        evaluation_kind="third_party",
        evaluation_reference="R",
        evaluation_hash="a" * 64,
        evaluation_signed=True,
        institution=institution,
    )
    with pytest.raises(GuardFailedError, match="reports are refused until"):
        s.application_submit(actor=user, application=app)


def test_a_sanction_needs_its_period_and_other_regions_cannot_record(
    client: Client,
    institution: Any,
    jiangsu_official: Any,
    make_user: Callable[..., Any],
    today: dt.date,
) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        s.institution_record_create(
            actor=jiangsu_official, institution=institution, kind="sanction", recorded_on=today
        )
    zhejiang = make_user(Role.PROVINCIAL, "330000")
    with pytest.raises(PermissionDeniedError):
        s.institution_record_create(
            actor=zhejiang,
            institution=institution,
            kind="supervision",
            recorded_on=today,
            finding="x",
        )
    client.force_login(zhejiang)
    assert (
        client.get(reverse("workflow:institution_detail", args=[institution.pk])).status_code == 404
    )
