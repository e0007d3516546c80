"""PACT (WBCSD Pathfinder) 2.3.1 ProductFootprint export and import."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest

from greenmfg.core.footprint import compute, parse_input
from greenmfg.core.footprint.pact import SPEC_VERSION, pact_import, pact_validate
from greenmfg.core.footprint.pact_export import pact_export


def test_vendored_schema_names_its_source() -> None:
    path = (
        resources.files("greenmfg.core")
        / "data"
        / "footprint"
        / "pact"
        / "productfootprint-2.3.1.schema.json"
    )
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert "wbcsd/data-exchange-protocol" in schema["$comment"]
    assert "pcf" in schema["required"]


def test_export_reimports_to_the_same_figures(chair: dict[str, Any]) -> None:
    result = compute(parse_input(chair))
    document = pact_export(result)
    assert document["specVersion"] == SPEC_VERSION
    # a piece is exported per kilogram: 14.5 kg per chair, 58.183 / 14.5 kgCO2e/kg
    assert document["pcf"]["declaredUnit"] == "kilogram"
    assert document["pcf"]["unitaryProductAmount"] == "14.5"
    assert document["pcf"]["packagingEmissionsIncluded"] is True
    again = pact_import(json.loads(json.dumps(document)))
    assert again.per_product == pytest.approx(result.total_kgco2e_per_unit, rel=1e-12)
    assert again.primary_data_share == pytest.approx(result.primary_data_share, rel=1e-12)
    assert again.company == result.enterprise
    assert again.period_start.startswith("2025-01-01")
    assert again.gwp == "AR5"


def test_piece_without_mass_cannot_be_exported(chair: dict[str, Any]) -> None:
    del chair["product"]["mass"]
    from greenmfg.core.errors import MissingValueError

    with pytest.raises(MissingValueError) as info:
        pact_export(compute(parse_input(chair)))
    assert info.value.params["field"] == "mass"


def test_api_envelope_is_accepted(chair: dict[str, Any]) -> None:
    document = pact_export(compute(parse_input(chair)))
    assert pact_validate({"data": document}) == document


def test_decimal_strings_are_required(chair: dict[str, Any]) -> None:
    from greenmfg.core.errors import PactInvalidError

    document = pact_export(compute(parse_input(chair)))
    document["pcf"]["pCfExcludingBiogenic"] = 4.01  # a number, not a decimal string
    with pytest.raises(PactInvalidError) as info:
        pact_validate(document)
    assert info.value.params["path"] == "/pcf/pCfExcludingBiogenic"
