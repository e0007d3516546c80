from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from greenmfg.core.domain import ListLevel, Role
from greenmfg.core.errors import (
    ConflictError,
    DeadlinePassedError,
    FilingInconsistentError,
    ImportInvalidError,
    NotListedError,
    SeedRequiredError,
)
from greenmfg.core.supervision.removal import RemovalRule
from greenmfg.platform.registry.models import Listing
from greenmfg.platform.supervision import selectors, services
from greenmfg.platform.supervision.models import (
    DynamicFiling,
    QualityFlag,
    Removal,
    RemovalProposal,
    SpotCheck,
)

ON_TIME = dt.date(2025, 4, 10)
LATE = dt.date(2025, 4, 20)

pytestmark = pytest.mark.django_db


def test_submit_on_time_and_flags(listed: Any, table_fields: Any) -> None:
    ent, listing, user = listed()
    filing = services.filing_submit(
        actor=user,
        unit=ent,
        year=2024,
        fields=table_fields(energy_per_product={"clinker": 300.0}),
        today=ON_TIME,
        metrics={"energy_total_tce": 100000.0},
    )
    assert filing.status == DynamicFiling.Status.SUBMITTED
    assert filing.listing == listing
    assert filing.due_on == dt.date(2025, 4, 15)
    assert sorted(filing.flags.values_list("code", flat=True)) == [
        "contradicts_accounting",
        "implausible_intensity",
    ]
    st = selectors.filing_status(ent, 2024)
    assert st.filed and st.abnormal and st.open_flags == 2 and not st.late


def test_late_needs_reason(listed: Any, table_fields: Any) -> None:
    ent, _, user = listed()
    with pytest.raises(DeadlinePassedError, match="2025-04-15"):
        services.filing_submit(actor=user, unit=ent, year=2024, fields=table_fields(), today=LATE)
    assert DynamicFiling.objects.count() == 0
    filing = services.filing_submit(
        actor=user,
        unit=ent,
        year=2024,
        fields=table_fields(),
        today=LATE,
        late_reason="ERP migration",
    )
    assert filing.status == DynamicFiling.Status.LATE and filing.submitted_late
    assert selectors.filing_status(ent, 2024).late


def test_not_listed(make_enterprise: Any, make_user: Any, table_fields: Any) -> None:
    ent = make_enterprise()
    user = make_user(Role.ENTERPRISE, enterprise=ent)
    with pytest.raises(NotListedError, match="not on any green manufacturing list in 2024"):
        services.filing_submit(
            actor=user, unit=ent, year=2024, fields=table_fields(), today=ON_TIME
        )
    assert DynamicFiling.objects.count() == 0


def test_contradictory_figures_write_nothing(listed: Any, table_fields: Any) -> None:
    ent, _, user = listed()
    with pytest.raises(FilingInconsistentError) as err:
        services.filing_submit(
            actor=user,
            unit=ent,
            year=2024,
            fields=table_fields(co2_scope2_t=300_000.0, renewable_share_pct=130.0),
            today=ON_TIME,
        )
    assert "co2_total_t" in str(err.value) and "renewable_share_pct" in str(err.value)
    assert DynamicFiling.objects.count() == 0 and QualityFlag.objects.count() == 0


def test_invalid_field_lists_every_issue(listed: Any, table_fields: Any) -> None:
    ent, _, user = listed()
    with pytest.raises(ImportInvalidError) as err:
        services.filing_save_draft(
            actor=user,
            unit=ent,
            year=2024,
            fields=table_fields(energy_total_tce=-5, water_withdrawal_m3="lots"),
        )
    columns = sorted(i.column for i in err.value.issues)
    assert columns == ["energy_total_tce", "water_withdrawal_m3"]


def test_other_enterprise_cannot_file(listed: Any, table_fields: Any) -> None:
    ent, _, _ = listed()
    _, _, other_user = listed()
    with pytest.raises(PermissionDenied):
        services.filing_submit(
            actor=other_user, unit=ent, year=2024, fields=table_fields(), today=ON_TIME
        )


def test_identical_figures_flag_both(listed: Any, table_fields: Any) -> None:
    a, _, ua = listed()
    b, _, ub = listed()
    services.filing_submit(actor=ua, unit=a, year=2024, fields=table_fields(), today=ON_TIME)
    fb = services.filing_submit(actor=ub, unit=b, year=2024, fields=table_fields(), today=ON_TIME)
    assert QualityFlag.objects.filter(code="identical_figures").count() == 2
    reason = fb.flags.get(code="identical_figures").reason
    assert a.name not in reason and a.uscc not in reason
    assert "1 other unit(s)" in reason


def test_audit_flow(
    listed: Any, table_fields: Any, suzhou_official: Any, wuxi_official: Any
) -> None:
    ent, _, user = listed()
    filing = services.filing_submit(
        actor=user,
        unit=ent,
        year=2024,
        fields=table_fields(energy_per_product={"clinker": 300.0}),
        today=ON_TIME,
    )
    flag = filing.flags.get()
    with pytest.raises(PermissionDenied):
        services.flag_decide(actor=wuxi_official, flag=flag, confirm=True)
    with translation.override("en"), pytest.raises(ConflictError, match="open flag"):
        services.filing_audit(actor=suzhou_official, filing=filing, approve=True)
    services.filing_audit(
        actor=suzhou_official, filing=filing, approve=False, comment="Check clinker energy."
    )
    filing.refresh_from_db()
    assert filing.status == DynamicFiling.Status.RETURNED
    # resubmission with a corrected figure
    filing = services.filing_submit(
        actor=user, unit=ent, year=2024, fields=table_fields(), today=ON_TIME
    )
    assert filing.status == DynamicFiling.Status.SUBMITTED and filing.flags.count() == 0
    services.filing_audit(actor=suzhou_official, filing=filing, approve=True)
    filing.refresh_from_db()
    assert filing.status == DynamicFiling.Status.AUDITED
    with pytest.raises(ConflictError):
        services.filing_submit(
            actor=user, unit=ent, year=2024, fields=table_fields(), today=ON_TIME
        )


def test_flag_clear_needs_note(listed: Any, table_fields: Any, suzhou_official: Any) -> None:
    ent, _, user = listed()
    filing = services.filing_submit(
        actor=user,
        unit=ent,
        year=2024,
        fields=table_fields(energy_per_product={"clinker": 300.0}),
        today=ON_TIME,
    )
    flag = filing.flags.get()
    from greenmfg.core.errors import InvalidValueError

    with pytest.raises(InvalidValueError, match="note"):
        services.flag_decide(actor=suzhou_official, flag=flag, confirm=False)
    services.flag_decide(
        actor=suzhou_official, flag=flag, confirm=False, note="New kiln line commissioned."
    )
    assert not selectors.filing_status(ent, 2024).abnormal


def test_spot_check_requires_seed_and_reproduces(listed: Any, jiangsu_official: Any) -> None:
    for _ in range(6):
        listed(adcode="320500")
    for _ in range(3):
        listed(adcode="320200", industry="2612")
    with pytest.raises(SeedRequiredError):
        services.spot_check_draw(actor=jiangsu_official, year=2024, seed=None, rate=0.2)
    assert SpotCheck.objects.count() == 0
    check = services.spot_check_draw(actor=jiangsu_official, year=2024, seed=42, rate=0.2)
    # n = ceil(0.2 × 9) = 2 units for 2 strata: one each (the minimum per stratum fits)
    assert [
        (s["region"], s["industry"], s["population"], len(s["drawn"])) for s in check.strata
    ] == [
        ("3202", "26", 3, 1),
        ("3205", "30", 6, 1),
    ]
    assert services.spot_check_reproduce(check) == check.sample
    again = services.spot_check_draw(actor=jiangsu_official, year=2024, seed=42, rate=0.2)
    assert again.sample == check.sample


def test_removal_at_owning_level_and_bar(
    listed: Any, suzhou_official: Any, national_official: Any
) -> None:
    ent, listing, _ = listed(level=ListLevel.NATIONAL)
    proposal = services.removal_propose(
        actor=suzhou_official,
        listing=listing,
        rule=RemovalRule.VETO_EVENT,
        data_year=2024,
        reason="Tax evasion found.",
    )
    with pytest.raises(PermissionDenied):
        services.removal_decide(actor=suzhou_official, proposal=proposal, approve=True)
    services.removal_decide(
        actor=national_official, proposal=proposal, approve=True, removed_on=dt.date(2025, 6, 1)
    )
    listing.refresh_from_db()
    assert listing.removed_on == dt.date(2025, 6, 1)
    assert "Tax evasion" in listing.removal_reason
    assert Removal.objects.get().bar_until == dt.date(2028, 6, 1)
    assert selectors.removal_bar_until(ent, on=dt.date(2026, 1, 1)) == dt.date(2028, 6, 1)
    assert selectors.removal_bar_until(ent, on=dt.date(2028, 6, 1)) is None


def test_major_accident_is_immediate_for_owning_level(listed: Any, suzhou_official: Any) -> None:
    _ent, listing, _ = listed(level=ListLevel.MUNICIPAL)
    proposal = services.removal_propose(
        actor=suzhou_official,
        listing=listing,
        rule=RemovalRule.MAJOR_ACCIDENT,
        data_year=2024,
        params={"year": 2024, "detail": "boiler explosion"},
        today=dt.date(2025, 2, 3),
    )
    proposal.refresh_from_db()
    assert proposal.status == RemovalProposal.Status.APPROVED
    assert Listing.objects.get(pk=listing.pk).removed_on == dt.date(2025, 2, 3)


def test_change_rename_verified_keeps_history(listed: Any, suzhou_official: Any) -> None:
    ent, _, user = listed(name="旧名称有限公司")
    decl = services.change_declare(
        actor=user,
        unit=ent,
        kind="rename",
        description="更名",
        new_values={"name": "新名称有限公司"},
        effective_on=dt.date(2025, 1, 1),
    )
    services.change_verify(actor=suzhou_official, declaration=decl, approve=True)
    ent.refresh_from_db()
    decl.refresh_from_db()
    assert ent.name == "新名称有限公司"
    assert decl.old_values == {"name": "旧名称有限公司"} and decl.status == "verified"


def test_reminder_task_puts_reminders_in_the_inbox(listed: Any) -> None:
    from greenmfg.platform.supervision.models import FilingReminder
    from greenmfg.platform.supervision.tasks import send_filing_reminders
    from greenmfg.platform.workflow.models import Notification

    _ent, _, user = listed(year=2023)
    # on 8 April the 30-, 14- and 7-day reminders before 15 April are due
    result = send_filing_reminders.enqueue(2024, "2025-04-08")
    assert result.return_value == 3
    assert sorted(FilingReminder.objects.values_list("days_before", flat=True)) == [7, 14, 30]
    assert Notification.objects.filter(user=user, kind="reminder").count() == 3


ISSUE3_FILING = {
    "year": 2024,
    "energy": [
        {"carrier": "bituminous_coal", "quantity": 15, "unit": "万t"},
        {"carrier": "electricity", "quantity": 9000, "unit": "万kWh", "origin": "grid"},
    ],
    "products": [{"product": "clinker", "quantity": 120, "unit": "万t"}],
    "economics": {
        "output_value": {"value": 1.2e5, "unit": "万元"},
        "value_added": {"value": 3.1e4, "unit": "万元"},
        "employees": 850,
    },
    "resources": {
        "water_withdrawal": {"value": 1.1e6, "unit": "m3"},
        "water_reused": {"value": 9.0e6, "unit": "m3"},
        "solid_waste_generated": {"value": 5.0e4, "unit": "t"},
        "solid_waste_utilised": {"value": 4.6e4, "unit": "t"},
    },
}


def test_prefill_from_the_units_own_accounting(listed: Any) -> None:
    from greenmfg.platform.filings.services import filing_save

    ent, _, user = listed(year=2023)
    data = {
        **ISSUE3_FILING,
        "enterprise": {
            "uscc": ent.uscc,
            "name": ent.name,
            "industry": ent.industry,
            "adcode": ent.adcode,
        },
    }
    filing_save(actor=user, enterprise=ent, data=data)
    table = services.filing_prefill(unit=ent, year=2024)
    assert table.energy_total_tce is not None and table.energy_total_tce > 0
    assert table.output_value_10k_yuan == 120000.0
    assert (
        table.water_reuse_rate_pct is not None
        and abs(table.water_reuse_rate_pct - 100 * 9 / 10.1) < 1e-9
    )
    assert set(table.energy_per_product) == {"clinker"}
    # the key indicators of the cement standard that the accounting could compute
    assert table.standard is not None and table.standard.startswith("GF-CEMENT")
    assert {"energy_per_product:clinker", "water_reuse_rate"} <= set(table.key_indicators)
    # the prefilled table submits without contradictions; a retyped energy figure is flagged
    fields = table.model_dump(mode="json", exclude={"identity", "year"})
    fields.pop("key_indicators")  # the form does not post them: the service derives them
    ok = services.filing_submit(actor=user, unit=ent, year=2024, fields=fields, today=ON_TIME)
    assert ok.flags.filter(code="contradicts_accounting").count() == 0
    assert ok.data["key_indicators"] == table.key_indicators
    ok.delete()
    energy = table.energy_total_tce * 1.1
    fields.update(
        energy_total_tce=energy,
        energy_per_value_added=energy * 1000 / 31000,
    )
    flagged = services.filing_submit(actor=user, unit=ent, year=2024, fields=fields, today=ON_TIME)
    assert sorted(flagged.flags.values_list("field", flat=True)) == [
        "energy_per_value_added",
        "energy_total_tce",
    ]


def test_park_files_its_table(
    make_park: Any, make_listing: Any, make_user: Any, table_fields: Any, suzhou_official: Any
) -> None:
    from greenmfg.core.domain import UnitKind

    park = make_park(adcode="320500", name="苏州绿色工业园")
    make_listing(park, kind=UnitKind.PARK, level=ListLevel.NATIONAL, year=2023)
    user = make_user(Role.ENTERPRISE, park=park)
    filing = services.filing_submit(
        actor=user, unit=park, year=2024, fields=table_fields(), today=ON_TIME
    )
    assert filing.park == park and filing.industry == ""
    assert filing.data["identity"]["industry"] is None
    assert filing.data["standard"].startswith("GREEN-PARK")
    rows = selectors.filing_tracking(actor=suzhou_official, year=2024, today=ON_TIME)
    assert [(r.unit.name, r.state) for r in rows] == [("苏州绿色工业园", "on_time")]
    check = services.spot_check_draw(actor=suzhou_official, year=2024, seed=1, rate=1.0)
    assert [(s["industry"], s["population"]) for s in check.strata] == [("park", 1)]


def test_identical_flag_lifted_when_the_copy_is_corrected(
    listed: Any, table_fields: Any, suzhou_official: Any
) -> None:
    a, _, ua = listed()
    b, _, ub = listed()
    fa = services.filing_submit(actor=ua, unit=a, year=2024, fields=table_fields(), today=ON_TIME)
    fb = services.filing_submit(actor=ub, unit=b, year=2024, fields=table_fields(), today=ON_TIME)
    assert fa.flags.filter(code="identical_figures").count() == 1
    services.filing_audit(
        actor=suzhou_official, filing=fb, approve=False, comment="与其他企业数据雷同"
    )
    corrected = table_fields(
        energy_total_tce=140000.0, energy_per_value_added=140000.0 * 1000 / 31000
    )
    fb = services.filing_submit(actor=ub, unit=b, year=2024, fields=corrected, today=ON_TIME)
    assert fb.flags.filter(code="identical_figures").count() == 0
    assert fa.flags.filter(code="identical_figures").count() == 0


def test_filing_late_withdraws_the_no_filing_proposal(
    listed: Any, table_fields: Any, suzhou_official: Any, national_official: Any
) -> None:
    from greenmfg.platform.supervision.models import RemovalProposal

    ent, listing, user = listed()
    proposals = services.removals_propose_for_year(
        actor=suzhou_official, year=2024, today=dt.date(2025, 5, 20)
    )
    proposal = next(p for p in proposals if p.listing_id == listing.pk)
    assert proposal.rule == RemovalRule.NO_FILING.value
    services.filing_submit(
        actor=user,
        unit=ent,
        year=2024,
        fields=table_fields(),
        today=dt.date(2025, 5, 25),
        late_reason="ERP migration",
    )
    proposal.refresh_from_db()
    assert proposal.status == RemovalProposal.Status.WITHDRAWN
    assert "2025-05-25" in proposal.decision_note
    # a withdrawn proposal cannot be decided any more
    with pytest.raises(ConflictError):
        services.removal_decide(actor=national_official, proposal=proposal, approve=True)
