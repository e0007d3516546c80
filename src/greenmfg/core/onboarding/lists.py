"""Rows of an official list annex (名单附件): a list, a removal notice (撤销名单) or a
rename notice (更名名单), read from the layout the user confirmed.

Every row is checked before anything is matched or written; every problem is reported
with its row and column (:class:`ImportInvalidError`): an empty name, a credit code that
fails GB 32100 (wrong check character …), the same unit twice in the list.  A row with a
single filled cell that names a region (``苏州市``) is a heading: the rows under it
without a region of their own take it; other one-cell rows (``一、绿色工厂``) are headings
too and are skipped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from greenmfg.core.codes import uscc as uscc_codes
from greenmfg.core.errors import ImportInvalidError, ImportIssue, InvalidUSCCError
from greenmfg.core.onboarding.layout import Field, Layout, data_rows
from greenmfg.core.onboarding.names import clean_name, exact_form
from greenmfg.core.onboarding.regions import resolve_region
from greenmfg.core.onboarding.tables import Sheet, TableRow


class Section(StrEnum):
    """What a notice's annex does to the list."""

    LIST = "list"  # 名单: units added to the list
    REMOVALS = "removals"  # 撤销名单: units taken off the list
    RENAMES = "renames"  # 更名名单: listed units that changed their name


_SEQ = Field("seq", "序号", "No.", ("序号", "编号", "No.", "No"))
_REGION = Field(
    "region",
    "地区",
    "Region",
    (
        "地区",
        "地市",
        "所在地区",
        "所在地市",
        "所属地区",
        "所属地市",
        "所在地",
        "城市",
        "设区市",
        "市",
        "省份",
        "省(区、市)",
        "省（区、市）",
        "省(区,市)",
        "地区(市)",
        "属地",
    ),
)
_NAME = Field(
    "name",
    "企业名称",
    "Name",
    (
        "企业名称",
        "单位名称",
        "名称",
        "企业",
        "园区名称",
        "工厂名称",
        "申报单位",
        "企业(单位)名称",
        "企业（单位）名称",
        "供应链管理企业名称",
        "申报企业",
        "企业名",
    ),
    required=True,
)
_USCC = Field(
    "uscc",
    "统一社会信用代码",
    "Credit code",
    ("统一社会信用代码", "社会信用代码", "信用代码", "统一代码"),
)
_INDUSTRY = Field(
    "industry", "行业", "Industry", ("行业", "所属行业", "行业类别", "行业代码", "所属行业代码")
)
_PRODUCT = Field("product", "产品", "Product", ("产品", "产品名称", "产品类别", "主要产品"))
_OLD = Field(
    "old_name",
    "原名称",
    "Former name",
    ("原名称", "原企业名称", "原单位名称", "曾用名", "更名前名称", "变更前名称", "原名"),
    required=True,
)
_NEW = Field(
    "new_name",
    "新名称",
    "New name",
    ("新名称", "现名称", "变更后名称", "更名后名称", "现企业名称", "新企业名称", "更名后"),
    required=True,
)
_REASON = Field("reason", "原因", "Reason", ("原因", "撤销原因", "移出原因", "理由", "撤销理由"))
_REMARK = Field("remark", "备注", "Remark", ("备注", "说明"))

FIELDS: Final[dict[Section, tuple[Field, ...]]] = {
    Section.LIST: (_SEQ, _REGION, _NAME, _USCC, _INDUSTRY, _PRODUCT, _REMARK),
    Section.REMOVALS: (_SEQ, _REGION, _NAME, _USCC, _REASON, _REMARK),
    Section.RENAMES: (_SEQ, _REGION, _OLD, _NEW, _USCC, _REMARK),
}


@dataclass(frozen=True, slots=True)
class ListRow:
    number: int
    where: str
    name: str  # for a rename: the former name (原名称)
    region_text: str = ""
    region_adcode: str = ""  # the resolved GB/T 2260 code ("" when none)
    uscc: str = ""
    industry: str = ""
    product: str = ""
    new_name: str = ""
    reason: str = ""
    page: int | None = None
    cells: tuple[str, ...] = ()


def _issue(
    sheet: Sheet,
    row: TableRow,
    layout: Layout,
    key: str,
    *,
    message: str,
    expected: str,
    params: Mapping[str, Any] | None = None,
) -> ImportIssue:
    """An issue at ``row``; a PDF row is numbered over the whole annex, and its page is
    kept in ``params["page"]``."""
    index = layout.columns.get(key)
    column = layout.header.cell(index) or key if index is not None else key
    return ImportIssue(
        message=message,
        sheet=sheet.name,
        row=row.number,
        column=column,
        expected=expected,
        params={**(params or {}), "page": row.page},
    )


def parse_rows(
    sheet: Sheet, layout: Layout, section: Section, *, file: str, within: str = ""
) -> list[ListRow]:
    """Checked rows of the annex (``within``: the authority's adcode prefix)."""
    col = layout.columns
    name_key = "old_name" if section is Section.RENAMES else "name"
    issues: list[ImportIssue] = []
    rows: list[ListRow] = []
    heading_region = ""
    heading_text = ""
    seen_uscc: dict[str, int] = {}
    seen_name: dict[tuple[str, str], int] = {}
    for row in data_rows(sheet, layout):
        filled = [c for c in row.cells if c]
        name = clean_name(row.cell(col.get(name_key)))
        if len(filled) == 1 and not (name and len(exact_form(name)) > 8):
            region = resolve_region(filled[0], within=within)
            if region is not None:
                heading_region, heading_text = region.adcode, filled[0]
            continue
        if not name:
            issues.append(
                _issue(
                    sheet,
                    row,
                    layout,
                    name_key,
                    message="the name is empty",
                    expected="the unit's name",
                )
            )
            continue
        region_text = row.cell(col.get("region")) or heading_text
        region = resolve_region(region_text, within=within) if region_text else None
        if region_text and region is None:
            issues.append(
                _issue(
                    sheet,
                    row,
                    layout,
                    "region",
                    message="%(region)r is not a region GB/T 2260 knows",
                    expected="a province or city name (e.g. 苏州市) or a 6-digit code",
                    params={"region": region_text},
                )
            )
        code = row.cell(col.get("uscc")).upper().replace(" ", "")
        if code:
            try:
                uscc_codes.validate(code)
            except InvalidUSCCError as err:
                issues.append(
                    _issue(
                        sheet,
                        row,
                        layout,
                        "uscc",
                        message=err.template,
                        expected="an 18-character code (GB 32100-2015)",
                        params=err.params,
                    )
                )
        new_name = clean_name(row.cell(col.get("new_name")))
        if section is Section.RENAMES and not new_name:
            issues.append(
                _issue(
                    sheet,
                    row,
                    layout,
                    "new_name",
                    message="the new name is empty",
                    expected="the unit's new name",
                )
            )
        if code and code in seen_uscc:
            issues.append(
                _issue(
                    sheet,
                    row,
                    layout,
                    "uscc",
                    message="the same unit (%(uscc)s) is already in row %(first_row)d",
                    expected="each unit once in a list",
                    params={"uscc": code, "first_row": seen_uscc[code]},
                )
            )
        region_code = region.adcode if region is not None else heading_region
        key = (exact_form(name) + "|" + row.cell(col.get("product")), region_code[:4])
        if key in seen_name:
            issues.append(
                _issue(
                    sheet,
                    row,
                    layout,
                    name_key,
                    message="%(name)s is already in row %(first_row)d",
                    expected="each unit once in a list",
                    params={"name": name, "first_row": seen_name[key]},
                )
            )
        if code:
            seen_uscc.setdefault(code, row.number)
        seen_name.setdefault(key, row.number)
        rows.append(
            ListRow(
                number=row.number,
                where=row.where,
                name=name,
                region_text=region_text,
                region_adcode=region_code,
                uscc=code,
                industry=row.cell(col.get("industry")),
                product=clean_name(row.cell(col.get("product"))),
                new_name=new_name,
                reason=row.cell(col.get("reason")) or row.cell(col.get("remark")),
                page=row.page,
                cells=row.cells,
            )
        )
    if issues:
        raise ImportInvalidError(file=file, issues=issues)
    if not rows:
        raise ImportInvalidError(
            file=file,
            issues=[
                ImportIssue(
                    message="the list has no rows below its header",
                    sheet=sheet.name,
                    row=layout.header.number,
                    expected="one row per unit",
                )
            ],
        )
    return rows


def duplicate_issue(
    first: ListRow, second: ListRow, unit: str, *, sheet: str | None = None
) -> ImportIssue:
    """The same registered unit named by two rows (e.g. under two spellings)."""
    return ImportIssue(
        message="%(name)s is the same unit as row %(first_row)d (%(first_name)s): %(unit)s",
        sheet=sheet,
        row=second.number,
        column="name",
        expected="each unit once in a list",
        params={
            "name": second.name,
            "first_row": first.number,
            "first_name": first.name,
            "unit": unit,
            "page": second.page,
        },
    )


def fields_for(section: Section | str) -> Sequence[Field]:
    return FIELDS[Section(section)]
