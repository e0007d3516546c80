"""Reads of the onboarding app, scoped to the actor's region.

An import belongs to the region of the authority keeping its list: a city's imports are
seen by the city, its province and the ministry; the national list's only by the
ministry.  Outside the scope an object does not exist (404)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from greenmfg.core.domain import Role
from greenmfg.platform.accounts.scoping import actor_role, is_authority, region_q
from greenmfg.platform.onboarding.models import (
    CityTable,
    ListImport,
    ListImportRow,
    PastFilingsImport,
)


def may_use(actor: Any) -> bool:
    """Authorities and administrators bring data in."""
    return is_authority(actor) or actor_role(actor) is Role.ADMIN


def past_filings_imports(*, actor: Any) -> QuerySet[PastFilingsImport]:
    """The actor's own past-filings imports, newest first (an import is its uploader's)."""
    if not may_use(actor):
        return PastFilingsImport.objects.none()
    return PastFilingsImport.objects.filter(uploaded_by=actor)


def past_filings_import_get(*, actor: Any, pk: int) -> PastFilingsImport:
    record = past_filings_imports(actor=actor).filter(pk=pk).first()
    if record is None:
        raise Http404("No such import.")
    return record


def list_import_list(*, actor: Any) -> QuerySet[ListImport]:
    if not may_use(actor):
        return ListImport.objects.none()
    qs = ListImport.objects.exclude(status=ListImport.Status.DISCARDED)
    if actor_role(actor) in (Role.NATIONAL, Role.ADMIN):
        return qs.select_related("created_by")
    return (
        qs.filter(region_q(actor, "authority_adcode"))
        .exclude(authority_adcode="")
        .select_related("created_by")
    )


def list_import_get(*, actor: Any, pk: int) -> ListImport:
    imp = list_import_list(actor=actor).filter(pk=pk).first()
    if imp is None:
        raise Http404
    return imp


def list_row_get(*, actor: Any, pk: int) -> ListImportRow:
    row = ListImportRow.objects.select_related("list_import").filter(pk=pk).first()
    if row is None:
        raise Http404
    list_import_get(actor=actor, pk=row.list_import_id)
    return row


def list_rows(*, list_import: ListImport, status: str = "") -> QuerySet[ListImportRow]:
    rows = list_import.rows.select_related("enterprise", "park", "resolved_by")
    return rows.filter(status=status) if status else rows


# --------------------------------------------------------------------------- city tables
def rounds() -> QuerySet[Any]:
    from greenmfg.platform.workflow.models import Round

    return Round.objects.order_by("-year", "kind", "level")


def round_get(pk: int | str | None) -> Any:
    """The round asked for, or the latest one; 404 when there is none."""
    qs = rounds()
    found = qs.filter(pk=pk).first() if pk and str(pk).isdigit() else qs.first()
    if found is None:
        raise Http404
    return found


def city_table_uploads(*, actor: Any, round: Any) -> QuerySet[CityTable]:
    """The current uploads of the round in the actor's region."""
    if not may_use(actor):
        return CityTable.objects.none()
    return (
        CityTable.objects.filter(round=round, is_current=True)
        .filter(region_q(actor, "adcode"))
        .select_related("uploaded_by")
        .order_by("adcode", "table")
    )


_ACTIVE_STATES = (
    "draft",
    "submitted",
    "municipal_review",
    "municipal_listed",
    "provincial_review",
    "provincial_listed",
    "recommended",
    "formal_check",
    "expert_review",
    "shortlisted",
    "publicity",
)
_RECOMMENDED_STATES = (
    "municipal_listed",
    "provincial_review",
    "provincial_listed",
    "recommended",
    "formal_check",
    "expert_review",
    "shortlisted",
    "publicity",
    "listed",
)


def _round4(value: Any) -> Any:
    return round(float(value), 4) if isinstance(value, int | float) else None


def city_table_prefill(*, round: Any, adcode: str, table_key: str) -> list[dict[str, Any]]:
    """The rows the platform already knows for a city's table of a round (the template
    is prefilled with them; the city completes and corrects them)."""
    from greenmfg.core.codes import regions
    from greenmfg.platform.filings.models import AccountingRecord
    from greenmfg.platform.onboarding.services import CARRIER_ZH, LEVEL_ZH
    from greenmfg.platform.registry.models import Enterprise, Listing
    from greenmfg.platform.workflow.models import Application

    city = regions.get(adcode).name_zh
    listings = Listing.objects.filter(adcode=adcode, removed_on__isnull=True).select_related(
        "enterprise", "park"
    )
    top: dict[tuple[str, str], tuple[Any, str]] = {}
    order = {"municipal": 1, "provincial": 2, "national": 3}
    for listing in listings:
        unit = listing.enterprise or listing.park
        if unit is None:
            continue
        key = (unit.uscc, listing.kind)
        if key not in top or order[listing.level] > order[top[key][1]]:
            top[key] = (unit, listing.level)
    applications = (
        Application.objects.filter(round=round, adcode=adcode)
        .select_related("enterprise", "park", "institution")
        .order_by("-evaluation_score", "pk")
    )
    if table_key == "recommendation":
        out_rows: list[dict[str, Any]] = []
        for a in applications:
            unit = a.enterprise or a.park
            if unit is None or a.state not in _RECOMMENDED_STATES:
                continue
            out_rows.append(
                {
                    "city": city,
                    "carrier": CARRIER_ZH.get(a.kind, a.kind),
                    "name": unit.name,
                    "uscc": unit.uscc,
                    "industry": a.enterprise.industry if a.enterprise else "",
                    "institution": a.institution.name if a.institution else "",
                    "score": float(a.evaluation_score) if a.evaluation_score is not None else None,
                    "rank": len(out_rows) + 1,
                }
            )
        return out_rows
    # units in cultivation: on the city's list but not yet higher, and this round's applicants
    cultivated: dict[str, dict[str, Any]] = {}
    for (uscc, kind), (unit, level) in sorted(top.items(), key=lambda i: i[1][0].name):
        if level == "municipal":
            cultivated.setdefault(
                uscc,
                {"unit": unit, "carrier": CARRIER_ZH.get(kind, kind), "level": LEVEL_ZH[level]},
            )
    for a in applications:
        unit = a.enterprise or a.park
        if unit is None or a.state not in _ACTIVE_STATES:
            continue
        levels = [lvl for (u, _k), (_unit, lvl) in top.items() if u == unit.uscc]
        best = max(levels, key=lambda lvl: order[lvl]) if levels else ""
        cultivated.setdefault(
            unit.uscc,
            {
                "unit": unit,
                "carrier": CARRIER_ZH.get(a.kind, a.kind),
                "level": LEVEL_ZH.get(best, "未入库"),
                "target_year": round.year,
            },
        )
    if table_key in ("plan", "retrofit"):
        out = []
        for item in cultivated.values():
            unit = item["unit"]
            row: dict[str, Any] = {"city": city, "name": unit.name, "uscc": unit.uscc}
            if table_key == "plan":
                row.update(
                    industry=getattr(unit, "industry", ""),
                    carrier=item["carrier"],
                    level=item["level"],
                    target_year=item.get("target_year"),
                )
            out.append(row)
        return out
    # performance: the listed and cultivated enterprises' figures of the year before the round
    year = round.year - 1
    codes = {uscc for (uscc, _k) in top} | set(cultivated)
    enterprises = Enterprise.objects.filter(uscc__in=codes, adcode=adcode).order_by("name")
    records = {
        r.filing.enterprise_id: r
        for r in AccountingRecord.objects.filter(
            filing__enterprise__in=enterprises, filing__year=year, is_current=True
        ).select_related("filing")
    }
    rows = []
    for ent in enterprises:
        row = {"city": city, "name": ent.name, "uscc": ent.uscc, "year": year}
        record = records.get(ent.pk)
        if record is not None:
            metrics = record.metrics or {}
            va = ((record.filing.data.get("economics") or {}).get("value_added")) or {}
            row.update(
                energy_total_tce=_round4(record.equivalent_tce),
                value_added=_round4(va.get("value")) if va.get("unit") == "万元" else None,
                energy_per_value_added=_round4(metrics.get("energy_per_value_added")),
                co2_total_t=_round4(record.total_tco2e),
                co2_per_value_added=_round4(metrics.get("co2_per_value_added")),
                water_per_value_added=_round4(metrics.get("water_per_value_added")),
                renewable_share=_round4(metrics.get("renewable_share")),
                solid_waste_utilisation_rate=_round4(metrics.get("solid_waste_utilisation_rate")),
            )
        rows.append(row)
    return rows


def city_table_export_rows(*, actor: Any, round: Any, table_key: str) -> list[dict[str, Any]]:
    """Every current upload of the table in the actor's region, city by city."""
    rows: list[dict[str, Any]] = []
    for upload in city_table_uploads(actor=actor, round=round).filter(table=table_key):
        rows.extend(upload.rows)
    return rows
