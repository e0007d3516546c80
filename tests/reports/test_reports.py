"""Evaluation reports: structure, both languages, Chinese in the PDF, the content hash."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from greenmfg.core.evaluation import evaluate, load_standard
from greenmfg.core.evaluation.inputs import load_input
from greenmfg.reports import ReportContext, Signature, content_hash, render_html, render_pdf
from greenmfg.reports.radar import radar_svg

INPUT = Path(__file__).parents[1] / "core" / "evaluation" / "data" / "cement-filing.json"


@pytest.fixture(scope="module")
def context_args() -> dict:
    inp = load_input(INPUT)
    standard = load_standard("GF-CEMENT-2025")
    result = evaluate(standard, metrics=inp.metrics, answers=inp.answers, vetoes=inp.vetoes)
    assert inp.accounting is not None
    return {
        "standard": standard,
        "result": result,
        "enterprise": inp.enterprise,
        "year": inp.year,
        "accounting": inp.accounting.to_dict(),
        "evidence": inp.evidence,
    }


def test_html_follows_the_evaluation_order_in_chinese(context_args: dict) -> None:
    html = render_html(ReportContext.build(**context_args, lang="zh"))
    order = [
        "一、否决条件",
        "二、基本要求",
        "三、评分指标",
        "四、评价结论",
        "五、能源与碳排放核算",
        "六、证明材料清单",
    ]
    positions = [html.index(h) for h in order]
    assert positions == sorted(positions)
    assert "<svg" in html and "能源低碳化" in html  # radar with category names
    assert "<script" not in html
    assert "未核实" in html  # unverified weights are flagged
    assert "苏州示例水泥有限公司" in html
    assert "ISO 9001 certificate 2023.pdf" in html  # evidence provided
    # the factors used by the accounting appear with their source
    assert "grid.CN.location" in html


def test_english_report(context_args: dict) -> None:
    html = render_html(ReportContext.build(**context_args, lang="en"))
    assert "1. Veto conditions" in html
    assert "Low-carbon energy" in html
    assert "unverified" in html
    assert "一、否决条件" not in html


def test_report_without_accounting_says_so(context_args: dict) -> None:
    args = {**context_args, "accounting": None}
    html = render_html(ReportContext.build(**args, lang="en"))
    assert "No energy accounting was attached" in html


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_pdf_renders_chinese_headings(context_args: dict, tmp_path: Path) -> None:
    pdf = render_pdf(ReportContext.build(**context_args, lang="zh"))
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    for heading in (
        "绿色工厂评价报告",
        "一、否决条件",
        "二、基本要求",
        "三、评分指标",
        "四、评价结论",
    ):
        assert heading in text, heading


def test_signed_hash_covers_content_not_language(context_args: dict) -> None:
    signature = Signature(evaluator="王工", institution="示例评价中心", signed_on=date(2026, 3, 1))
    zh = ReportContext.build(**context_args, signature=signature, lang="zh")
    en = ReportContext.build(**context_args, signature=signature, lang="en")
    assert content_hash(zh) == content_hash(en)
    assert len(content_hash(zh)) == 64
    html = render_html(zh)
    assert content_hash(zh) in html
    assert "王工" in html and "示例评价中心" in html and "2026-03-01" in html
    other = Signature(evaluator="李工", institution="示例评价中心", signed_on=date(2026, 3, 1))
    assert content_hash(ReportContext.build(**context_args, signature=other)) != content_hash(zh)
    unsigned = ReportContext.build(**context_args)
    assert content_hash(unsigned) != content_hash(zh)


def test_radar_svg_geometry() -> None:
    svg = radar_svg(["A", "B", "C", "D"], [100.0, 50.0, 0.0, 120.0], size=200)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<circle") == 4
    # fewer than three categories fall back to bars
    assert "<rect" in radar_svg(["A", "B"], [10.0, 20.0])
    with pytest.raises(ValueError):
        radar_svg(["A"], [1.0, 2.0])
