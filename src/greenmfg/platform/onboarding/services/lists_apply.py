"""Applying or discarding a reviewed list import, and the CLI import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenmfg.core.domain import ListLevel, UnitKind
from greenmfg.core.errors import (
    InvalidValueError,
)
from greenmfg.core.onboarding.lists import Section
from greenmfg.platform.onboarding.models import ListImport
from greenmfg.platform.onboarding.services.base import Row, _active_listing, _check_owner
from greenmfg.platform.onboarding.services.enterprises import enterprise_rename
from greenmfg.platform.onboarding.services.lists_review import list_import_confirm
from greenmfg.platform.onboarding.services.lists_upload import list_import_upload
from greenmfg.platform.registry import services as registry
from greenmfg.platform.registry.models import Enterprise, Park, ParkLevel


@dataclass
class ListCounts:
    matched: int = 0
    queued: int = 0
    created: int = 0
    refused: int = 0
    rejected: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def list_import_counts(imp: ListImport) -> ListCounts:
    counts = ListCounts()
    for status in imp.rows.values_list("status", flat=True):
        setattr(counts, status, getattr(counts, status) + 1)
    return counts


def _create_unit(actor: Any, kind: UnitKind, data: Mapping[str, Any]) -> Enterprise | Park:
    if kind is UnitKind.PARK:
        return registry.park_create(
            actor=actor,
            uscc=data["uscc"],
            name=data["name"],
            adcode=data["adcode"],
            park_level=data.get("park_level") or ParkLevel.OTHER.value,
        )
    return registry.enterprise_create(
        actor=actor,
        uscc=data["uscc"],
        name=data["name"],
        adcode=data["adcode"],
        industry=data["industry"],
    )


@transaction.atomic
def list_import_apply(*, actor: Any, list_import: ListImport) -> ListCounts:
    """Apply a fully reviewed import to the list: list, remove or rename every matched or
    created unit, all in one transaction.  Refused while any row is still queued."""
    imp = ListImport.objects.select_for_update().get(pk=list_import.pk)
    _check_owner(actor, imp)
    if imp.status != ListImport.Status.REVIEW:
        raise InvalidValueError(
            where="", field="status", value=imp.status, expected=_("an import under review")
        )
    open_rows = list(imp.rows.filter(status=Row.QUEUED).values_list("number", flat=True)[:20])
    if open_rows:
        raise InvalidValueError(
            where="",
            field="rows",
            value=", ".join(str(n) for n in open_rows),
            expected=_(
                "every row matched, created or skipped with a reason before the list is applied"
            ),
        )
    kind, section = UnitKind(imp.kind), Section(imp.section)
    source = imp.batch or imp.filename
    for row in imp.rows.filter(status__in=[Row.MATCHED, Row.CREATED]).select_related(
        "enterprise", "park"
    ):
        unit = row.unit
        if row.status == Row.CREATED:
            unit = _create_unit(actor, kind, row.create_data)
            if isinstance(unit, Park):
                row.park = unit
            else:
                row.enterprise = unit
            row.save(update_fields=["park", "enterprise"])
        assert unit is not None
        if section is Section.LIST:
            registry.listing_create(
                actor=actor,
                kind=kind,
                level=imp.level,
                year=imp.year,
                unit=unit,
                listed_on=imp.notice_date,
                batch=source[:100],
            )
        elif section is Section.REMOVALS:
            listing = _active_listing(imp, unit.pk)
            if listing is None:
                raise InvalidValueError(
                    where=f"row {row.number}: ",
                    field="unit",
                    value=unit.name,
                    expected=_("a unit on this list (it was removed meanwhile)"),
                )
            registry.listing_remove(
                actor=actor,
                listing=listing,
                removed_on=max(imp.notice_date, listing.listed_on),
                reason=row.reason_text or source,
            )
        else:
            assert isinstance(unit, Enterprise)
            enterprise_rename(
                actor=actor,
                enterprise=unit,
                new_name=row.new_name,
                renamed_on=imp.notice_date,
                source=source,
            )
    imp.status = ListImport.Status.APPLIED
    imp.applied_at = timezone.now()
    imp.save(update_fields=["status", "applied_at"])
    return list_import_counts(imp)


@transaction.atomic
def list_import_discard(*, actor: Any, list_import: ListImport) -> ListImport:
    """Drop an import that has not been applied (its file can be imported again)."""
    imp = ListImport.objects.select_for_update().get(pk=list_import.pk)
    _check_owner(actor, imp)
    if imp.status == ListImport.Status.APPLIED:
        raise InvalidValueError(
            where="", field="status", value=imp.status, expected=_("an import not yet applied")
        )
    imp.status = ListImport.Status.DISCARDED
    imp.save(update_fields=["status"])
    return imp


@dataclass
class ListImportOutcome:
    list_import: ListImport
    counts: ListCounts
    fresh: bool  # False: the same file was imported before, nothing changed
    applied: bool


@transaction.atomic
def lists_import(
    *,
    actor: Any,
    filename: str,
    content: bytes,
    section: Section | str,
    kind: UnitKind | str,
    level: ListLevel | str,
    year: int,
    notice_date: dt.date | None = None,
    batch: str = "",
    authority_adcode: str | None = None,
    columns: Mapping[str, int | None] | None = None,
    today: dt.date | None = None,
) -> ListImportOutcome:
    """Upload, confirm and — when no row waits for review — apply, in one transaction
    (the command line; ``columns`` is the layout the user confirmed)."""
    today = today or timezone.localdate()
    notice = notice_date or min(today, dt.date(int(year) + 1, 12, 31))
    imp, fresh = list_import_upload(
        actor=actor,
        filename=filename,
        content=content,
        section=section,
        kind=kind,
        level=level,
        year=year,
        notice_date=notice,
        batch=batch,
        authority_adcode=authority_adcode,
        today=today,
    )
    if not fresh:
        return ListImportOutcome(
            imp, list_import_counts(imp), False, imp.status == ListImport.Status.APPLIED
        )
    imp = list_import_confirm(actor=actor, list_import=imp, columns=columns)
    counts = list_import_counts(imp)
    if counts.queued == 0:
        counts = list_import_apply(actor=actor, list_import=imp)
        imp.refresh_from_db()
    return ListImportOutcome(imp, counts, True, imp.status == ListImport.Status.APPLIED)
