"""The chart sets of each dashboard view (shared by the pages and the Excel exports)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Max
from django.http import Http404
from django.utils.translation import gettext as _

from greenmfg.core.codes.regions import EconomicRegion
from greenmfg.core.domain import LEVEL_ORDER, ListLevel
from greenmfg.platform.dashboards import charts, selectors
from greenmfg.platform.dashboards.charts import Chart
from greenmfg.platform.dashboards.models import IndexSnapshot
from greenmfg.platform.dashboards.sources import FILED
from greenmfg.platform.greencode.models import GreenCode
from greenmfg.platform.registry.models import Enterprise, Listing, Park

SCOPES = ("national", "province", "city", "park", "enterprise", "index")


@dataclass
class Page:
    scope: str
    key: str
    title: str
    year: int | None
    charts: list[Chart]
    data_as_of: Any = None
    method_status: str = ""
    method_version: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _year(year: int | None) -> int | None:
    return year if year is not None else selectors.latest_year()


def _meta(page: Page, snapshot: IndexSnapshot | None) -> Page:
    if snapshot is not None:
        page.data_as_of = snapshot.data_as_of
        page.method_status = snapshot.method_status
        page.method_version = snapshot.method_version
    return page


def national(*, actor: Any, year: int | None) -> Page:
    """The national dashboard.  Anyone may open it: a visitor who is not a national
    authority sees the published figures only (the published regional index, the public
    lists and the green-code mix), not the aggregates of the enterprises' filings
    (intensity trend, degrees)."""
    full = selectors.is_national(actor)
    year = _year(year)
    country = selectors.snapshot(level="country", region="CN", year=year) if year else None
    provinces = selectors.snapshots(level="province", year=year) if year else []
    economic = selectors.snapshots(level="economic", year=year) if year else []
    figures = [
        charts.ranking(provinces, "ranking", _("Provinces ranked by the index")),
        charts.tiles(provinces),
        charts.industries(country),
        charts.pyramid(country),
        charts.grades(country.payload.get("grades") if country else None),
        charts.economic(economic),
    ]
    if full:
        figures[2:2] = [
            charts.trend(selectors.series(level="country", region="CN"), with_index=False)
        ]
        figures.append(charts.degrees(country))
    page = Page("national", "-", _("National dashboard"), year, figures, extra={"public": not full})
    return _meta(page, country)


def province(*, actor: Any, adcode: str, year: int | None) -> Page:
    """A province's dashboard: open to anyone on the published figures (see
    :func:`national`); its authorities (and the ministry) also see the filings' trend."""
    full = selectors.covers_region(actor, adcode[:2])
    if not selectors.is_province(adcode):
        raise Http404
    year = _year(year)
    snap = selectors.snapshot(level="province", region=adcode, year=year) if year else None
    if year is not None and snap is None:
        raise Http404
    cities = [
        s
        for s in (selectors.snapshots(level="city", year=year) if year else [])
        if s.region[:2] == adcode[:2]
    ]
    page = Page(
        "province",
        adcode,
        _("Provincial dashboard: %(region)s") % {"region": charts.region_name(adcode)},
        year,
        [
            charts.ranking(cities, "cities", _("Regional index by city")),
            *(
                [charts.trend(selectors.series(level="province", region=adcode), with_index=True)]
                if full
                else []
            ),
            charts.industries(snap),
            charts.pyramid(snap),
            charts.grades(snap.payload.get("grades") if snap else None),
            *([charts.degrees(snap)] if full else []),
        ],
        extra={"snapshot": snap, "public": not full},
    )
    return _meta(page, snap)


def city(*, actor: Any, adcode: str, year: int | None) -> Page:
    selectors.require_region(actor, adcode[:4])
    year = _year(year)
    snap = selectors.snapshot(level="city", region=adcode, year=year) if year else None
    if year is not None and snap is None:
        raise Http404
    page = Page(
        "city",
        adcode,
        _("Municipal dashboard: %(region)s") % {"region": charts.region_name(adcode)},
        year,
        [
            charts.trend(selectors.series(level="city", region=adcode), with_index=True),
            charts.industries(snap),
            charts.pyramid(snap),
            charts.grades(snap.payload.get("grades") if snap else None),
            charts.degrees(snap),
        ],
        extra={"snapshot": snap},
    )
    return _meta(page, snap)


def _latest_tables(enterprise_ids: list[int]) -> dict[int, dict[str, Any]]:
    try:
        model = apps.get_model("supervision", "DynamicFiling")
    except LookupError:
        return {}
    latest = model.objects.filter(enterprise_id__in=enterprise_ids, status__in=FILED).order_by(
        "enterprise_id", "-year"
    )
    out: dict[int, dict[str, Any]] = {}
    for row in latest.values("enterprise_id", "year", "data"):
        out.setdefault(row["enterprise_id"], {"year": row["year"], **(row["data"] or {})})
    return out


def park(*, actor: Any, uscc: str) -> Page:
    unit: Park = selectors.park_for(actor=actor, uscc=uscc)
    members = list(
        Enterprise.objects.filter(
            park_memberships__park=unit, park_memberships__left_on__isnull=True
        )
        .distinct()
        .order_by("name")
    )
    ids = [m.pk for m in members]
    levels: dict[int, str] = {}
    for ent, level in Listing.objects.filter(
        enterprise_id__in=ids, removed_on__isnull=True
    ).values_list("enterprise_id", "level"):
        if ent not in levels or LEVEL_ORDER[ListLevel(level)] > LEVEL_ORDER[ListLevel(levels[ent])]:
            levels[ent] = level
    pyramid_rows = [
        [label, sum(1 for v in levels.values() if v == level.value)]
        for label, level in (
            (_("National"), ListLevel.NATIONAL),
            (_("Provincial"), ListLevel.PROVINCIAL),
            (_("Municipal"), ListLevel.MUNICIPAL),
        )
    ]
    pyramid = charts.pyramid(None)
    pyramid.rows = pyramid_rows if levels else []
    pyramid.option["series"][0]["data"] = [{"name": n, "value": v} for n, v in pyramid.rows]
    latest = GreenCode.objects.filter(enterprise_id__in=ids, current=True).aggregate(y=Max("year"))[
        "y"
    ]
    grade_counts: dict[str, int] = {}
    for grade in GreenCode.objects.filter(
        enterprise_id__in=ids, current=True, year=latest
    ).values_list("grade", flat=True):
        grade_counts[grade] = grade_counts.get(grade, 0) + 1
    tables = _latest_tables(ids)
    intensity_rows = [
        [m.name, round(float(tables[m.pk]["energy_per_value_added"]), 2)]
        for m in members
        if m.pk in tables and isinstance(tables[m.pk].get("energy_per_value_added"), int | float)
    ]
    page = Page(
        "park",
        unit.uscc,
        _("Park dashboard: %(name)s") % {"name": unit.name},
        latest,
        [
            pyramid,
            charts.grades(grade_counts),
            charts.bars(
                "members_energy",
                _("Energy per 10,000 yuan value added of the member enterprises"),
                [_("Enterprise"), _("kgce per 10,000 yuan")],
                intensity_rows,
            ),
        ],
        extra={"members": len(members)},
    )
    return page


def enterprise(*, actor: Any, uscc: str) -> Page:
    unit: Enterprise = selectors.enterprise_for(actor=actor, uscc=uscc)
    rows: list[list[Any]] = []
    try:
        model = apps.get_model("supervision", "DynamicFiling")
    except LookupError:
        model = None
    if model is not None:
        for year, data in (
            model.objects.filter(enterprise=unit, status__in=FILED)
            .order_by("year")
            .values_list("year", "data")
        ):
            data = data or {}
            rows.append([year, data.get("energy_per_value_added"), data.get("co2_per_value_added")])
    codes = list(GreenCode.objects.filter(enterprise=unit, current=True).order_by("year"))
    code_rows = [[c.year, c.rank_industry, c.industry_size] for c in codes]
    page = Page(
        "enterprise",
        unit.uscc,
        _("Enterprise dashboard: %(name)s") % {"name": unit.name},
        codes[-1].year if codes else None,
        [
            charts.lines(
                "intensity",
                _("Energy and carbon per 10,000 yuan value added"),
                [_("Year"), _("kgce per 10,000 yuan"), _("kgCO2e per 10,000 yuan")],
                rows,
            ),
            charts.lines(
                "industry_rank",
                _("Green code rank within the industry"),
                [_("Year"), _("Rank within the industry"), _("Graded units in the industry")],
                code_rows,
            ),
        ],
        extra={"codes": codes[::-1]},
    )
    return page


def index_publication(*, year: int | None) -> Page:
    year = _year(year)
    provinces = selectors.snapshots(level="province", year=year) if year else []
    economic = selectors.snapshots(level="economic", year=year) if year else []
    for s in provinces:
        s.region_label = charts.region_name(s.region)  # type: ignore[attr-defined]
    trend_rows: dict[int, dict[str, float | None]] = {}
    for s in IndexSnapshot.objects.filter(level="economic", current=True).order_by("year"):
        trend_rows.setdefault(s.year, {})[s.region] = s.index
    regions = [e.value for e in EconomicRegion]
    trend = charts.lines(
        "index_trend",
        _("Index of the economic regions by year"),
        [_("Year"), *[charts.region_name(r) for r in regions]],
        [
            [y, *[None if v.get(r) is None else round(v[r] or 0.0, 2) for r in regions]]
            for y, v in sorted(trend_rows.items())
        ],
    )
    page = Page(
        "index",
        "-",
        _("Regional green manufacturing index"),
        year,
        [
            charts.ranking(provinces, "ranking", _("Provinces ranked by the index")),
            trend,
            charts.economic(economic),
        ],
        extra={"provinces": provinces},
    )
    return _meta(page, provinces[0] if provinces else None)


def build(scope: str, key: str, *, actor: Any, year: int | None) -> Page:
    if scope == "national":
        return national(actor=actor, year=year)
    if scope == "province":
        return province(actor=actor, adcode=key, year=year)
    if scope == "city":
        return city(actor=actor, adcode=key, year=year)
    if scope == "park":
        return park(actor=actor, uscc=key)
    if scope == "enterprise":
        return enterprise(actor=actor, uscc=key)
    if scope == "index":
        return index_publication(year=year)
    raise Http404
