"""Excel export of the public list (Chinese headers, one row per listing)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import xlsxwriter
from django.utils import translation

from greenmfg.core.spreadsheet import xlsxwriter_row
from greenmfg.platform.registry import labels
from greenmfg.platform.registry.models import Listing

EXPORT_LIMIT = 200_000
"""Most rows one export writes (a national deployment has ~10^5 listings, all years).

A larger result gets a last row saying it was cut, so a truncated file never passes for
a complete one.  A deployment may change it with the ``GREENMFG_EXPORT_LIMIT`` setting."""


def export_limit() -> int:
    from django.conf import settings

    return int(getattr(settings, "GREENMFG_EXPORT_LIMIT", EXPORT_LIMIT))


TRUNCATED_NOTE = "仅导出前 %d 条记录，请缩小筛选范围后分批导出。"

HEADERS = (
    "单位名称",
    "统一社会信用代码",
    "产品",
    "省份",
    "城市",
    "行政区划代码",
    "行业代码",
    "行业",
    "载体类型",
    "名单层级",
    "年度",
    "批次",
    "入选日期",
    "退出日期",
    "退出原因",
)
WIDTHS = (36, 22, 24, 12, 14, 12, 10, 24, 22, 10, 8, 16, 12, 12, 30)


def _labels() -> tuple[dict[str, str], dict[str, str]]:
    with translation.override("zh-hans"):
        kinds = {value: str(label) for value, label in Listing.Kind.choices}
        levels = {value: str(label) for value, label in Listing.Level.choices}
    return kinds, levels


def listing_row(
    listing: Listing, kinds: dict[str, str], levels: dict[str, str]
) -> tuple[object, ...]:
    product = listing.product
    owner = listing.enterprise or listing.park or (product.enterprise if product else None)
    industry = getattr(owner, "industry", "") if owner is not None else ""
    return (
        owner.name if owner is not None else "",
        owner.uscc if owner is not None else "",
        str(product) if product is not None else "",
        labels.province_name(listing.adcode, english=False),
        labels.city_name(listing.adcode, english=False),
        listing.adcode,
        industry,
        labels.industry_name(industry, english=False),
        kinds[listing.kind],
        levels[listing.level],
        listing.year,
        listing.batch,
        listing.listed_on,
        listing.removed_on,
        listing.removal_reason,
    )


PROGRESS_EVERY = 2_000


def listings_workbook(
    listings: Iterable[Listing], progress: Callable[[int], None] | None = None
) -> bytes:
    """An .xlsx file of ``listings`` with Chinese headers and labels, whatever the UI language.

    Written row by row (XlsxWriter's constant-memory mode through a temporary file), so a
    national export of 10^5 rows stays small in memory.  ``progress(rows)`` is called
    every :data:`PROGRESS_EVERY` rows and once at the end.
    """
    kinds, levels = _labels()
    limit = export_limit()
    with tempfile.TemporaryDirectory(prefix="greenmfg-export-") as tmp:
        path = Path(tmp) / "list.xlsx"
        workbook = xlsxwriter.Workbook(
            str(path),
            {
                "constant_memory": True,
                "default_date_format": "yyyy-mm-dd",
                "strings_to_numbers": False,
                # names are data: never formulas or live links (OWASP CSV injection)
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        sheet = workbook.add_worksheet("绿色制造名单")
        bold = workbook.add_format({"bold": True, "bg_color": "#EEF3F0"})
        inert = workbook.add_format({"quote_prefix": True})
        for index, width in enumerate(WIDTHS):
            sheet.set_column(index, index, width)
        sheet.freeze_panes(1, 0)
        sheet.write_row(0, 0, HEADERS, bold)
        written = 0
        for count, listing in enumerate(listings):
            if count >= limit:
                sheet.write(count + 1, 0, TRUNCATED_NOTE % limit)
                break
            xlsxwriter_row(sheet, count + 1, list(listing_row(listing, kinds, levels)), inert)
            written = count + 1
            if progress is not None and written % PROGRESS_EVERY == 0:
                progress(written)
        workbook.close()
        if progress is not None:
            progress(written)
        return path.read_bytes()
