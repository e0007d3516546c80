"""Reads of the filings app: region scoping and 404 for what the actor may not see."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from greenmfg.core.domain import Role
from greenmfg.platform.accounts.scoping import actor_role, visible_q
from greenmfg.platform.filings.details import record_detail
from greenmfg.platform.filings.models import AccountingRecord, AnnualFiling


def _visible(actor: Any) -> Q:
    """Own enterprise, the authority's region, or (an evaluator) the enterprises that
    engaged its institution, while the engagement is active."""
    from greenmfg.platform.evaluations.engagements import client_ids_q

    own = visible_q(actor, field="enterprise__adcode", enterprise_field="enterprise")
    if actor_role(actor) is Role.EVALUATOR:
        return own | client_ids_q(actor)
    return own


def filing_list(*, actor: Any, year: int | None = None, query: str = "") -> QuerySet[AnnualFiling]:
    """Filings the actor may see (own enterprise, or the authority's region), with the
    current accounting record prefetched."""
    qs = AnnualFiling.objects.filter(_visible(actor)).select_related("enterprise")
    if year is not None:
        qs = qs.filter(year=year)
    if query:
        qs = qs.filter(
            Q(enterprise__name__icontains=query) | Q(enterprise__uscc__startswith=query.upper())
        )
    return qs.prefetch_related(
        Prefetch(
            "records",
            queryset=AccountingRecord.objects.filter(is_current=True),
            to_attr="current_records",
        )
    ).order_by("-year", "enterprise__name")


def filing_get(*, actor: Any, pk: int) -> AnnualFiling:
    """One filing, or 404 when it does not exist or lies outside the actor's scope."""
    filing = (
        AnnualFiling.objects.filter(_visible(actor), pk=pk).select_related("enterprise").first()
    )
    if filing is None:
        raise Http404
    return filing


def current_record(filing: AnnualFiling) -> AccountingRecord | None:
    return AccountingRecord.objects.filter(filing=filing, is_current=True).first()


def previous_record(filing: AnnualFiling) -> AccountingRecord | None:
    """The record the current one replaced (for the old-versus-new comparison)."""
    return (
        AccountingRecord.objects.filter(filing=filing, is_current=False)
        .order_by("-computed_at", "-id")
        .first()
    )


def enterprise_years(
    *, actor: Any, filing: AnnualFiling
) -> list[tuple[AnnualFiling, AccountingRecord | None]]:
    """Every visible year of the same enterprise with its current record (year-on-year)."""
    rows = (
        AnnualFiling.objects.filter(_visible(actor), enterprise=filing.enterprise)
        .prefetch_related(
            Prefetch(
                "records",
                queryset=AccountingRecord.objects.filter(is_current=True),
                to_attr="current_records",
            )
        )
        .order_by("year")
    )
    return with_current(rows)


def with_current(
    filings: Iterable[AnnualFiling],
) -> list[tuple[AnnualFiling, AccountingRecord | None]]:
    """Each filing with its current record, from the ``current_records`` prefetch of
    :func:`filing_list` / :func:`enterprise_years` (no query per filing)."""
    return [(f, f.current_records[0] if f.current_records else None) for f in filings]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class StoredResult:
    metrics: dict[str, float]
    filing: dict[str, Any]
    record: AccountingRecord
    factor_set_version: str

    @property
    def result(self) -> dict[str, Any]:
        """The full result; a batch record's breakdown is completed on first read."""
        return record_detail(self.record)


def accounting_result(enterprise: Any, year: int) -> StoredResult | None:
    """Platform-internal read for other apps (dynamic management prefill): the current
    accounting of ``enterprise``'s ``year`` filing, or None."""
    record = (
        AccountingRecord.objects.filter(
            filing__enterprise=enterprise, filing__year=year, is_current=True
        )
        .select_related("filing")
        .first()
    )
    if record is None:
        return None
    return StoredResult(
        dict(record.metrics), dict(record.filing.data), record, record.factor_set_version
    )


BULK_SECTIONS = ("economics", "resources")
"""The sections of the filing data :func:`accounting_results_bulk` reads (the amounts of
the dynamic management table)."""


def accounting_results_bulk(
    enterprise_ids: list[int], year: int
) -> dict[int, tuple[dict[str, Any], dict[str, Any]]]:
    """Platform-internal bulk read: enterprise id → (metrics, filing data) of the current
    accounting record of its ``year`` filing, in one query per 5,000 enterprises.  The
    filing data holds only its :data:`BULK_SECTIONS` (read from the JSON by the database,
    not the energy lines)."""
    out: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
    ids = list(enterprise_ids)
    for start in range(0, len(ids), 5000):
        rows = AccountingRecord.objects.filter(
            filing__enterprise_id__in=ids[start : start + 5000],
            filing__year=year,
            is_current=True,
        ).values_list(
            "filing__enterprise_id", "metrics", *(f"filing__data__{s}" for s in BULK_SECTIONS)
        )
        for e, m, *sections in rows:
            data = {k: v for k, v in zip(BULK_SECTIONS, sections, strict=True) if v is not None}
            out[int(e)] = (dict(m), data)
    return out


@dataclass(frozen=True)
class QuotaGrade:
    """One product's grade against its energy-quota standard (GB 2xxxx 能耗限额)."""

    product: str
    standard: str
    indicator: str
    value: float
    unit: str
    level: str  # "1", "2", "3" or "non_compliant"
    status: str  # verified / secondary / unverified (of the quota data)


@dataclass(frozen=True)
class KeyFigures:
    """The key figures of one year's filing, from its current accounting record."""

    filing_id: int
    year: int
    equivalent_tce: float
    total_tco2e: float
    renewable_share: float | None
    energy_per_value_added: float | None
    co2_per_value_added: float | None
    water_reuse_rate: float | None
    solid_waste_utilisation_rate: float | None
    factor_set_version: str
    quotas: tuple[QuotaGrade, ...]


def _quota_grades(result: dict[str, Any]) -> tuple[QuotaGrade, ...]:
    from greenmfg.core.accounting.catalogue import PRODUCTS

    out = []
    for code, quota in sorted((result.get("quota") or {}).items()):
        if not quota:
            continue
        product = PRODUCTS[code].name_zh if code in PRODUCTS else code
        out.append(
            QuotaGrade(
                product=product,
                standard=str(quota.get("standard", "")),
                indicator=str(quota.get("indicator", "")),
                value=float(quota.get("value") or 0.0),
                unit=str(quota.get("unit", "")),
                level=str(quota.get("level")),
                status=str(quota.get("status", "unverified")),
            )
        )
    return tuple(out)


def key_figures(*, enterprise: Any, years: int = 3) -> list[KeyFigures]:
    """The key figures and quota grades of the enterprise's last ``years`` accounted
    filings, newest first (platform-internal: the caller has checked that the viewer may
    see this enterprise's filings)."""
    records = (
        AccountingRecord.objects.filter(filing__enterprise=enterprise, is_current=True)
        .select_related("filing")
        .order_by("-filing__year")[:years]
    )
    out = []
    for r in records:
        m = r.metrics or {}
        out.append(
            KeyFigures(
                filing_id=r.filing_id,
                year=r.filing.year,
                equivalent_tce=r.equivalent_tce,
                total_tco2e=r.total_tco2e,
                renewable_share=m.get("renewable_share"),
                energy_per_value_added=m.get("energy_per_value_added"),
                co2_per_value_added=m.get("co2_per_value_added"),
                water_reuse_rate=m.get("water_reuse_rate"),
                solid_waste_utilisation_rate=m.get("solid_waste_utilisation_rate"),
                factor_set_version=r.factor_set_version,
                quotas=_quota_grades(record_detail(r) or {}),
            )
        )
    return out


def filed_years(*, enterprise: Any) -> set[int]:
    return set(AnnualFiling.objects.filter(enterprise=enterprise).values_list("year", flat=True))


def records_since(*, enterprise: Any, since: Any) -> QuerySet[AccountingRecord]:
    return AccountingRecord.objects.filter(
        filing__enterprise=enterprise, is_current=True, computed_at__gt=since
    ).select_related("filing")
