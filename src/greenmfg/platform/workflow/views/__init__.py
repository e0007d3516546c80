"""Pages of the gradient-cultivation workflow (thin: parse, call one service, render)."""

from __future__ import annotations

from greenmfg.platform.workflow.views.applications import (
    application_act,
    application_detail,
    attach_report,
    my_applications,
)
from greenmfg.platform.workflow.views.lists import (
    annual_list,
    annual_list_pdf,
    annual_list_xlsx,
    objection_form,
    publicity,
)
from greenmfg.platform.workflow.views.planning import conflict_declare, inbox, plans, rounds
from greenmfg.platform.workflow.views.review import (
    MATERIAL_ANSWER_DAYS,
    assign_experts,
    batch_assign,
    checklist_record,
    diagnostics,
    expert_home,
    expert_score,
    material_answer,
    material_file,
    material_request,
    objections,
    queue,
)
from greenmfg.platform.workflow.views.third_parties import (
    api_tokens,
    institution_detail,
    institution_report,
    institutions,
)

__all__ = [
    "MATERIAL_ANSWER_DAYS",
    "annual_list",
    "annual_list_pdf",
    "annual_list_xlsx",
    "api_tokens",
    "application_act",
    "application_detail",
    "assign_experts",
    "attach_report",
    "batch_assign",
    "checklist_record",
    "conflict_declare",
    "diagnostics",
    "expert_home",
    "expert_score",
    "inbox",
    "institution_detail",
    "institution_report",
    "institutions",
    "material_answer",
    "material_file",
    "material_request",
    "my_applications",
    "objection_form",
    "objections",
    "plans",
    "publicity",
    "queue",
    "rounds",
]
