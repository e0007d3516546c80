"""Official list annexes for the onboarding tests, written as a notice publishes them:
a title, a header row (序号 / 地区 / 企业名称 / 行业), ruled cells; and turned into a PDF
by LibreOffice as a provincial department does."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Border, Side

HEADER = ("序号", "地区", "企业名称", "行业")

# The registered enterprises (name, city, former names) the annex is matched against.
REGISTERED = (
    ("苏州绿源钢铁股份有限公司", "320500", ()),
    ("无锡华清新材料有限公司", "320200", ()),
    ("苏州恒泰电子科技有限公司", "320500", ("苏州恒泰电子有限公司",)),
    ("苏州东方(集团)纺织有限公司", "320500", ()),
    ("无锡明远机械制造有限公司", "320200", ()),  # already on the 2024 provincial list
    ("苏州绿色智能装备有限公司", "320500", ()),
    ("无锡锡南精密铸造厂有限公司", "320200", ()),
    ("杭州湖畔化工有限公司", "330100", ()),  # Zhejiang
)

# The annex: (地区, 企业名称, 行业) and what the import must make of each row.
ANNEX = (
    ("苏州市", "苏州绿源钢铁有限公司", "钢铁", "matched"),  # 股份有限公司 → 有限公司
    ("无锡市", "无锡华清新材料股份有限公司", "化工", "matched"),  # 有限公司 → 股份有限公司
    ("苏州市", "苏州恒泰电子有限公司", "电子", "matched"),  # the former name
    ("苏州市", "苏州东方（集团）纺织有限公司", "纺织", "matched"),  # full-width brackets
    ("无锡市", "无锡明远机械制造有限公司", "机械", "refused"),  # duplicate: already listed
    ("苏州市", "苏州绿色智造装备有限公司", "机械", "queued"),  # similar, below the threshold
    ("杭州市", "杭州湖畔化工有限公司", "化工", "refused"),  # another province
    ("苏州市", "苏州未来氢能科技有限公司", "能源", "queued"),  # not registered
    ("无锡", "无锡锡南精密铸造有限公司", "铸造", "matched"),  # fuzzy, above the threshold
)


def annex_workbook(
    rows: Sequence[Sequence[str]],
    header: Sequence[str] = HEADER,
    title: str = "2024年度江苏省绿色工厂名单",
) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "附件"
    ws.append(["附件1"])
    ws.append([title])
    ws.append(list(header))
    for i, row in enumerate(rows, start=1):
        ws.append([str(i), *row])
    thin = Side(style="thin")
    for line in ws.iter_rows(min_row=3, max_row=ws.max_row, max_col=len(header)):
        for cell in line:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 40
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def annex_rows() -> list[tuple[str, str, str]]:
    return [(region, name, industry) for region, name, industry, _expected in ANNEX]


def to_pdf(xlsx: bytes, tmp_path: Path) -> bytes:
    """The workbook printed to PDF by LibreOffice (headless)."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice not installed (scripts/system-deps.sh installs it)")
    src = tmp_path / "annex.xlsx"
    src.write_bytes(xlsx)
    out = tmp_path / "pdf"
    subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (out / "annex.pdf").read_bytes()
