"""Official list files (公布名单): who may import them, reading, upload."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenmfg.core.domain import ListLevel, UnitKind
from greenmfg.core.errors import (
    ImportInvalidError,
    ImportIssue,
    InvalidValueError,
)
from greenmfg.core.onboarding.layout import Layout, apply_columns, detect_layout
from greenmfg.core.onboarding.lists import ListRow, Section, fields_for, parse_rows
from greenmfg.core.onboarding.tables import Sheet, read_sheets
from greenmfg.platform.onboarding.models import ListImport
from greenmfg.platform.onboarding.services.base import _region_prefix, list_authority


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


@dataclass
class ListFile:
    """An annex read and checked, nothing written yet."""

    sheet: Sheet
    layout: Layout
    rows: list[ListRow]
    authority_adcode: str
    sha256: str


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
