"""The review queue of an official list import: staging, matching, row decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenmfg.core.codes import industries, regions
from greenmfg.core.domain import UnitKind
from greenmfg.core.errors import (
    ImportInvalidError,
    ImportIssue,
    InvalidValueError,
)
from greenmfg.core.onboarding.lists import ListRow, Section, duplicate_issue
from greenmfg.core.onboarding.matching import AUTO_MATCH, Candidate, CandidateIndex, Doubt
from greenmfg.core.onboarding.names import clean_name
from greenmfg.platform.onboarding.models import FormerName, ListImport, ListImportRow
from greenmfg.platform.onboarding.services.base import (
    Row,
    _active_listing,
    _check_owner,
    _listing_filter,
    _region_name,
    _region_prefix,
)
from greenmfg.platform.onboarding.services.lists_upload import list_file_read
from greenmfg.platform.registry.models import Enterprise, Listing, Park


def _scope(row: ListRow, list_prefix: str) -> str:
    if row.region_adcode and row.region_adcode.startswith(list_prefix):
        return _region_prefix(row.region_adcode)
    return list_prefix


class _Indexes:
    """Candidate indexes per province (loaded once per import)."""

    def __init__(self, kind: UnitKind) -> None:
        self.kind = kind
        self._cache: dict[str, CandidateIndex] = {}

    def for_prefix(self, prefix: str) -> CandidateIndex:
        key = prefix[:2]
        if key not in self._cache:
            self._cache[key] = CandidateIndex(self._load(key))
        return self._cache[key]

    def _load(self, prefix: str) -> list[Candidate]:
        if self.kind is UnitKind.PARK:
            return [
                Candidate(pk, uscc, name, adcode)
                for pk, uscc, name, adcode in Park.objects.filter(
                    adcode__startswith=prefix
                ).values_list("pk", "uscc", "name", "adcode")
            ]
        formers: dict[int, list[str]] = {}
        for ent_id, name in FormerName.objects.filter(
            enterprise__adcode__startswith=prefix
        ).values_list("enterprise_id", "name"):
            formers.setdefault(ent_id, []).append(name)
        return [
            Candidate(pk, uscc, name, adcode, tuple(formers.get(pk, ())))
            for pk, uscc, name, adcode in Enterprise.objects.filter(
                adcode__startswith=prefix
            ).values_list("pk", "uscc", "name", "adcode")
        ]


@dataclass
class _Staged:
    row: ListRow
    status: str
    note: str = ""
    method: str = ""
    score: float = 0.0
    unit_id: int | None = None
    candidates: list[dict[str, Any]] = field(default_factory=list)
    create_data: dict[str, Any] = field(default_factory=dict)


def _unit_model(kind: UnitKind) -> type[Enterprise] | type[Park]:
    return Park if kind is UnitKind.PARK else Enterprise


def _section_check(imp: ListImport, unit_id: int, unit_name: str, new_name: str) -> str:
    """Why a matched unit cannot take this row's change ("" when it can)."""
    section = Section(imp.section)
    if section is Section.LIST:
        earlier = Listing.objects.filter(**_listing_filter(imp, unit_id), year=imp.year).first()
        if earlier is not None:
            return _("Already on this list (listed on %(date)s).") % {"date": earlier.listed_on}
    elif section is Section.REMOVALS:
        if _active_listing(imp, unit_id) is None:
            return _("Not on this list: there is nothing to remove.")
    elif clean_name(new_name) == unit_name:
        return _("Already renamed: the registered name is the new name.")
    return ""


def _stage(imp: ListImport, rows: list[ListRow], indexes: _Indexes) -> list[_Staged]:
    kind = UnitKind(imp.kind)
    model = _unit_model(kind)
    prefix = imp.region
    staged: list[_Staged] = []
    for row in rows:
        if row.region_adcode and not row.region_adcode.startswith(prefix):
            staged.append(
                _Staged(
                    row,
                    Row.REFUSED,
                    note=_(
                        "The unit is in %(region)s, outside the region of this list "
                        "(%(authority)s)."
                    )
                    % {
                        "region": _region_name(row.region_adcode),
                        "authority": _region_name(imp.authority_adcode),
                    },
                )
            )
            continue
        scope = _scope(row, prefix)
        match = indexes.for_prefix(scope).match(row.name, uscc=row.uscc, scope=scope)
        cands = [
            {"id": c.id, "name": c.name, "uscc": c.uscc, "adcode": c.adcode, "score": round(s, 1)}
            for c, s in match.candidates
        ]
        if row.uscc and match.method.value != "credit_code":
            elsewhere = model.objects.filter(uscc=row.uscc).first()
            if elsewhere is not None:
                staged.append(
                    _Staged(
                        row,
                        Row.REFUSED,
                        note=_(
                            "The credit code is registered to %(name)s in %(region)s, outside "
                            "the region of this list."
                        )
                        % {"name": elsewhere.name, "region": _region_name(elsewhere.adcode)},
                    )
                )
                continue
            create = _auto_create(imp, row)
            if create:
                staged.append(
                    _Staged(
                        row,
                        Row.CREATED,
                        note=_("Registered from its credit code when the list is applied."),
                        create_data=create,
                    )
                )
            else:
                staged.append(
                    _Staged(
                        row,
                        Row.QUEUED,
                        note=_("The credit code is not registered: register the unit or pick one."),
                        candidates=cands,
                    )
                )
            continue
        if match.candidate is None:
            staged.append(
                _Staged(
                    row,
                    Row.QUEUED,
                    note=_doubt(match.reason, match.score),
                    method=match.method.value,
                    score=match.score,
                    candidates=cands,
                )
            )
            continue
        unit = match.candidate
        refusal = _section_check(imp, unit.id, unit.name, row.new_name)
        staged.append(
            _Staged(
                row,
                Row.REFUSED if refusal else Row.MATCHED,
                note=refusal,
                method=match.method.value,
                score=match.score,
                unit_id=unit.id,
                candidates=cands,
            )
        )
    return staged


def _doubt(code: str, score: float) -> str:
    """The translated reason a row waits for review."""
    if code not in {d.value for d in Doubt}:
        return code
    texts = {
        Doubt.SAME_NAME: _("Several registered units have this name."),
        Doubt.SAME_KEY: _("Several registered units have this name once normalised."),
        Doubt.EMPTY_REGION: _("No unit is registered in this region."),
        Doubt.NOTHING_SIMILAR: _("No registered unit has a similar name."),
        Doubt.TOO_CLOSE: _("The most similar names score too close to each other."),
        Doubt.BELOW_THRESHOLD: _(
            "The most similar name scores %(score).0f, below the %(threshold).0f needed."
        )
        % {"score": score, "threshold": AUTO_MATCH},
    }
    return texts[Doubt(code)]


def _auto_create(imp: ListImport, row: ListRow) -> dict[str, Any]:
    """A list row with a credit code, a city and an industry class is enough to
    register its enterprise."""
    if imp.section != Section.LIST.value or imp.kind == UnitKind.PARK.value:
        return {}
    if not row.region_adcode or not regions.is_valid(row.region_adcode, level="city"):
        return {}
    head = row.industry.split()[0] if row.industry.strip() else ""
    if not industries.is_valid(head) or len(head.lstrip("CD")) != 4:
        return {}
    return {
        "uscc": row.uscc,
        "name": row.name,
        "adcode": row.region_adcode,
        "industry": industries.validate_industry(head, level="class"),
    }


def _duplicates(staged: list[_Staged], file: str) -> None:
    first: dict[int, _Staged] = {}
    issues: list[ImportIssue] = []
    for item in staged:
        if item.unit_id is None:
            continue
        if item.unit_id in first:
            earlier = first[item.unit_id]
            unit = next((c["name"] for c in item.candidates if c["id"] == item.unit_id), "")
            issues.append(duplicate_issue(earlier.row, item.row, unit))
        else:
            first[item.unit_id] = item
    if issues:
        raise ImportInvalidError(file=file, issues=issues)


@transaction.atomic
def list_import_confirm(
    *, actor: Any, list_import: ListImport, columns: Mapping[str, int | None] | None = None
) -> ListImport:
    """Confirm the column layout (with the user's corrections): every row is matched and
    put in the review queue, refused with its reason or matched.  The same unit named
    by two rows, or any row error, writes nothing."""
    imp = ListImport.objects.select_for_update().get(pk=list_import.pk)
    _check_owner(actor, imp)
    if imp.status != ListImport.Status.CONFIRMING:
        raise InvalidValueError(
            where="",
            field="status",
            value=imp.status,
            expected=_("an import whose layout is not yet confirmed"),
        )
    with imp.file.open("rb") as handle:
        content = handle.read()
    file = list_file_read(
        actor=actor,
        filename=imp.filename,
        content=content,
        section=imp.section,
        kind=imp.kind,
        level=imp.level,
        year=imp.year,
        authority_adcode=imp.authority_adcode or None,
        columns=columns if columns is not None else imp.columns,
        today=max(timezone.localdate(), dt.date(imp.year, 1, 1)),
    )
    staged = _stage(imp, file.rows, _Indexes(UnitKind(imp.kind)))
    _duplicates(staged, imp.filename)
    unit_field = "park_id" if imp.kind == UnitKind.PARK.value else "enterprise_id"
    ListImportRow.objects.bulk_create(
        [
            ListImportRow(
                list_import=imp,
                number=s.row.number,
                page=s.row.page,
                cells=list(s.row.cells),
                name=s.row.name[:300],
                region_text=s.row.region_text[:100],
                adcode=s.row.region_adcode,
                uscc=s.row.uscc,
                industry_text=s.row.industry[:200],
                new_name=s.row.new_name[:300],
                reason_text=s.row.reason,
                status=s.status,
                method=s.method,
                score=s.score,
                candidates=s.candidates,
                create_data=s.create_data,
                note=s.note,
                **{unit_field: s.unit_id},
            )
            for s in staged
        ]
    )
    imp.columns = dict(file.layout.columns)
    imp.header_row = file.layout.header.number
    imp.status = ListImport.Status.REVIEW
    imp.save(update_fields=["columns", "header_row", "status"])
    return imp


def _resolvable(actor: Any, row: ListImportRow) -> ListImport:
    imp = row.list_import
    _check_owner(actor, imp)
    if imp.status != ListImport.Status.REVIEW:
        raise InvalidValueError(
            where="", field="status", value=imp.status, expected=_("an import under review")
        )
    return imp


def _resolved(row: ListImportRow, actor: Any, status: str, note: str) -> None:
    row.status = status
    row.note = note
    row.resolved_by = actor if getattr(actor, "is_authenticated", False) else None
    row.resolved_at = timezone.now()


@transaction.atomic
def list_row_pick(*, actor: Any, row: ListImportRow, unit_id: int) -> ListImportRow:
    """The official names the registered unit a queued row means."""
    row = ListImportRow.objects.select_for_update().select_related("list_import").get(pk=row.pk)
    imp = _resolvable(actor, row)
    model = _unit_model(UnitKind(imp.kind))
    unit = model.objects.filter(pk=unit_id, adcode__startswith=imp.region).first()
    if unit is None:
        raise InvalidValueError(
            where=f"row {row.number}: ",
            field="unit",
            value=unit_id,
            expected=_("a unit of this list's region"),
        )
    unit_field = "park" if model is Park else "enterprise"
    other = (
        imp.rows.filter(**{unit_field: unit})
        .exclude(pk=row.pk)
        .exclude(status__in=[Row.REFUSED, Row.REJECTED])
        .first()
    )
    if other is not None:
        raise InvalidValueError(
            where=f"row {row.number}: ",
            field="unit",
            value=unit.name,
            expected=_("a unit no other row names (row %(row)d already does)")
            % {"row": other.number},
        )
    refusal = _section_check(imp, unit.pk, unit.name, row.new_name)
    if refusal:
        raise InvalidValueError(
            where=f"row {row.number}: ", field="unit", value=unit.name, expected=refusal
        )
    setattr(row, unit_field, unit)
    row.method = "picked"
    row.create_data = {}
    _resolved(row, actor, Row.MATCHED, "")
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def list_row_create(*, actor: Any, row: ListImportRow, data: Mapping[str, str]) -> ListImportRow:
    """The official registers the row's unit (created when the list is applied)."""
    row = ListImportRow.objects.select_for_update().select_related("list_import").get(pk=row.pk)
    imp = _resolvable(actor, row)
    if imp.section != Section.LIST.value:
        raise InvalidValueError(
            where=f"row {row.number}: ",
            field="action",
            value="create",
            expected=_("pick or reject: a removal or rename names a registered unit"),
        )
    kind = UnitKind(imp.kind)
    values = {
        "uscc": str(data.get("uscc", "")).strip().upper(),
        "name": clean_name(str(data.get("name", "")) or row.name),
        "adcode": str(data.get("adcode", "")).strip() or row.adcode,
    }
    if kind is UnitKind.PARK:
        values["park_level"] = str(data.get("park_level", "")).strip()
        unit: Enterprise | Park = Park(**values)
    else:
        values["industry"] = str(data.get("industry", "")).strip()
        unit = Enterprise(**values)
    try:
        unit.full_clean()
    except ValidationError as err:
        raise InvalidValueError(
            where=f"row {row.number}: ",
            field=", ".join(err.message_dict),
            value=", ".join(str(values.get(k, "")) for k in err.message_dict),
            expected="; ".join(m for msgs in err.message_dict.values() for m in msgs),
        ) from err
    if not values["adcode"].startswith(imp.region):
        raise InvalidValueError(
            where=f"row {row.number}: ",
            field="adcode",
            value=values["adcode"],
            expected=_("a city of this list's region"),
        )
    taken = imp.rows.filter(create_data__uscc=values["uscc"]).exclude(pk=row.pk).first()
    if taken is not None:
        raise InvalidValueError(
            where=f"row {row.number}: ",
            field="uscc",
            value=values["uscc"],
            expected=_("a credit code no other row creates (row %(row)d does)")
            % {"row": taken.number},
        )
    row.enterprise = None
    row.park = None
    row.create_data = values
    row.method = "created"
    _resolved(row, actor, Row.CREATED, "")
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def list_row_reject(*, actor: Any, row: ListImportRow, reason: str) -> ListImportRow:
    """The official skips the row with a reason (e.g. 不属于本省, 已注销)."""
    row = ListImportRow.objects.select_for_update().select_related("list_import").get(pk=row.pk)
    _resolvable(actor, row)
    reason = reason.strip()
    if not reason:
        raise InvalidValueError(
            where=f"row {row.number}: ",
            field="reason",
            value="",
            expected=_("the reason for skipping the row"),
        )
    row.enterprise = None
    row.park = None
    row.create_data = {}
    _resolved(row, actor, Row.REJECTED, reason)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def list_row_reopen(*, actor: Any, row: ListImportRow) -> ListImportRow:
    """Put a row decided by an official back into the queue."""
    row = ListImportRow.objects.select_for_update().select_related("list_import").get(pk=row.pk)
    _resolvable(actor, row)
    row.enterprise = None
    row.park = None
    row.create_data = {}
    _resolved(row, actor, Row.QUEUED, "")
    row.method = ""
    row.save()
    return row
