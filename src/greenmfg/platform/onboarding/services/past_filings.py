"""Past filings (历史填报) imported from earlier years.

The web page imports in the background (:func:`past_filings_import_request` keeps the
upload and queues :func:`past_filings_import_run`): a region's workbook may hold thousands
of enterprise-years, each validated and accounted.  The command line imports directly
(:func:`past_filings_import`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from greenmfg.core.domain import Role
from greenmfg.core.errors import (
    GreenmfgError,
    ImportInvalidError,
    ImportIssue,
    PermissionDeniedError,
)
from greenmfg.platform.accounts.scoping import actor_role, in_region
from greenmfg.platform.common.errors import error_message
from greenmfg.platform.common.queue import enqueue
from greenmfg.platform.onboarding.models import PastFilingsImport
from greenmfg.platform.registry.models import Enterprise


@dataclass
class PastFilingsResult:
    enterprises: int
    created: int
    replaced: int

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


RUN_PAST_FILINGS_IMPORT_TASK = "greenmfg.platform.onboarding.tasks.run_past_filings_import_task"


def _require_authority(actor: Any) -> None:
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


def past_filings_import(
    *, actor: Any, filename: str, content: bytes, today: dt.date | None = None
) -> PastFilingsResult:
    """Import several enterprises' past annual data from one workbook: every row checked,
    validated and accounted like a single filing (through the batch path), all or
    nothing."""
    from greenmfg.core.onboarding.past_filings import read_past_filings
    from greenmfg.platform.filings.services import PastFilingItem, filings_import_past

    _require_authority(actor)
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


@transaction.atomic
def past_filings_import_request(
    *, actor: Any, filename: str, content: bytes, lang: str
) -> PastFilingsImport:
    """Keep an uploaded workbook and queue its import; ``lang`` is the language its
    problems are written in."""
    _require_authority(actor)
    record = PastFilingsImport(filename=filename[:255], lang=lang[:10], uploaded_by=actor)
    record.file.save("past-filings.xlsx", ContentFile(content), save=False)
    record.full_clean()
    record.save()
    transaction.on_commit(lambda: enqueue(RUN_PAST_FILINGS_IMPORT_TASK, record.pk))
    return record


def _issue_record(issue: ImportIssue) -> dict[str, Any]:
    """An issue as stored: its templates and params, so that each reader sees it in their
    own language."""
    return {
        "template": issue.template,
        "expected_template": issue.expected_template,
        "params": {
            k: v if isinstance(v, str | int | float | bool) or v is None else str(v)
            for k, v in issue.params.items()
        },
        "message": issue.message,
        "expected": issue.expected,
        "sheet": issue.sheet,
        "row": issue.row,
        "column": issue.column,
    }


def stored_issues(record: PastFilingsImport) -> list[ImportIssue]:
    """The problems found in ``record``'s workbook, as issues again."""
    return [
        ImportIssue(
            message=i["template"],
            expected=i["expected_template"],
            params=i["params"] or None,
            sheet=i["sheet"],
            row=i["row"],
            column=i["column"],
        )
        for i in record.issues
    ]


def past_filings_import_run(*, import_id: int) -> PastFilingsImport:
    """Import a kept workbook (the background task): all rows or none, the outcome
    recorded with the filings in one transaction, so a retried task never imports twice."""
    record = PastFilingsImport.objects.select_related("uploaded_by").get(pk=import_id)
    if record.status in (PastFilingsImport.Status.DONE, PastFilingsImport.Status.FAILED):
        return record
    PastFilingsImport.objects.filter(pk=record.pk).update(status=PastFilingsImport.Status.RUNNING)
    with record.file.open("rb") as handle:
        content = handle.read()
    with translation.override(record.lang):
        try:
            with transaction.atomic():
                outcome = past_filings_import(
                    actor=record.uploaded_by, filename=record.filename, content=content
                )
                record.status = PastFilingsImport.Status.DONE
                record.result = outcome.as_dict()
                record.finished_at = timezone.now()
                record.save(update_fields=["status", "result", "finished_at"])
        except ImportInvalidError as err:
            record.status = PastFilingsImport.Status.FAILED
            record.issues = [_issue_record(i) for i in err.issues]
            record.finished_at = timezone.now()
            record.save(update_fields=["status", "issues", "finished_at"])
        except GreenmfgError as err:
            record.status = PastFilingsImport.Status.FAILED
            record.error = error_message(err)[:2000]
            record.finished_at = timezone.now()
            record.save(update_fields=["status", "error", "finished_at"])
    return record


def past_filings_import_fail(import_id: int, error: str) -> None:
    """Record that the import's background task failed for good (its worker died or it
    overran its time limit), so the page offers a retry."""
    PastFilingsImport.objects.filter(
        pk=import_id,
        status__in=(PastFilingsImport.Status.QUEUED, PastFilingsImport.Status.RUNNING),
    ).update(status=PastFilingsImport.Status.FAILED, error=error[:2000], finished_at=timezone.now())


@transaction.atomic
def past_filings_import_retry(*, actor: Any, record: PastFilingsImport) -> PastFilingsImport:
    """Queue an import again whose task failed (not one whose workbook had problems: that
    one is corrected and uploaded again)."""
    _require_authority(actor)
    if record.status != PastFilingsImport.Status.FAILED or record.issues:
        return record
    PastFilingsImport.objects.filter(pk=record.pk).update(
        status=PastFilingsImport.Status.QUEUED, error="", finished_at=None
    )
    transaction.on_commit(lambda: enqueue(RUN_PAST_FILINGS_IMPORT_TASK, record.pk))
    record.refresh_from_db()
    return record
