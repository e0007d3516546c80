"""The unit-year rows the regional index is computed from (read from the registry, the
dynamic management filings and the green codes).

Population of a year: every registered enterprise.  Output value: the year's dynamic
management table when the unit filed one, else the registry's output value.  Energy and
CO2: only from the filed tables (never estimated).  List level: the highest level of the
enterprise's listings active at year end (any carrier kind); new listing: a listing dated
in the year; removal: a listing removed in the year.  Grade: the year's current green code.
Degree mean: the mean of the unit's LCD and SD (the degrees the filed data allow; GD and
CD need inputs the tables do not carry).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.apps import apps

from greenmfg.core.codes import regions as region_codes
from greenmfg.core.domain import LEVEL_ORDER, ListLevel
from greenmfg.core.errors import GreenmfgError
from greenmfg.core.indices.degrees import DegreeInput, Degrees, compute_degrees
from greenmfg.core.indices.methods import leading_values
from greenmfg.core.indices.regional import UnitYear
from greenmfg.platform.greencode.models import GreenCode
from greenmfg.platform.registry.models import Enterprise, Listing

# DynamicFiling states whose table the dashboards read (not drafts, not tables returned
# for correction).
FILED = ("submitted", "late", "audited")


def _num(data: dict[str, Any], key: str) -> float | None:
    value = data.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def filed_tables(years: Iterable[int]) -> dict[tuple[int, int], dict[str, Any]]:
    """(enterprise id, year) → the filed dynamic management table."""
    try:
        model = apps.get_model("supervision", "DynamicFiling")
    except LookupError:
        return {}
    rows = model.objects.filter(
        year__in=list(years), enterprise__isnull=False, status__in=FILED
    ).values_list("enterprise_id", "year", "data")
    return {(e, y): d or {} for e, y, d in rows}


def city_key(adcode: str) -> str | None:
    try:
        return region_codes.city_of(adcode).adcode
    except GreenmfgError:
        return None


def province_key(adcode: str) -> str | None:
    try:
        return region_codes.province_of(adcode).adcode
    except GreenmfgError:
        return None


def economic_key(adcode: str) -> str | None:
    try:
        return region_codes.economic_region(adcode).value
    except GreenmfgError:
        return None


def unit_years(
    years: Iterable[int],
) -> tuple[list[UnitYear], dict[str, str], dict[int, list[Degrees]]]:
    """The rows of every enterprise for each year, each enterprise's industry class (by
    credit code) and the enterprises' degrees by year."""
    years = sorted(set(years))
    enterprises = {
        row["pk"]: row
        for row in Enterprise.objects.values(
            "pk", "uscc", "adcode", "industry", "employees", "output_value_10k_yuan"
        )
    }
    tables = filed_tables(years)
    listings: dict[int, list[tuple[str, dt.date, dt.date | None]]] = defaultdict(list)
    for ent_id, level, listed_on, removed_on in Listing.objects.filter(
        enterprise__isnull=False
    ).values_list("enterprise_id", "level", "listed_on", "removed_on"):
        listings[ent_id].append((level, listed_on, removed_on))
    grades = {
        (e, y): g
        for e, y, g in GreenCode.objects.filter(year__in=years, current=True).values_list(
            "enterprise_id", "year", "grade"
        )
    }
    leading = leading_values()
    known_products = {r.product for r in leading.rows}
    rows: list[UnitYear] = []
    degrees_by_year: dict[int, list[Degrees]] = {}
    for year in years:
        end = dt.date(year, 12, 31)
        start = dt.date(year, 1, 1)
        degree_inputs = []
        for pk, ent in enterprises.items():
            table = tables.get((pk, year), {})
            output = _num(table, "output_value_10k_yuan")
            if output is None and ent["output_value_10k_yuan"] is not None:
                output = float(ent["output_value_10k_yuan"])
            co2_pp = table.get("co2_per_product") or {}
            product = next((p for p in sorted(co2_pp) if p in known_products), None)
            degree_inputs.append(
                DegreeInput(
                    uscc=ent["uscc"],
                    industry=ent["industry"],
                    adcode=ent["adcode"],
                    product=product,
                    output_value=output,
                    employees=ent["employees"],
                    co2_per_unit=float(co2_pp[product]) if product else None,
                )
            )
        degrees_by_year[year] = compute_degrees(degree_inputs, leading)
        degree_mean = {d.uscc: d.mean for d in degrees_by_year[year]}
        for pk, ent in enterprises.items():
            table = tables.get((pk, year), {})
            active = [
                ListLevel(level)
                for level, listed_on, removed_on in listings.get(pk, ())
                if listed_on <= end and (removed_on is None or removed_on > end)
            ]
            output = _num(table, "output_value_10k_yuan")
            if output is None and ent["output_value_10k_yuan"] is not None:
                output = float(ent["output_value_10k_yuan"])
            rows.append(
                UnitYear(
                    uscc=ent["uscc"],
                    adcode=ent["adcode"],
                    year=year,
                    output_value=output,
                    energy_tce=_num(table, "energy_total_tce"),
                    co2_t=_num(table, "co2_total_t"),
                    level=max(active, key=lambda lv: LEVEL_ORDER[lv]) if active else None,
                    newly_listed=any(
                        start <= listed_on <= end for _, listed_on, _r in listings.get(pk, ())
                    ),
                    removed=any(
                        removed_on is not None and start <= removed_on <= end
                        for _, _l, removed_on in listings.get(pk, ())
                    ),
                    grade=grades.get((pk, year)),
                    degree_mean=degree_mean.get(ent["uscc"]),
                )
            )
    industries = {e["uscc"]: e["industry"] for e in enterprises.values()}
    return rows, industries, degrees_by_year
