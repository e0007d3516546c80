"""Bad footprint input: each problem names its section, line and field; nothing is computed."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from greenmfg.core.errors import FootprintInvalidError, PactInvalidError
from greenmfg.core.footprint import compute, parse_input
from greenmfg.core.footprint.pact import pact_import
from greenmfg.core.footprint.pact_export import pact_export

from .test_worked_examples import _leader, _plant, _steel_supplier


def _issues(data: dict[str, Any]) -> list[dict[str, Any]]:
    with pytest.raises(FootprintInvalidError) as info:
        compute(parse_input(data))
    return info.value.issues


def _one(data: dict[str, Any]) -> dict[str, Any]:
    issues = _issues(data)
    assert len(issues) == 1, issues
    return issues[0]


def test_negative_quantity(chair: dict[str, Any]) -> None:
    chair["materials"][1]["quantity"] = -5
    issue = _one(chair)
    assert (issue["section"], issue["line"], issue["field"]) == ("materials", 2, "quantity")
    assert "materials line 2, field quantity" in issue["message"]
    assert "-5" in issue["message"]


def test_missing_quantity(chair: dict[str, Any]) -> None:
    del chair["energy"][0]["quantity"]
    issue = _one(chair)
    assert (issue["section"], issue["line"], issue["field"]) == ("energy", 1, "quantity")
    assert "is missing" in issue["message"]


def test_factor_unit_that_does_not_fit_the_flow(chair: dict[str, Any]) -> None:
    chair["materials"][0]["factor"]["unit"] = "kgCO2e/kWh"  # on steel in kg
    issue = _one(chair)
    assert (issue["section"], issue["line"], issue["field"]) == ("materials", 1, "factor.unit")
    assert "kgCO2e/kWh" in issue["message"] and "kgCO2e per kg" in issue["message"]


def test_transport_factor_unit(chair: dict[str, Any]) -> None:
    chair["transport"][0]["factor"]["unit"] = "kgCO2e/kg"
    issue = _one(chair)
    assert (issue["section"], issue["line"], issue["field"]) == ("transport", 1, "factor.unit")


def test_energy_line_in_filing_format_is_checked_by_accounting(chair: dict[str, Any]) -> None:
    chair["energy"][0]["carrier"] = "moonlight"
    issue = _one(chair)
    assert (issue["section"], issue["line"]) == ("energy", 1)
    assert "moonlight" in issue["message"]


def test_allocation_shares_must_add_to_one() -> None:
    data = _plant("physical", shares={"甲醇": 0.5, "二甲醚": 0.4})
    issue = _one(data)
    assert (issue["section"], issue["field"]) == ("allocation", "shares")
    assert "0.9" in issue["message"] and "add to 1" in issue["message"]
    ok = _plant("physical", shares={"甲醇": 0.25, "二甲醚": 0.75})
    # stated shares replace the mass ratio: 1 620 500 × 0.25 / 600 = 675.208333…
    assert compute(parse_input(ok)).total_kgco2e_per_unit == pytest.approx(1620500 * 0.25 / 600)


def test_economic_allocation_needs_a_justification() -> None:
    issue = _one(_plant("economic"))
    assert (issue["section"], issue["field"]) == ("allocation", "justification")


def test_subdivision_needs_every_line_assigned() -> None:
    issues = _issues(_plant("subdivision"))
    assert {(i["section"], i["line"], i["field"]) for i in issues} == {
        ("materials", 1, "product"),
        ("energy", 1, "product"),
    }


def test_cradle_to_grave_without_use_or_end_of_life(chair: dict[str, Any]) -> None:
    chair["boundary"] = "cradle_to_grave"
    issues = _issues(chair)
    assert {(i["section"], i["field"]) for i in issues} == {
        ("use", "use"),
        ("end_of_life", "end_of_life"),
    }
    chair["use"] = [
        {"name": "无", "quantity": 0, "unit": "kg", "factor": {"value": 0, "unit": "kgCO2e/kg"}}
    ]
    issues = _issues(chair)
    assert [(i["section"], i["field"]) for i in issues] == [("end_of_life", "end_of_life")]
    # with both: end of life 145 000 kg landfilled × 0.05 = 7 250 → +0.725 per piece
    chair["end_of_life"] = [
        {
            "name": "填埋",
            "quantity": 145000,
            "unit": "kg",
            "treatment": "landfill",
            "factor": {"value": 0.05, "unit": "kgCO2e/kg"},
        }
    ]
    r = compute(parse_input(chair))
    assert r.by_stage["end_of_life"] == pytest.approx(0.725)
    assert r.total_kgco2e_per_unit == pytest.approx(58.183 + 0.725)


def test_pact_file_failing_its_schema() -> None:
    document = pact_export(compute(parse_input(_steel_supplier())))
    broken = copy.deepcopy(document)
    broken["pcf"]["declaredUnit"] = "piece"  # not in the PACT enum
    with pytest.raises(PactInvalidError) as info:
        pact_import(broken, file="supplier.json")
    assert info.value.params["path"] == "/pcf/declaredUnit"
    assert "supplier.json" in str(info.value)
    missing = copy.deepcopy(document)
    del missing["companyIds"]
    with pytest.raises(PactInvalidError) as info:
        pact_import(missing)
    assert "companyIds" in info.value.params["reason"]
    # inside a footprint input: the material line and the PACT path are named
    issue = _one(_leader({"pact": broken}))
    assert (issue["section"], issue["line"], issue["field"]) == (
        "materials",
        1,
        "pact/pcf/declaredUnit",
    )


def test_unknown_library_factor(chair: dict[str, Any]) -> None:
    chair["materials"][0] = {
        "name": "钢材",
        "quantity": 1,
        "unit": "kg",
        "library": "mat.unobtainium",
    }
    issue = _one(chair)
    assert (issue["section"], issue["line"], issue["field"]) == ("materials", 1, "library")


def test_two_factor_sources_on_one_line(chair: dict[str, Any]) -> None:
    chair["materials"][0]["library"] = "mat.steel.carbon"
    issue = _one(chair)
    assert (issue["section"], issue["line"]) == ("materials", 1)
    assert "exactly one" in issue["message"]


def test_every_problem_is_reported_at_once(chair: dict[str, Any]) -> None:
    chair["materials"][0]["factor"]["unit"] = "kgCO2e/kWh"
    chair["transport"][0]["distance"]["unit"] = "kg"
    assert {(i["section"], i["field"]) for i in _issues(chair)} == {
        ("materials", "factor.unit"),
        ("transport", "distance.unit"),
    }
