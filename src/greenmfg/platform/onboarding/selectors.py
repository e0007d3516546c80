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
from greenmfg.platform.onboarding.models import ListImport, ListImportRow


def may_use(actor: Any) -> bool:
    """Authorities and administrators bring data in."""
    return is_authority(actor) or actor_role(actor) is Role.ADMIN


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
