"""Past filings (历史填报) imported from earlier years."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from greenmfg.core.domain import Role
from greenmfg.core.errors import (
    ImportInvalidError,
    ImportIssue,
    PermissionDeniedError,
)
from greenmfg.platform.accounts.scoping import actor_role, in_region
from greenmfg.platform.registry.models import Enterprise


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
