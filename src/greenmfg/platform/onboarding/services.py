"""Writes of the onboarding app: enterprise master data, official list imports and their
review queue.  Keyword-only, actor first (``None``: the platform, e.g. the command line),
one transaction each; registry writes go through the registry's services so that every
change leaves its registry event.

Bad input raises before anything is written: :class:`ImportInvalidError` (every problem
with its row and column), :class:`PermissionDeniedError` (a level the account does not
keep), :class:`InvalidValueError` (a year in the future).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenmfg.core.codes import industries, regions
from greenmfg.core.domain import ListLevel, Role, UnitKind
from greenmfg.core.errors import (
    ImportInvalidError,
    ImportIssue,
    InvalidValueError,
    PermissionDeniedError,
)
from greenmfg.core.onboarding import masterdata
from greenmfg.core.onboarding.layout import Layout, apply_columns, detect_layout
from greenmfg.core.onboarding.lists import ListRow, Section, duplicate_issue, fields_for, parse_rows
from greenmfg.core.onboarding.matching import AUTO_MATCH, Candidate, CandidateIndex, Doubt
from greenmfg.core.onboarding.names import clean_name
from greenmfg.core.onboarding.tables import Sheet, read_sheets
from greenmfg.platform.accounts.scoping import actor_role, in_region
from greenmfg.platform.onboarding.models import CityTable, FormerName, ListImport, ListImportRow
from greenmfg.platform.registry import services as registry
from greenmfg.platform.registry.models import Enterprise, Listing, Park, ParkLevel

Row = ListImportRow.Status


# --------------------------------------------------------------------------- renames
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


# --------------------------------------------------------------------------- master data
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


# --------------------------------------------------------------------------- lists: who
def list_authority(
    *, actor: Any, level: ListLevel | str, authority_adcode: str | None = None
) -> str:
    """The region code of the authority keeping the list the actor imports ("" for the
    national list); :class:`PermissionDeniedError` when the account does not keep it."""
    level = ListLevel(level)
    role = actor_role(actor) if actor is not None else Role.ADMIN
    names = {
        ListLevel.NATIONAL: _("import the national list"),
        ListLevel.PROVINCIAL: _("import a provincial list"),
        ListLevel.MUNICIPAL: _("import a municipal list"),
    }
    keeper = {
        ListLevel.NATIONAL: Role.NATIONAL,
        ListLevel.PROVINCIAL: Role.PROVINCIAL,
        ListLevel.MUNICIPAL: Role.MUNICIPAL,
    }[level]
    if role is Role.ADMIN:
        if level is ListLevel.NATIONAL:
            return ""
        wanted: Literal["province", "city"] = (
            "province" if level is ListLevel.PROVINCIAL else "city"
        )
        if not authority_adcode:
            raise PermissionDeniedError(
                action=names[level],
                reason=_("name the province or city whose list it is (its GB/T 2260 code)"),
            )
        return regions.validate_adcode(authority_adcode, level=wanted)
    if role is not keeper:
        reason = {
            Role.NATIONAL: _("only the Ministry (工业和信息化部) keeps the national list"),
            Role.PROVINCIAL: _("only a provincial authority keeps its provincial list"),
            Role.MUNICIPAL: _("only a municipal authority keeps its municipal list"),
        }[keeper]
        raise PermissionDeniedError(action=names[level], reason=reason)
    own = "" if level is ListLevel.NATIONAL else str(actor.adcode)
    if authority_adcode and authority_adcode != own:
        raise PermissionDeniedError(action=names[level], reason=_("it is not your region's list"))
    return own


def _check_year(year: int, today: dt.date) -> None:
    if year > today.year:
        raise InvalidValueError(
            where="",
            field="year",
            value=year,
            expected=_("a list year that has begun (up to %(year)d)") % {"year": today.year},
        )
    if year < 2016:
        raise InvalidValueError(
            where="",
            field="year",
            value=year,
            expected=_("a list year from 2016 on (the first green manufacturing lists)"),
        )


def _check_owner(actor: Any, imp: ListImport) -> None:
    try:
        own = list_authority(actor=actor, level=imp.level, authority_adcode=imp.authority_adcode)
    except PermissionDeniedError as err:
        raise PermissionDenied(_("Only the authority keeping this list may change it.")) from err
    if own != imp.authority_adcode:
        raise PermissionDenied(_("Only the authority keeping this list may change it."))


# --------------------------------------------------------------------------- lists: read
@dataclass
class ListFile:
    """An annex read and checked, nothing written yet."""

    sheet: Sheet
    layout: Layout
    rows: list[ListRow]
    authority_adcode: str
    sha256: str


def _region_prefix(authority_adcode: str) -> str:
    if not authority_adcode:
        return ""
    if authority_adcode.endswith("0000"):
        return authority_adcode[:2]
    return authority_adcode[:4] if authority_adcode.endswith("00") else authority_adcode


def list_file_read(
    *,
    actor: Any,
    filename: str,
    content: bytes,
    section: Section | str,
    kind: UnitKind | str,
    level: ListLevel | str,
    year: int,
    authority_adcode: str | None = None,
    columns: Mapping[str, int | None] | None = None,
    today: dt.date | None = None,
) -> ListFile:
    """Read an annex, detect (or apply the confirmed) column layout and check every row."""
    section, kind, level = Section(section), UnitKind(kind), ListLevel(level)
    authority = list_authority(actor=actor, level=level, authority_adcode=authority_adcode)
    _check_year(year, today or timezone.localdate())
    if kind is UnitKind.PRODUCT:
        raise InvalidValueError(
            where="",
            field="kind",
            value=kind.value,
            expected=(
                "factory, park or supply_chain: green design product lists name products, "
                "which are registered with their enterprise's product catalogue"
            ),
        )
    if kind is UnitKind.PARK and section is Section.RENAMES:
        raise InvalidValueError(
            where="",
            field="section",
            value=section.value,
            expected=_("list or removals for parks (a park's name is changed in the registry)"),
        )
    sheets = [s for s in read_sheets(content, filename) if any(not r.is_empty for r in s.rows)]
    if not sheets:
        raise ImportInvalidError(
            file=filename,
            issues=[
                ImportIssue(
                    message=_("the file has no rows"),
                    expected=_("an official list with at least one unit"),
                )
            ],
        )
    sheet = sheets[0]
    fields = fields_for(section)
    layout = detect_layout(sheet, fields, file=filename)
    if columns is not None:
        layout = apply_columns(layout, columns, fields, file=filename)
    rows = parse_rows(sheet, layout, section, file=filename, within=_region_prefix(authority))
    return ListFile(sheet, layout, rows, authority, hashlib.sha256(content).hexdigest())


def _existing(
    file: ListFile, section: Section, kind: UnitKind, level: ListLevel, year: int
) -> ListImport | None:
    return (
        ListImport.objects.filter(
            sha256=file.sha256,
            section=section.value,
            kind=kind.value,
            level=level.value,
            year=year,
            authority_adcode=file.authority_adcode,
        )
        .exclude(status=ListImport.Status.DISCARDED)
        .first()
    )


@transaction.atomic
def list_import_upload(
    *,
    actor: Any,
    filename: str,
    content: bytes,
    section: Section | str,
    kind: UnitKind | str,
    level: ListLevel | str,
    year: int,
    notice_date: dt.date,
    batch: str = "",
    authority_adcode: str | None = None,
    today: dt.date | None = None,
) -> tuple[ListImport, bool]:
    """Check an annex and keep it with its detected column layout for the user to
    confirm.  The same file for the same list again → the earlier import, ``False``."""
    today = today or timezone.localdate()
    section, kind, level = Section(section), UnitKind(kind), ListLevel(level)
    if notice_date > today:
        raise InvalidValueError(
            where="",
            field="notice_date",
            value=notice_date.isoformat(),
            expected=_("a date up to %(date)s") % {"date": today},
        )
    file = list_file_read(
        actor=actor,
        filename=filename,
        content=content,
        section=section,
        kind=kind,
        level=level,
        year=year,
        authority_adcode=authority_adcode,
        today=today,
    )
    earlier = _existing(file, section, kind, level, year)
    if earlier is not None:
        return earlier, False
    imp = ListImport(
        section=section.value,
        kind=kind.value,
        level=level.value,
        year=year,
        authority_adcode=file.authority_adcode,
        batch=batch.strip()[:200],
        notice_date=notice_date,
        filename=filename[:255],
        sha256=file.sha256,
        header_row=file.layout.header.number,
        columns=dict(file.layout.columns),
        headers=list(file.layout.header.cells),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    imp.file.save(f"{file.sha256[:16]}-{filename[-80:]}", ContentFile(content), save=False)
    imp.full_clean()
    imp.save()
    return imp, True


# --------------------------------------------------------------------------- lists: match
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


def _region_name(adcode: str) -> str:
    if not adcode:
        return "全国"
    try:
        return regions.get(adcode).name_zh
    except LookupError:
        return adcode


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


def _listing_filter(imp: ListImport, unit_id: int) -> dict[str, Any]:
    unit_field = "park_id" if imp.kind == UnitKind.PARK.value else "enterprise_id"
    return {"kind": imp.kind, "level": imp.level, unit_field: unit_id}


def _active_listing(imp: ListImport, unit_id: int) -> Listing | None:
    return (
        Listing.objects.filter(
            **_listing_filter(imp, unit_id),
            authority_adcode=imp.authority_adcode,
            removed_on__isnull=True,
        )
        .order_by("-year")
        .first()
    )


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


# --------------------------------------------------------------------------- review queue
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


# --------------------------------------------------------------------------- apply
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


# --------------------------------------------------------------------------- past filings
@dataclass
class PastFilingsResult:
    enterprises: int
    created: int
    replaced: int

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def past_filings_import(
    *, actor: Any, filename: str, content: bytes, today: dt.date | None = None
) -> PastFilingsResult:
    """Import several enterprises' past annual data from one workbook: every row checked,
    validated and accounted like a single filing (through the batch path), all or
    nothing."""
    from greenmfg.core.onboarding.past_filings import read_past_filings
    from greenmfg.platform.filings.services import PastFilingItem, filings_import_past

    if actor is not None and actor_role(actor) not in (
        Role.ADMIN,
        Role.NATIONAL,
        Role.PROVINCIAL,
        Role.MUNICIPAL,
    ):
        raise PermissionDeniedError(
            action=_("import past filings"),
            reason=_("only an authority or an administrator does"),
        )
    rows = read_past_filings(content, filename, today=today or timezone.localdate())
    enterprises = {e.uscc: e for e in Enterprise.objects.filter(uscc__in={r.uscc for r in rows})}
    issues: list[ImportIssue] = []
    items = []
    for r in rows:
        enterprise = enterprises.get(r.uscc)
        if enterprise is None:
            issues.append(
                ImportIssue(
                    message=_("%(uscc)s is not a registered enterprise") % {"uscc": r.uscc},
                    sheet=r.sheet,
                    row=r.row,
                    column="统一社会信用代码",
                    expected=_("an enterprise imported first (enterprise master data)"),
                )
            )
        elif actor is not None and not in_region(actor, enterprise.adcode):
            issues.append(
                ImportIssue(
                    message=_("%(name)s lies outside your region") % {"name": enterprise.name},
                    sheet=r.sheet,
                    row=r.row,
                    column="统一社会信用代码",
                    expected=_("an enterprise of your own region"),
                )
            )
        else:
            items.append(
                PastFilingItem(enterprise=enterprise, data=r.data, sheet=r.sheet, row=r.row)
            )
    if issues:
        raise ImportInvalidError(file=filename, issues=issues)
    counts = filings_import_past(actor=actor, items=items, source_name=filename)
    return PastFilingsResult(
        enterprises=len({i.enterprise.pk for i in items}),
        created=counts["created"],
        replaced=counts["replaced"],
    )


# --------------------------------------------------------------------------- city tables
CARRIER_ZH = {
    UnitKind.FACTORY.value: "绿色工厂",
    UnitKind.PARK.value: "绿色工业园区",
    UnitKind.SUPPLY_CHAIN.value: "绿色供应链管理企业",
    UnitKind.PRODUCT.value: "绿色设计产品",
}
LEVEL_ZH = {
    ListLevel.MUNICIPAL.value: "市级",
    ListLevel.PROVINCIAL.value: "省级",
    ListLevel.NATIONAL.value: "国家级",
}


def city_of_actor(actor: Any, adcode: str | None = None) -> str:
    """The city whose tables the actor fills in: a municipal authority's own city; the
    platform or an administrator names one."""
    role = actor_role(actor) if actor is not None else Role.ADMIN
    if role is Role.MUNICIPAL:
        return str(actor.adcode)
    if role is Role.ADMIN and adcode:
        return regions.validate_adcode(adcode, level="city")
    raise PermissionDeniedError(
        action=_("fill in a city summary table"),
        reason=_("the municipal authority (市工信局) of the city fills in its tables"),
    )


@transaction.atomic
def city_table_upload(
    *,
    actor: Any,
    round: Any,
    table_key: str,
    filename: str,
    content: bytes,
    adcode: str | None = None,
    today: dt.date | None = None,
) -> CityTable:
    """Check an uploaded city table and store it against the round as the city's current
    one; every problem is reported with its row and column, nothing written."""
    from greenmfg.core.onboarding import city_tables
    from greenmfg.core.onboarding.regions import resolve_region

    city = city_of_actor(actor, adcode)
    definition = city_tables.table(table_key)
    rows = city_tables.read_workbook(
        definition, content, filename, today=today or timezone.localdate()
    )
    headers = {c.key: c.header for c in definition.columns}
    codes = {v.get("uscc") for _n, v in rows}
    known = {
        **dict(Enterprise.objects.filter(uscc__in=codes).values_list("uscc", "adcode")),
        **dict(Park.objects.filter(uscc__in=codes).values_list("uscc", "adcode")),
    }
    issues: list[ImportIssue] = []
    city_name = _region_name(city)
    for number, values in rows:
        code = values.get("uscc")
        if code and known.get(code) is None:
            issues.append(
                ImportIssue(
                    message=_("%(uscc)s is not a registered unit") % {"uscc": code},
                    row=number,
                    column=headers["uscc"],
                    expected=_("a unit registered on the platform (import the enterprises first)"),
                )
            )
        elif code and known[code] != city:
            issues.append(
                ImportIssue(
                    message=_("%(name)s is registered in %(region)s")
                    % {"name": values.get("name", code), "region": _region_name(known[code])},
                    row=number,
                    column=headers["uscc"],
                    expected=_("a unit of %(city)s") % {"city": city_name},
                )
            )
        written = values.get("city", "")
        region = resolve_region(written)
        if written and (region is None or region.adcode != city):
            issues.append(
                ImportIssue(
                    message=_("%(written)s is not %(city)s")
                    % {"written": written, "city": city_name},
                    row=number,
                    column=headers["city"],
                    expected=city_name,
                )
            )
    if issues:
        raise ImportInvalidError(file=filename, issues=issues)
    CityTable.objects.filter(round=round, adcode=city, table=table_key, is_current=True).update(
        is_current=False
    )
    upload = CityTable(
        round=round,
        adcode=city,
        table=table_key,
        layout_version=city_tables.tables().version,
        rows=[values for _n, values in rows],
        filename=filename[:255],
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    upload.file.save(f"{city}-{table_key}-{filename[-80:]}", ContentFile(content), save=False)
    upload.full_clean()
    upload.save()
    return upload
