"""Writes of the onboarding app: enterprise master data, official list imports and their
review queue.  Keyword-only, actor first (``None``: the platform, e.g. the command line),
one transaction each; registry writes go through the registry's services so that every
change leaves its registry event.

Bad input raises before anything is written: :class:`ImportInvalidError` (every problem
with its row and column), :class:`PermissionDeniedError` (a level the account does not
keep), :class:`InvalidValueError` (a year in the future).
"""

from __future__ import annotations

from greenmfg.platform.onboarding.services.base import Row, list_authority
from greenmfg.platform.onboarding.services.city_tables import (
    CARRIER_ZH,
    LEVEL_ZH,
    city_of_actor,
    city_table_upload,
)
from greenmfg.platform.onboarding.services.enterprises import (
    EnterpriseImportResult,
    enterprise_rename,
    enterprises_import,
)
from greenmfg.platform.onboarding.services.lists_apply import (
    ListCounts,
    ListImportOutcome,
    list_import_apply,
    list_import_counts,
    list_import_discard,
    lists_import,
)
from greenmfg.platform.onboarding.services.lists_review import (
    list_import_confirm,
    list_row_create,
    list_row_pick,
    list_row_reject,
    list_row_reopen,
)
from greenmfg.platform.onboarding.services.lists_upload import (
    ListFile,
    list_file_read,
    list_import_upload,
)
from greenmfg.platform.onboarding.services.past_filings import (
    PastFilingsResult,
    past_filings_import,
    past_filings_import_fail,
    past_filings_import_request,
    past_filings_import_retry,
    past_filings_import_run,
    stored_issues,
)

__all__ = [
    "CARRIER_ZH",
    "LEVEL_ZH",
    "EnterpriseImportResult",
    "ListCounts",
    "ListFile",
    "ListImportOutcome",
    "PastFilingsResult",
    "Row",
    "city_of_actor",
    "city_table_upload",
    "enterprise_rename",
    "enterprises_import",
    "list_authority",
    "list_file_read",
    "list_import_apply",
    "list_import_confirm",
    "list_import_counts",
    "list_import_discard",
    "list_import_upload",
    "list_row_create",
    "list_row_pick",
    "list_row_reject",
    "list_row_reopen",
    "lists_import",
    "past_filings_import",
    "past_filings_import_fail",
    "past_filings_import_request",
    "past_filings_import_retry",
    "past_filings_import_run",
    "stored_issues",
]
