"""Enterprise master data (企业主数据) import and renames (曾用名)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenmfg.core.domain import Role
from greenmfg.core.errors import (
    ImportInvalidError,
    ImportIssue,
    PermissionDeniedError,
)
from greenmfg.core.onboarding import masterdata
from greenmfg.core.onboarding.names import clean_name
from greenmfg.platform.accounts.scoping import actor_role, in_region
from greenmfg.platform.onboarding.models import FormerName
from greenmfg.platform.registry import services as registry
from greenmfg.platform.registry.models import Enterprise


@transaction.atomic
def enterprise_rename(
    *, actor: Any, enterprise: Enterprise, new_name: str, renamed_on: dt.date, source: str = ""
) -> Enterprise:
    """Give an enterprise its new name, keeping the old one as a former name (曾用名) used
    until ``renamed_on``; recorded as an ``enterprise.rename`` registry event."""
    new = clean_name(new_name)
    old = enterprise.name
    if new == old:
        return enterprise
    registry.enterprise_update(actor=actor, enterprise=enterprise, name=new)
    FormerName.objects.update_or_create(
        enterprise=enterprise, name=old, defaults={"until": renamed_on, "source": source[:200]}
    )
    registry.registry_event_record(
        actor=actor,
        action="enterprise.rename",
        uscc=enterprise.uscc,
        object_id=enterprise.pk,
        old_name=old,
        new_name=new,
        renamed_on=renamed_on.isoformat(),
        source=source,
    )
    return enterprise


def _former_names_add(enterprise: Enterprise, names: tuple[str, ...], source: str) -> int:
    added = 0
    for name in names:
        if name == enterprise.name:
            continue
        _obj, created = FormerName.objects.get_or_create(
            enterprise=enterprise, name=name, defaults={"source": source[:200]}
        )
        added += int(created)
    return added


@dataclass
class EnterpriseImportResult:
    created: int = 0
    updated: int = 0
    renamed: int = 0
    unchanged: int = 0
    former_names: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


_MASTER_FIELDS = ("adcode", "industry", "address", "legal_representative")


@transaction.atomic
def enterprises_import(
    *, actor: Any, filename: str, content: bytes, today: dt.date | None = None
) -> EnterpriseImportResult:
    """Import enterprise master data (企业基础信息): create the new credit codes, update
    the known ones; a changed name is a rename that keeps the former name.  Everything
    is checked first; nothing is written unless every row passes."""
    today = today or timezone.localdate()
    if actor is not None and actor_role(actor) not in (
        Role.ADMIN,
        Role.NATIONAL,
        Role.PROVINCIAL,
        Role.MUNICIPAL,
    ):
        raise PermissionDeniedError(
            action=_("import enterprises"), reason=_("only an authority or an administrator does")
        )
    layout, records = masterdata.read_records(content, filename, today=today)
    existing = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=[r.uscc for r in records])}
    issues: list[ImportIssue] = []
    region_header = layout.header.cell(layout.columns.get("adcode")) or "adcode"
    for record in records:
        known = existing.get(record.uscc)
        for code in {record.adcode, known.adcode if known else record.adcode}:
            if actor is not None and not in_region(actor, code):
                issues.append(
                    ImportIssue(
                        message=_("%(name)s (%(code)s) lies outside your region")
                        % {"name": record.name, "code": code},
                        row=record.row,
                        column=region_header,
                        expected=_("an enterprise of your own region"),
                    )
                )
    if issues:
        raise ImportInvalidError(file=filename, issues=issues)
    result = EnterpriseImportResult()
    for record in records:
        enterprise = existing.get(record.uscc)
        if enterprise is None:
            enterprise = registry.enterprise_create(
                actor=actor,
                uscc=record.uscc,
                name=record.name,
                adcode=record.adcode,
                industry=record.industry,
                legal_representative=record.legal_representative,
                address=record.address,
            )
            result.created += 1
            result.former_names += _former_names_add(enterprise, record.former_names, filename)
            continue
        changed = False
        if record.name != enterprise.name:
            enterprise_rename(
                actor=actor,
                enterprise=enterprise,
                new_name=record.name,
                renamed_on=record.renamed_on or today,
                source=filename,
            )
            result.renamed += 1
            changed = True
        changes = {
            f: getattr(record, f)
            for f in _MASTER_FIELDS
            if getattr(record, f) and getattr(record, f) != getattr(enterprise, f)
        }
        if changes:
            registry.enterprise_update(actor=actor, enterprise=enterprise, **changes)
            result.updated += 1
            changed = True
        added = _former_names_add(enterprise, record.former_names, filename)
        result.former_names += added
        if not changed and not added:
            result.unchanged += 1
    return result
