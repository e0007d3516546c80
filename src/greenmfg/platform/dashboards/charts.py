"""Chart definitions: each chart is an ECharts option plus the table behind it.

The same :class:`Chart` renders on the page (``option``, with the toolbox's PNG export)
and downloads as Excel (``headers`` + ``rows``), so the picture and the workbook always
show the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from greenmfg.core.codes import regions as region_codes
from greenmfg.platform.dashboards.models import IndexSnapshot
from greenmfg.platform.registry import labels

# Okabe–Ito: eight colours told apart with every common colour-vision deficiency
# (Okabe & Ito, "Color Universal Design", 2008); series keep this order.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Text on charts: #212529 on white has a contrast of 15.4:1 (WCAG AA asks 4.5:1).
TEXT = "#212529"


@dataclass
class Chart:
    id: str
    title: str
    headers: list[str]
    rows: list[list[Any]]
    option: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    height: int = 360  # px; a chart with one bar per region grows with the regions

    @property
    def has_data(self) -> bool:
        return bool(self.rows)


def _zh() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


def region_name(code: str) -> str:
    if code == "CN":
        return _("China")
    try:
        economic = region_codes.EconomicRegion(code)
    except ValueError:
        pass
    else:
        return economic.name_zh if _zh() else economic.name_en
    return labels.region_name(code, english=not _zh())


def industry_name(code: str) -> str:
    return labels.industry_name(code, english=not _zh()) if code else _("Unknown industry")


def _base(title: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    option: dict[str, Any] = {
        "color": PALETTE,
        "textStyle": {"color": TEXT},
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14, "color": TEXT}},
        "tooltip": {},
        "toolbox": {
            "feature": {"saveAsImage": {"title": _("Save as PNG"), "pixelRatio": 2}},
            "right": 10,
        },
        "animation": False,
    }
    option.update(extra or {})
    return option


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def pyramid(snapshot: IndexSnapshot | None) -> Chart:
    """The gradient pyramid (梯度培育): listed units by level."""
    counts = (snapshot.payload.get("aggregate", {}) if snapshot else {}) or {}
    levels = [
        (_("National"), counts.get("listed_national", 0)),
        (_("Provincial"), counts.get("listed_provincial", 0)),
        (_("Municipal"), counts.get("listed_municipal", 0)),
    ]
    rows = [[name, n] for name, n in levels] if counts else []
    title = _("Gradient pyramid: listed units by level")
    option = _base(
        title,
        {
            "tooltip": {"trigger": "item"},
            "series": [
                {
                    "type": "funnel",
                    "sort": "ascending",
                    "top": 40,
                    "label": {"show": True, "position": "inside", "formatter": "{b}: {c}"},
                    "data": [{"name": name, "value": n} for name, n in rows],
                }
            ],
        },
    )
    return Chart("pyramid", title, [_("Level"), _("Listed units")], rows, option)


def grades(counts: dict[str, int] | None) -> Chart:
    counts = counts or {}
    rows = [[g, counts.get(g, 0)] for g in ("A+", "A", "B")] if any(counts.values()) else []
    title = _("Green code distribution")
    option = _base(
        title,
        {
            "tooltip": {"trigger": "item"},
            "legend": {"bottom": 0},
            "series": [
                {
                    "type": "pie",
                    "radius": ["35%", "65%"],
                    "label": {"formatter": "{b}: {c} ({d}%)"},
                    "data": [{"name": g, "value": n} for g, n in rows],
                }
            ],
        },
    )
    return Chart("grades", title, [_("Grade"), _("Units")], rows, option)


def industries(snapshot: IndexSnapshot | None, top: int = 15) -> Chart:
    counts: dict[str, int] = (snapshot.payload.get("industries", {}) if snapshot else {}) or {}
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    rows = [[code, industry_name(code), n] for code, n in ordered]
    title = _("Listed units by industry")
    names = [r[1] for r in rows][::-1]
    option = _base(
        title,
        {
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 200, "right": 30, "top": 40, "bottom": 30},
            "xAxis": {"type": "value", "minInterval": 1},
            "yAxis": {
                "type": "category",
                "data": names,
                "axisLabel": {"width": 190, "overflow": "truncate"},
            },
            "series": [
                {"type": "bar", "name": _("Listed units"), "data": [r[2] for r in rows][::-1]}
            ],
        },
    )
    return Chart(
        "industries", title, [_("Division"), _("Industry"), _("Listed units")], rows, option
    )


def trend(series: Sequence[IndexSnapshot], *, with_index: bool) -> Chart:
    years = [s.year for s in series]
    energy = [_r(s.payload.get("indicators", {}).get("energy_intensity"), 4) for s in series]
    carbon = [_r(s.payload.get("indicators", {}).get("carbon_intensity"), 4) for s in series]
    index = [_r(s.index) for s in series]
    headers = [
        _("Year"),
        _("Energy per 10,000 yuan output (tce)"),
        _("CO2e per 10,000 yuan output (t)"),
    ]
    rows: list[list[Any]] = [[y, e, c] for y, e, c in zip(years, energy, carbon, strict=True)]
    series_opts: list[dict[str, Any]] = [
        {"type": "line", "name": headers[1], "data": energy, "connectNulls": False},
        {"type": "line", "name": headers[2], "data": carbon, "connectNulls": False},
    ]
    if with_index:
        headers.append(_("Index"))
        for row, value in zip(rows, index, strict=True):
            row.append(value)
        series_opts.append({"type": "line", "name": _("Index"), "yAxisIndex": 1, "data": index})
    if all(v is None for r in rows for v in r[1:]):
        rows = []
    title = _("Trend of energy and carbon intensity")
    option = _base(
        title,
        {
            "tooltip": {"trigger": "axis"},
            "legend": {"bottom": 0},
            "grid": {"top": 50, "bottom": 60, "left": 60, "right": 60},
            "xAxis": {"type": "category", "data": [str(y) for y in years]},
            "yAxis": [{"type": "value"}, {"type": "value", "min": 0, "max": 100}]
            if with_index
            else [{"type": "value"}],
            "series": series_opts,
        },
    )
    return Chart("trend", title, headers, rows, option)


# Tile grid of the provinces (row, column): a schematic map, since no GeoJSON is shipped.
TILES: dict[str, tuple[int, int]] = {
    "230000": (0, 8),
    "650000": (1, 1), "150000": (1, 5), "110000": (1, 6), "220000": (1, 8),
    "620000": (2, 3), "640000": (2, 4), "140000": (2, 5), "120000": (2, 6), "130000": (2, 7), "210000": (2, 8),
    "630000": (3, 2), "610000": (3, 4), "410000": (3, 5), "370000": (3, 6),
    "540000": (4, 1), "510000": (4, 3), "500000": (4, 4), "420000": (4, 5), "340000": (4, 6), "320000": (4, 7),
    "520000": (5, 4), "430000": (5, 5), "360000": (5, 6), "330000": (5, 7), "310000": (5, 8),
    "530000": (6, 3), "450000": (6, 4), "440000": (6, 5), "350000": (6, 6), "710000": (6, 8),
    "460000": (7, 4), "820000": (7, 5), "810000": (7, 6),
}  # fmt: skip


def tiles(province_snapshots: Sequence[IndexSnapshot]) -> Chart:
    """Provinces on a tile grid coloured by the index; "no data" tiles in grey."""
    by_region = {s.region: s for s in province_snapshots}
    known = {p.adcode for p in region_codes.provinces()}
    codes = sorted((set(TILES) & known) | set(by_region))
    extra_col = 0
    data, empty, rows = [], [], []
    for code in codes:
        row, col = TILES.get(code, (8, extra_col))
        if code not in TILES:
            extra_col += 1
        snap = by_region.get(code)
        name = region_name(code)
        short = name[:3] if _zh() else name.split()[0][:9]
        if snap is not None and snap.index is not None:
            data.append({"name": short, "value": [col, row, round(snap.index, 1)]})
            rows.append([code, name, round(snap.index, 2), snap.rank])
        else:
            empty.append({"name": short, "value": [col, row, 0]})
            rows.append([code, name, None, None])
    if not data:
        rows = []
    title = _("Regional index by province")
    option = _base(
        title,
        {
            "tooltip": {"trigger": "item"},
            "grid": {"top": 40, "bottom": 50, "left": 10, "right": 10},
            "xAxis": {"type": "category", "data": list(range(10)), "show": False},
            "yAxis": {"type": "category", "data": list(range(9)), "show": False, "inverse": True},
            "visualMap": {
                "min": 0, "max": 100, "calculable": True, "orient": "horizontal",
                "left": "center", "bottom": 0, "seriesIndex": 0,
                # light to mid green: lightness carries the value (readable without hue), and
                # the darkest tile keeps dark labels at 4.9:1 (WCAG AA 4.5:1)
                "inRange": {"color": ["#f7fcb9", "#addd8e", "#78c679", "#31a354"]},
            },
            "series": [
                {"type": "heatmap", "name": _("Index"), "data": data,
                 "label": {"show": True, "formatter": "{b}", "color": TEXT}, "itemStyle": {"borderColor": "#fff", "borderWidth": 2}},
                {"type": "scatter", "name": _("No data"), "symbol": "rect", "symbolSize": 38,
                 "itemStyle": {"color": "#e0e0e0"}, "data": empty,
                 "label": {"show": True, "formatter": "{b}", "color": "#495057"}},
            ],
        },
    )  # fmt: skip
    return Chart("tiles", title, [_("Code"), _("Province"), _("Index"), _("Rank")], rows, option)


def ranking(snapshots_: Sequence[IndexSnapshot], chart_id: str, title: str, top: int = 40) -> Chart:
    """Regions as horizontal bars sorted by the index (best on top), one readable label
    per bar: the chart is as tall as its regions need (24 px a bar)."""
    ranked = sorted(
        (s for s in snapshots_ if s.index is not None), key=lambda s: (-(s.index or 0.0), s.region)
    )[:top]
    rows = [[s.rank, s.region, region_name(s.region), round(s.index or 0.0, 2)] for s in ranked]
    option = _base(
        title,
        {
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 10, "right": 50, "top": 40, "bottom": 30, "containLabel": True},
            "xAxis": {"type": "value", "min": 0, "max": 100},
            "yAxis": {
                "type": "category",
                "data": [r[2] for r in rows][::-1],
                "axisLabel": {"interval": 0, "fontSize": 12, "color": TEXT},
            },
            "series": [
                {
                    "type": "bar",
                    "name": _("Index"),
                    "data": [r[3] for r in rows][::-1],
                    "label": {"show": True, "position": "right", "color": TEXT},
                }
            ],
        },
    )
    return Chart(
        chart_id,
        title,
        [_("Rank"), _("Code"), _("Region"), _("Index")],
        rows,
        option,
        height=max(360, 24 * len(rows) + 80),
    )


def economic(snapshots_: Sequence[IndexSnapshot]) -> Chart:
    order = [e.value for e in region_codes.EconomicRegion]
    by_region = {s.region: s for s in snapshots_}
    rows = []
    for code in order:
        s = by_region.get(code)
        pillars = s.payload.get("pillars", {}) if s else {}
        rows.append(
            [
                region_name(code),
                _r(s.index) if s else None,
                _r(pillars.get("coverage")),
                _r(pillars.get("performance")),
                _r(pillars.get("dynamics")),
            ]
        )
    if all(r[1] is None for r in rows):
        rows = []
    headers = [_("Region"), _("Index"), _("Coverage"), _("Performance"), _("Dynamics")]
    title = _("East, central, west and northeast compared")
    option = _base(
        title,
        {
            "tooltip": {"trigger": "axis"},
            "legend": {"bottom": 0},
            "grid": {"top": 50, "bottom": 60},
            "xAxis": {"type": "category", "data": [r[0] for r in rows]},
            "yAxis": {"type": "value", "min": 0, "max": 100},
            "series": [
                {
                    "type": "bar",
                    "name": headers[i],
                    "data": [r[i] for r in rows],
                    # each bar's value on it, in the reader's number format (the page's
                    # script formats {c}: thousand separators, 万/亿, no exponent)
                    "label": {
                        "show": True,
                        "position": "top",
                        "formatter": "{c}",
                        "fontSize": 10,
                        "color": TEXT,
                    },
                }
                for i in range(1, 5)
            ],
        },
    )
    return Chart("economic", title, headers, rows, option)


def bars(chart_id: str, title: str, headers: list[str], rows: list[list[Any]]) -> Chart:
    """A simple bar chart of ``rows`` = [[label, value], …]."""
    option = _base(
        title,
        {
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 60, "right": 30, "top": 40, "bottom": 80},
            "xAxis": {
                "type": "category",
                "data": [r[0] for r in rows],
                "axisLabel": {"rotate": 30},
            },
            "yAxis": {"type": "value"},
            "series": [{"type": "bar", "name": headers[1], "data": [r[1] for r in rows]}],
        },
    )
    return Chart(chart_id, title, headers, rows, option)


def lines(
    chart_id: str, title: str, headers: list[str], rows: list[list[Any]], *, inverse: bool = False
) -> Chart:
    """A line chart: x = rows[i][0], one series per further column."""
    option = _base(
        title,
        {
            "tooltip": {"trigger": "axis"},
            "legend": {"bottom": 0},
            "grid": {"top": 50, "bottom": 60, "left": 60, "right": 30},
            "xAxis": {"type": "category", "data": [str(r[0]) for r in rows]},
            "yAxis": {"type": "value", "inverse": inverse, "minInterval": 1},
            "series": [
                {"type": "line", "name": headers[i], "data": [r[i] for r in rows]}
                for i in range(1, len(headers))
            ],
        },
    )
    return Chart(chart_id, title, headers, rows, option)


def degrees(snapshot: IndexSnapshot | None) -> Chart:
    """Green manufacturing degrees (GD / LCD / CD / SD): output-weighted mean and median."""
    data: dict[str, Any] = (snapshot.payload.get("degrees", {}) if snapshot else {}) or {}
    names = {
        "gd": _("Green degree GD"),
        "lcd": _("Low-carbon degree LCD"),
        "cd": _("Circular degree CD"),
        "sd": _("Smart degree SD"),
    }
    rows = [
        [names[k], _r(v.get("weighted_mean"), 3), _r(v.get("median"), 3), v.get("count", 0)]
        for k, v in data.items()
        if k in names
    ]
    if not any(r[3] for r in rows):
        rows = []
    headers = [_("Degree"), _("Output-weighted mean"), _("Median"), _("Units")]
    title = _("Green manufacturing degrees")
    option = _base(
        title,
        {
            "tooltip": {"trigger": "axis"},
            "legend": {"bottom": 0},
            "grid": {"top": 50, "bottom": 60},
            "xAxis": {
                "type": "category",
                "data": [r[0] for r in rows],
                "axisLabel": {"interval": 0, "width": 110, "overflow": "break"},
            },
            "yAxis": {"type": "value"},
            "series": [
                {"type": "bar", "name": headers[1], "data": [r[1] for r in rows]},
                {"type": "bar", "name": headers[2], "data": [r[2] for r in rows]},
            ],
        },
    )
    note = _("A degree no unit has is shown as no data, never 0.")
    return Chart("degrees", title, headers, rows, option, note)
