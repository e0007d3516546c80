"""Writes of the gradient-cultivation workflow.

Every state change goes through :func:`application_transition` (``application_submit``
is the applicant's shorthand): inside one transaction it locks the application row
(``select_for_update``), then checks permission (role from the state machine, region
scope, own unit), the optimistic version a form carried, the reason, the round's
deadline and the guards; only then it writes the new state, its side effects (listing
rows, publicity dates, panel mean), the audit record of the hash chain and the inbox
notifications.  Anything raised before the commit leaves no trace.
"""

from __future__ import annotations

from greenmfg.platform.workflow.services.applications import (
    LISTED_LEVEL,
    NATIONAL_STAGE,
    BatchResult,
    application_attach_report,
    application_create,
    application_submit,
    application_transition,
    application_transition_batch,
    gather_facts,
    national_projects,
)
from greenmfg.platform.workflow.services.audit import (
    AuditVerification,
    application_content,
    audit_verify,
    to_core_record,
)
from greenmfg.platform.workflow.services.base import (
    _applicant_users,
    _audit,
    _check_actor_on,
    _lock,
    _notify,
    _users_to_act,
)
from greenmfg.platform.workflow.services.cultivation import cultivation_plan_create
from greenmfg.platform.workflow.services.institutions import (
    institution_annual_report_file,
    institution_record_create,
)
from greenmfg.platform.workflow.services.notifications import (
    notification_mark_read,
    reminders_create,
)
from greenmfg.platform.workflow.services.publicity import (
    OBJECTIONS_PER_HOUR,
    objection_file,
    objection_resolve,
)
from greenmfg.platform.workflow.services.review import (
    expert_assign,
    expert_assign_batch,
    expert_conflict_declare,
    expert_conflicts,
    expert_panel_create,
    expert_score_submit,
)
from greenmfg.platform.workflow.services.rounds import (
    OPERATOR_SET,
    RoundDate,
    round_create,
    round_date,
    round_dates,
)

__all__ = [
    "LISTED_LEVEL",
    "NATIONAL_STAGE",
    "OBJECTIONS_PER_HOUR",
    "OPERATOR_SET",
    "AuditVerification",
    "BatchResult",
    "RoundDate",
    "_applicant_users",
    "_audit",
    "_check_actor_on",
    "_lock",
    "_notify",
    "_users_to_act",
    "application_attach_report",
    "application_content",
    "application_create",
    "application_submit",
    "application_transition",
    "application_transition_batch",
    "audit_verify",
    "cultivation_plan_create",
    "expert_assign",
    "expert_assign_batch",
    "expert_conflict_declare",
    "expert_conflicts",
    "expert_panel_create",
    "expert_score_submit",
    "gather_facts",
    "institution_annual_report_file",
    "institution_record_create",
    "national_projects",
    "notification_mark_read",
    "objection_file",
    "objection_resolve",
    "reminders_create",
    "round_create",
    "round_date",
    "round_dates",
    "to_core_record",
]
