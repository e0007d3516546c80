"""Issue 13, smaller defects of the enterprise's forms:

- the veto questions (一票否决, Measures Art. 15) are asked once: a condition declared in
  the year's dynamic management table is not asked again by the self-evaluation, and the
  application form does not ask them again when a report of this platform is attached;
- fields are shown by carrier type (载体): the park's share of value added is neither shown
  on nor accepted for a factory's application.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from greenmfg.core.domain import VetoItem, veto_item_for_clause
from greenmfg.core.errors import InvalidValueError
from greenmfg.platform.evaluations.services import evaluation_answer, evaluation_create
from greenmfg.platform.evaluations.standards import platform_registry
from greenmfg.platform.supervision.services import filing_submit
from greenmfg.platform.workflow import services as workflow_services
from tests.platform.supervision.conftest import fields

pytestmark = pytest.mark.django_db


def test_the_self_evaluation_does_not_ask_again_what_the_dynamic_table_declared(
    client: Client,
    make_enterprise: Callable[..., Any],
    make_listing: Callable[..., Any],
    make_user: Callable[..., Any],
) -> None:
    from greenmfg.core.domain import ListLevel, Role

    ent = make_enterprise(adcode="320500", industry="3011")
    make_listing(ent, level=ListLevel.NATIONAL, year=2023, listed_on=dt.date(2023, 12, 1))
    user = make_user(Role.ENTERPRISE, enterprise=ent)
    debtor = {v.value: v is VetoItem.DISHONEST_DEBTOR for v in VetoItem}
    filing_submit(
        actor=user,
        unit=ent,
        year=2024,
        fields=fields(vetoes=debtor),
        late_reason="test",
        today=dt.date(2025, 3, 1),
    )
    evaluation = evaluation_create(actor=user, enterprise=ent, year=2024)
    standard = platform_registry().get(evaluation.standard_code)
    from_table = {
        v.code: veto_item_for_clause(v.clause) for v in standard.vetoes
    }  # every generic condition cites an Art. 15 item
    assert all(from_table.values())
    client.force_login(user)
    page = client.get(reverse("evaluations:wizard", args=[evaluation.pk])).content.decode()
    for code in from_table:
        assert f'name="veto:{code}"' not in page  # not asked again
        assert f'data-testid="veto-{code}-declared"' in page
    assert "动态管理表" in page
    # what a form might still send is overruled by the table's declaration
    sent = dict.fromkeys(from_table, False)
    evaluation = evaluation_answer(actor=user, evaluation=evaluation, answers={}, vetoes=sent)
    debtor_code = next(c for c, item in from_table.items() if item is VetoItem.DISHONEST_DEBTOR)
    assert evaluation.vetoes[debtor_code] is True
    assert evaluation.eligible is False


def test_the_application_form_leaves_the_vetoes_to_an_attached_platform_report(
    client: Client, applicant: Any, make_round: Callable[..., Any]
) -> None:
    from greenmfg.platform.evaluations.demo import demo_answers
    from greenmfg.platform.evaluations.services import report_create

    evaluation = evaluation_create(actor=applicant, enterprise=applicant.enterprise, year=2025)
    standard = platform_registry().get(evaluation.standard_code)
    answers, vetoes = demo_answers(standard, "seed")
    evaluation_answer(
        actor=applicant,
        evaluation=evaluation,
        answers=answers,
        vetoes=dict.fromkeys(vetoes, False),
    )
    report = report_create(actor=applicant, evaluation=evaluation, lang="zh", sign=False)
    rnd = make_round()
    client.force_login(applicant)
    page = client.get(reverse("workflow:my_applications")).content.decode()
    assert 'data-hidden-when="evaluation_report"' in page  # hidden once a report is chosen
    response = client.post(
        reverse("workflow:my_applications"),
        {
            "round": str(rnd.pk),
            "evaluation_kind": "self",
            "evaluation_report": str(report.pk),
            # ticked before the report was chosen, then hidden: the report's answer holds
            f"veto_{VetoItem.DISHONEST_DEBTOR.value}": "1",
        },
    )
    assert response.status_code == 302
    app = applicant.enterprise.applications.get()
    assert app.veto_findings == {}


def test_the_factory_form_has_no_park_field_and_offers_no_park_round(
    client: Client, applicant: Any, make_round: Callable[..., Any]
) -> None:
    factory_round = make_round(kind="factory", name="工厂批次")
    park_round = make_round(kind="park", name="园区批次")
    client.force_login(applicant)
    page = client.get(reverse("workflow:my_applications")).content.decode()
    assert f'<option value="{factory_round.pk}"' in page
    assert f'<option value="{park_round.pk}"' not in page
    assert "park_value_added_share" not in page


def test_a_park_share_is_refused_on_a_factory_application(
    applicant: Any, make_round: Callable[..., Any]
) -> None:
    with pytest.raises(InvalidValueError) as err:
        workflow_services.application_create(
            actor=applicant,
            round=make_round(kind="factory"),
            enterprise=applicant.enterprise,
            evaluation_reference="R",
            evaluation_hash="e" * 64,
            park_value_added_share=Decimal("0.5"),
        )
    assert "park_value_added_share" in str(err.value)
    assert not applicant.enterprise.applications.exists()


@pytest.mark.parametrize(
    ("message", "zh", "en"),
    [
        ("苏州某公司: 市级审核 / Municipal review", "苏州某公司: 市级审核", "苏州某公司: Municipal review"),
        ("苏州某公司 (913205): 新异议 / new objection #1", "苏州某公司 (913205): 新异议 #1", "苏州某公司 (913205): new objection #1"),
        ("苏州某公司: 请补充材料 / material requested: 能源审计报告", "苏州某公司: 请补充材料: 能源审计报告", "苏州某公司: material requested: 能源审计报告"),
        ("苏州某公司: 市级审核 截止 2026-05-01 / Municipal review due 2026-05-01", "苏州某公司: 市级审核 截止 2026-05-01", "苏州某公司: Municipal review due 2026-05-01"),
        ("只有一种语言", "只有一种语言", "只有一种语言"),
    ],
)  # fmt: skip
def test_a_notification_reads_in_the_active_language_only(message: str, zh: str, en: str) -> None:
    """The inbox showed "市级审核 / Municipal review" in the Chinese UI."""
    from django.utils import translation

    from greenmfg.platform.workflow.templatetags.workflow_tags import in_language

    with translation.override("zh-hans"):
        assert in_language(message) == zh
    with translation.override("en"):
        assert in_language(message) == en


def test_the_inbox_shows_the_chinese_half(client: Client, draft: Any, applicant: Any) -> None:
    from greenmfg.platform.workflow.models import Notification

    Notification.objects.create(
        user=applicant, application=draft, kind="info", message="苏州: 市级审核 / Municipal review"
    )
    client.force_login(applicant)
    html = client.get(reverse("workflow:inbox")).content.decode()
    assert "苏州: 市级审核" in html and "Municipal review" not in html
