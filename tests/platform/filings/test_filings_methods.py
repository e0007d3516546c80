"""The accounting method on the platform: the form and the import choose it, the record
names it, and a bad steam line writes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from greenmfg.core.errors import GreenmfgError
from greenmfg.platform.filings import services
from greenmfg.platform.filings.models import AccountingRecord, AnnualFiling

from .conftest import filing_data

pytestmark = pytest.mark.django_db


def test_import_with_the_ipcc_method_records_it(cement: tuple[Any, Any]) -> None:
    ent, user = cement
    content = json.dumps(filing_data(ent.uscc), ensure_ascii=False).encode()
    cn = services.filing_import(actor=user, enterprise=ent, filename="f.json", content=content)
    cn_record = AccountingRecord.objects.get(filing=cn, is_current=True)
    assert cn.data.get("method") is None and cn_record.gwp_set == "SAR"
    ipcc = services.filing_import(
        actor=user, enterprise=ent, filename="f.json", content=content, method="ipcc"
    )
    record = AccountingRecord.objects.get(filing=ipcc, is_current=True)
    assert ipcc.data["method"] == "ipcc" and record.gwp_set == "AR5"
    # coal 150 000 t × 19.570 GJ/t = 2 935.5 TJ: CH4 29.355 t × 28 + N2O 4.40325 t × 265
    assert record.total_tco2e - cn_record.total_tco2e == pytest.approx(
        29.355 * 28 + 4.40325 * 265, rel=1e-9
    )


def test_a_steam_line_at_or_below_feed_water_enthalpy_writes_nothing(
    cement: tuple[Any, Any],
) -> None:
    ent, user = cement
    data = filing_data(ent.uscc)
    data["energy"].append(
        {
            "carrier": "steam",
            "quantity": 10,
            "unit": "t",
            "enthalpy": {"value": 83.74, "unit": "kJ/kg"},
        }
    )
    content = json.dumps(data, ensure_ascii=False).encode()
    with pytest.raises(GreenmfgError) as exc:
        services.filing_import(actor=user, enterprise=ent, filename="f.json", content=content)
    assert "energy line 4" in str(exc.value)
    assert not AnnualFiling.objects.filter(enterprise=ent).exists()
    assert not AccountingRecord.objects.filter(filing__enterprise=ent).exists()


def test_the_form_offers_and_saves_the_method(cement: tuple[Any, Any]) -> None:
    ent, user = cement
    client = Client()
    client.force_login(user)
    page = client.get("/filings/form/?year=2023", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    body = page.content.decode()
    assert "核算方法" in body and 'value="ipcc"' in body
    res = client.post(
        "/filings/form/",
        {
            "year": "2023",
            "method": "ipcc",
            "energy-0-carrier": "bituminous_coal",
            "energy-0-quantity": "15",
            "energy-0-unit": "万t",
            "products-0-product": "clinker",
            "products-0-quantity": "120",
            "products-0-unit": "万t",
        },
    )
    assert res.status_code == 302, res.content.decode()[:2000]
    filing = AnnualFiling.objects.get(enterprise=ent, year=2023)
    assert filing.data["method"] == "ipcc"
    assert AccountingRecord.objects.get(filing=filing, is_current=True).gwp_set == "AR5"
