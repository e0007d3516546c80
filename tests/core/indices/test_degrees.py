from __future__ import annotations

import pytest

from greenmfg.core.errors import InvalidValueError, UnknownCodeError
from greenmfg.core.indices.degrees import (
    DegreeInput,
    aggregate_degrees,
    by_industry,
    by_province,
    compute_degrees,
)
from greenmfg.core.indices.methods import leading_values


def test_each_degree_follows_its_definition() -> None:
    units = [
        DegreeInput(
            uscc="A",
            industry="3011",
            adcode="320100",
            product="clinker",
            output_value=1000.0,
            employees=10,
            resource_actual_per_unit=1.6,
            resource_theoretical_per_unit=1.2,
            co2_per_unit=0.8,
            waste_inputs_t=30.0,
            total_inputs_t=120.0,
        ),
        DegreeInput(uscc="B", industry="3011", adcode="320500", output_value=3000.0, employees=10),
    ]
    a, b = compute_degrees(units)
    assert a.gd == pytest.approx(0.75)
    assert a.lcd == leading_values().get("clinker").value / 0.8
    assert a.lcd_leading_status == "unverified"
    assert a.cd == 0.25
    assert a.sd == pytest.approx(1 / 3)  # 100 ÷ 300 万元 per employee
    assert b.sd == 1.0
    assert b.gd is None and b.lcd is None and b.cd is None  # no data → None, never 0
    assert a.mean == pytest.approx((0.75 + a.lcd + 0.25 + 1 / 3) / 4)


def test_aggregation_is_output_weighted_mean_and_median() -> None:
    units = [
        DegreeInput(
            uscc=str(i),
            industry="3011",
            adcode=adcode,
            output_value=ov,
            waste_inputs_t=w,
            total_inputs_t=100.0,
        )
        for i, (adcode, ov, w) in enumerate(
            [
                ("320100", 100.0, 10.0),
                ("320500", 300.0, 50.0),
                ("440100", 100.0, 20.0),
                ("440300", None, 90.0),
            ]
        )
    ]
    degrees = compute_degrees(units)
    by_prov = aggregate_degrees(degrees, by_province)
    js = by_prov["320000"]["cd"]
    assert js.count == 2
    assert js.weighted_mean == pytest.approx((0.1 * 100 + 0.5 * 300) / 400)
    assert js.median == pytest.approx(0.3)
    gd = by_prov["320000"]["gd"]
    assert gd.count == 0 and gd.weighted_mean is None and gd.median is None
    gd_ = by_prov["440000"]["cd"]
    assert gd_.weighted_mean == pytest.approx(
        0.2
    )  # the unit without output is left out of the mean
    assert gd_.median == pytest.approx(0.55)  # …but not out of the median
    assert set(aggregate_degrees(degrees, by_industry)) == {"3011"}


def test_bad_degree_inputs() -> None:
    with pytest.raises(InvalidValueError, match="resource_theoretical_per_unit"):
        compute_degrees(
            [
                DegreeInput(
                    uscc="A",
                    industry="3011",
                    adcode="320100",
                    resource_actual_per_unit=1.0,
                    resource_theoretical_per_unit=2.0,
                )
            ]
        )
    with pytest.raises(InvalidValueError, match="waste_inputs_t"):
        compute_degrees(
            [
                DegreeInput(
                    uscc="A",
                    industry="3011",
                    adcode="320100",
                    waste_inputs_t=2.0,
                    total_inputs_t=1.0,
                )
            ]
        )
    with pytest.raises(InvalidValueError, match="employees"):
        compute_degrees([DegreeInput(uscc="A", industry="3011", adcode="320100", employees=-1)])
    with pytest.raises(UnknownCodeError):
        compute_degrees(
            [
                DegreeInput(
                    uscc="A",
                    industry="3011",
                    adcode="320100",
                    product="unobtainium",
                    co2_per_unit=1.0,
                )
            ]
        )
