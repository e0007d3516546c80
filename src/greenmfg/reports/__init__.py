"""Evaluation reports (评价报告): HTML (Jinja2) and PDF (WeasyPrint), zh-Hans and English.

Structure (the order evaluations use, green_system_rules.md §1.4): veto conditions →
basic requirements → scored indicators → conclusion, then the accounting tables with the
factors used, the evidence list, the unverified figures and the signature.

A third-party evaluator signs: evaluator, institution, date and the SHA-256 hash of the
report's canonical content (:func:`content_hash`), printed on the report and verifiable
on the platform.  The hash covers the evaluation, not the language it is printed in, so
the Chinese and English reports of one evaluation carry the same hash.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from greenmfg.core.evaluation.engine import EvaluationResult
from greenmfg.core.evaluation.schema import IndicatorSet
from greenmfg.reports.radar import radar_svg
from greenmfg.reports.strings import STRINGS

__all__ = [
    "ReportContext",
    "Signature",
    "canonical_content",
    "content_hash",
    "render_html",
    "render_pdf",
    "write_report",
]


@dataclass(frozen=True)
class Signature:
    """Who signs a third-party evaluation report (第三方评价机构)."""

    evaluator: str
    institution: str
    signed_on: date

    def as_dict(self) -> dict[str, str]:
        return {
            "evaluator": self.evaluator,
            "institution": self.institution,
            "date": self.signed_on.isoformat(),
        }


@dataclass(frozen=True)
class ReportContext:
    standard: IndicatorSet
    result: EvaluationResult
    enterprise: dict[str, Any] | None = None
    year: int | None = None
    accounting: dict[str, Any] | None = None  # AccountingResult.to_dict()
    evidence: dict[str, list[str]] = field(default_factory=dict)  # code → documents provided
    signature: Signature | None = None
    lang: str = "zh"
    generated_at: datetime | None = None

    @classmethod
    def build(
        cls,
        *,
        standard: IndicatorSet,
        result: EvaluationResult,
        enterprise: dict[str, Any] | None = None,
        year: int | None = None,
        accounting: dict[str, Any] | None = None,
        evidence: dict[str, list[str]] | None = None,
        signature: Signature | None = None,
        lang: str = "zh",
    ) -> ReportContext:
        if lang not in STRINGS:
            raise ValueError(f"lang must be one of {', '.join(STRINGS)}")
        return cls(
            standard=standard,
            result=result,
            enterprise=enterprise,
            year=year,
            accounting=accounting,
            evidence=dict(evidence or {}),
            signature=signature,
            lang=lang,
            generated_at=datetime.now(tz=UTC),
        )


def canonical_content(ctx: ReportContext) -> str:
    """The report's content as canonical JSON (sorted keys, no whitespace): what the hash
    covers.  Language and generation time are presentation, not content."""
    payload = {
        "standard": ctx.standard.code,
        "standard_edition": ctx.standard.metadata.edition,
        "result": ctx.result.model_dump(mode="json"),
        "enterprise": ctx.enterprise,
        "year": ctx.year,
        "accounting": {
            "metrics": ctx.accounting.get("metrics"),
            "factors_used": ctx.accounting.get("factors_used"),
            "factor_set_version": ctx.accounting.get("factor_set_version"),
        }
        if ctx.accounting
        else None,
        "evidence": {k: sorted(v) for k, v in sorted(ctx.evidence.items())},
        "signature": ctx.signature.as_dict() if ctx.signature else None,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(ctx: ReportContext) -> str:
    return hashlib.sha256(canonical_content(ctx).encode("utf-8")).hexdigest()


_env = Environment(
    loader=PackageLoader("greenmfg.reports", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _fmt(value: Any, digits: int = 4) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return f"{value:,.{digits}g}" if abs(value) < 1e15 else f"{value:.3e}"
    return str(value)


_env.filters["num"] = _fmt


def _template_context(ctx: ReportContext) -> dict[str, Any]:
    t = STRINGS[ctx.lang]
    zh = ctx.lang == "zh"
    result = ctx.result
    labels = [c.name_zh if zh else c.name_en for c in result.categories]
    radar = radar_svg(labels, [c.score for c in result.categories], title=t["radar"])
    evidence_rows = []
    for req in result.basic_requirements:
        evidence_rows.append(
            (
                req.code,
                req.text_zh if zh else req.text_en,
                req.evidence,
                ctx.evidence.get(req.code, []),
            )
        )
    for ind in result.indicators:
        if ind.items:
            for item in ind.items:
                evidence_rows.append(
                    (
                        item.code,
                        item.text_zh if zh else item.text_en,
                        item.evidence,
                        ctx.evidence.get(item.code, []),
                    )
                )
        elif ind.evidence or ctx.evidence.get(ind.code):
            evidence_rows.append(
                (
                    ind.code,
                    ind.name_zh if zh else ind.name_en,
                    ind.evidence,
                    ctx.evidence.get(ind.code, []),
                )
            )
    return {
        "t": t,
        "zh": zh,
        "lang": "zh-Hans" if zh else "en",
        "s": ctx.standard,
        "r": result,
        "enterprise": ctx.enterprise or {},
        "year": ctx.year,
        "acc": ctx.accounting,
        "evidence_rows": evidence_rows,
        "radar": radar,
        "signature": ctx.signature,
        "hash": content_hash(ctx),
        "generated": (ctx.generated_at or datetime.now(tz=UTC)).strftime("%Y-%m-%d %H:%M UTC"),
        "title": f"{t['kind_' + result.kind]}{t['report_title'] if zh else ' ' + t['report_title'].lower()}",
    }


def render_html(ctx: ReportContext) -> str:
    return _env.get_template("evaluation.html.j2").render(**_template_context(ctx))


def render_pdf(ctx: ReportContext) -> bytes:
    from weasyprint import HTML

    pdf = HTML(string=render_html(ctx)).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def write_report(ctx: ReportContext, path: Path) -> str:
    """Write ``path`` (.pdf or .html); returns the content hash printed on it."""
    if path.suffix.lower() == ".pdf":
        path.write_bytes(render_pdf(ctx))
    else:
        path.write_text(render_html(ctx), encoding="utf-8")
    return content_hash(ctx)
