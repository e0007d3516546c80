from __future__ import annotations

import pytest

from greenmfg.core.errors import InvalidUnitError, UnitMismatchError
from greenmfg.core.units import convert, factor_to, parse_unit


@pytest.mark.parametrize(
    ("text", "target", "value"),
    [
        ("万t", "t", 1e4),
        ("吨", "kg", 1000),
        ("万吨", "t", 1e4),
        ("万kWh", "MWh", 10),
        ("万千瓦时", "kWh", 1e4),
        ("亿kWh", "MWh", 1e5),
        ("度", "kWh", 1),
        ("万Nm3", "Nm3", 1e4),
        ("10⁴Nm³", "Nm3", 1e4),
        ("10^4 Nm3", "m3", 1e4),
        ("万标立方米", "Nm3", 1e4),
        ("m³", "m3", 1),
        ("万元", "yuan", 1e4),
        ("亿元", "万元", 1e4),
        ("kgce", "kJ", 29307.6),
        ("tce", "GJ", 29.3076),
        ("吨标准煤", "kgce", 1000),
        ("kcal", "kJ", 4.1868),
        ("GJ/t", "MJ/kg", 1),
        ("tCO2/MWh", "kgCO2/kWh", 1),
        ("tC/TJ", "tC/GJ", 0.001),
        ("吉焦", "MJ", 1000),
    ],
)
def test_units_convert(text: str, target: str, value: float) -> None:
    assert factor_to(text, target) == pytest.approx(value, rel=1e-12)


def test_kgce_is_7000_international_kcal() -> None:
    assert convert(7000, "kcal", "kgce") == pytest.approx(1.0, rel=1e-12)


def test_unknown_unit_names_where() -> None:
    with pytest.raises(InvalidUnitError) as err:
        parse_unit("bananas", where="energy line 3: ")
    assert str(err.value).startswith("energy line 3: ")
    with pytest.raises(InvalidUnitError):
        parse_unit("")


def test_incompatible_unit_names_where_and_dimension() -> None:
    with pytest.raises(UnitMismatchError) as err:
        factor_to("kWh", "t", where="energy line 2: ")
    assert err.value.params["where"] == "energy line 2: "
    assert "[mass]" in err.value.params["dimension"]
