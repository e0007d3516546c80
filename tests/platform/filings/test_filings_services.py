"""Services and selectors of the filings app (real database, no mocks)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from greenmfg.core.accounting import account, default_factor_set
from greenmfg.core.domain import Role
from greenmfg.core.errors import ImportInvalidError
from greenmfg.core.filing import Filing
from greenmfg.core.filing.template import write_template
from greenmfg.platform.filings import selectors, services
from greenmfg.platform.filings.models import AccountingRecord, AnnualFiling, FilingEvent

from .conftest import filing_data

pytestmark = pytest.mark.django_db


def test_save_accounts_and_records_the_factor_set(cement: tuple[Any, Any]) -> None:
    ent, user = cement
    filing = services.filing_save(actor=user, enterprise=ent, data=filing_data(ent.uscc))
    record = AccountingRecord.objects.get(filing=filing, is_current=True)
    expected = account(Filing.model_validate(filing.data))
    assert record.equivalent_tce == expected.equivalent_tce
    assert record.total_tco2e == expected.total_tco2e
    assert record.factor_set_version == default_factor_set().version
    assert (
        record.metrics["energy_per_product:clinker"]
        == expected.metrics()["energy_per_product:clinker"]
    )
    assert FilingEvent.objects.filter(filing=filing, action="saved").count() == 1
    # the registry's identity wins over what the file says about name/adcode
    assert filing.data["enterprise"]["name"] == ent.name


def test_saving_again_replaces_the_year_and_keeps_history(cement: tuple[Any, Any]) -> None:
    ent, user = cement
    services.filing_save(actor=user, enterprise=ent, data=filing_data(ent.uscc, coal=15))
    services.filing_save(actor=user, enterprise=ent, data=filing_data(ent.uscc, coal=16))
    assert AnnualFiling.objects.filter(enterprise=ent).count() == 1
    assert AccountingRecord.objects.filter(filing__enterprise=ent).count() == 2
    assert AccountingRecord.objects.filter(filing__enterprise=ent, is_current=True).count() == 1


def test_only_the_enterprise_itself_writes(
    cement: tuple[Any, Any],
    make_enterprise: Callable[..., Any],
    make_user: Callable[..., Any],
    suzhou_official: Any,
) -> None:
    ent, _user = cement
    other = make_user(Role.ENTERPRISE, enterprise=make_enterprise())
    for actor in (other, suzhou_official):
        with pytest.raises(PermissionDenied):
            services.filing_save(actor=actor, enterprise=ent, data=filing_data(ent.uscc))
    assert not AnnualFiling.objects.exists()


def test_invalid_data_writes_nothing_and_lists_every_problem(cement: tuple[Any, Any]) -> None:
    ent, user = cement
    data = filing_data(ent.uscc)
    data["energy"][0]["carrier"] = "moonbeams"
    data["energy"][1]["unit"] = "t"
    with pytest.raises(ImportInvalidError) as err:
        services.filing_save(actor=user, enterprise=ent, data=data)
    assert len(err.value.issues) == 2
    assert not AnnualFiling.objects.exists() and not AccountingRecord.objects.exists()


def test_filing_for_another_enterprise_is_refused(cement: tuple[Any, Any]) -> None:
    ent, user = cement
    with pytest.raises(ImportInvalidError):
        services.filing_save(actor=user, enterprise=ent, data=filing_data("91320500MA00000000"))


def test_import_xlsx_and_bad_file(cement: tuple[Any, Any], tmp_path: Path) -> None:
    ent, user = cement
    path = write_template(tmp_path / "f.xlsx", Filing.model_validate(filing_data(ent.uscc)))
    filing = services.filing_import(
        actor=user, enterprise=ent, filename="f.xlsx", content=path.read_bytes()
    )
    assert filing.source == AnnualFiling.Source.IMPORT and filing.year == 2023
    with pytest.raises(ImportInvalidError):
        services.filing_import(
            actor=user, enterprise=ent, filename="g.xlsx", content=b"not a workbook"
        )
    assert AnnualFiling.objects.count() == 1


def test_recompute_when_a_factor_changes_keeps_old_and_new(
    cement: tuple[Any, Any], suzhou_official: Any, wuxi_official: Any
) -> None:
    ent, user = cement
    filing = services.filing_save(actor=user, enterprise=ent, data=filing_data(ent.uscc))
    same = services.filing_recompute(actor=suzhou_official, filing=filing)
    assert not same.changed
    changed_set = default_factor_set().replace("gbt2589.electricity", value=0.13)
    with pytest.raises(PermissionDenied):
        services.filing_recompute(actor=wuxi_official, filing=filing, factor_set=changed_set)
    outcome = services.filing_recompute(
        actor=suzhou_official, filing=filing, factor_set=changed_set
    )
    assert outcome.changed and outcome.old is not None
    # 90 500 MWh of electricity × (0.13 − 0.1229) tce/MWh more energy
    assert outcome.new.equivalent_tce - outcome.old.equivalent_tce == pytest.approx(
        90_500 * (0.13 - 0.1229)
    )
    assert outcome.new.factor_set_version == changed_set.version != outcome.old.factor_set_version
    assert selectors.previous_record(filing) == outcome.old
    assert FilingEvent.objects.filter(filing=filing, action="recomputed").count() == 1


def test_region_scoping(
    cement: tuple[Any, Any],
    suzhou_official: Any,
    wuxi_official: Any,
    jiangsu_official: Any,
    make_enterprise: Callable[..., Any],
    make_user: Callable[..., Any],
) -> None:
    ent, user = cement
    filing = services.filing_save(actor=user, enterprise=ent, data=filing_data(ent.uscc))
    for actor in (user, suzhou_official, jiangsu_official):
        assert list(selectors.filing_list(actor=actor)) == [filing]
        assert selectors.filing_get(actor=actor, pk=filing.pk) == filing
    other = make_user(Role.ENTERPRISE, enterprise=make_enterprise())
    for actor in (wuxi_official, other):
        assert list(selectors.filing_list(actor=actor)) == []
        with pytest.raises(Http404):
            selectors.filing_get(actor=actor, pk=filing.pk)


def test_accounting_result_for_other_apps(cement: tuple[Any, Any]) -> None:
    ent, user = cement
    assert selectors.accounting_result(ent, 2023) is None
    services.filing_save(actor=user, enterprise=ent, data=filing_data(ent.uscc))
    stored = selectors.accounting_result(ent, 2023)
    assert stored is not None
    assert stored.metrics["co2_total_t"] > 0 and stored.filing["year"] == 2023


def test_bulk_load_for_the_demo(cement: tuple[Any, Any]) -> None:
    ent, _user = cement
    data = [filing_data(ent.uscc, year=y) for y in (2021, 2022, 2023)]
    data.append(filing_data("91110000MA00000001"))  # unknown enterprise
    bad = filing_data(ent.uscc, year=2024)
    bad["energy"][0]["carrier"] = "moonbeams"
    data.append(bad)
    counts = services.filings_bulk_load(filings=data)
    assert counts == {"stored": 3, "unknown_enterprise": 1, "invalid": 1}
    assert AccountingRecord.objects.filter(is_current=True).count() == 3
    # loading again adds nothing
    assert services.filings_bulk_load(filings=data)["stored"] == 0


def test_recompute_task_of_a_deleted_account_changes_nothing(cement: tuple[Any, Any]) -> None:
    from greenmfg.platform.filings.tasks import recompute_stale

    ent, user = cement
    old_set = default_factor_set().replace("gbt2589.electricity", value=0.12)
    services.filing_save(actor=user, enterprise=ent, data=filing_data(ent.uscc), factor_set=old_set)
    # an account id that does not exist (deleted after enqueueing) sees no filing at all
    assert recompute_stale.call(user.pk + 1000) == 0
    record = AccountingRecord.objects.get(filing__enterprise=ent, is_current=True)
    assert record.factor_set_version == old_set.version
