"""City summary tables (市级汇总表) uploaded by municipal authorities."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenmfg.core.codes import regions
from greenmfg.core.domain import ListLevel, Role, UnitKind
from greenmfg.core.errors import (
    ImportInvalidError,
    ImportIssue,
    PermissionDeniedError,
)
from greenmfg.platform.accounts.scoping import actor_role
from greenmfg.platform.onboarding.models import CityTable
from greenmfg.platform.onboarding.services.base import _region_name
from greenmfg.platform.registry.models import Enterprise, Park

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
