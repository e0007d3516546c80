"""Excel export of the public list (Chinese headers, one row per listing)."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils import translation
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from greenmfg.platform.registry import labels
from greenmfg.platform.registry.models import Listing

EXPORT_LIMIT = 100_000
"""Most rows one export writes (a national deployment has ~10^4–10^5 listings)."""

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


def listing_row(listing: Listing) -> tuple[object, ...]:
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
        str(listing.get_kind_display()),
        str(listing.get_level_display()),
        listing.year,
        listing.batch,
        listing.listed_on,
        listing.removed_on,
        listing.removal_reason,
    )


def listings_workbook(listings: Iterable[Listing]) -> bytes:
    """An .xlsx file of ``listings`` with Chinese headers and labels, whatever the UI language."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("绿色制造名单")
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(HEADERS)
    with translation.override("zh-hans"):
        for count, listing in enumerate(listings):
            if count >= EXPORT_LIMIT:
                break
            sheet.append(listing_row(listing))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
