"""Workflow of gradient cultivation (梯度培育): rounds, applications and their audit chain,
expert review, publicity and objections, notifications, cultivation plans and the
supervision of third-party evaluation institutions.

State changes of an :class:`Application` happen only through
:mod:`greenmfg.platform.workflow.services`; every change appends an :class:`AuditRecord`
to the application's hash chain (:mod:`greenmfg.core.workflow.audit`).
"""

from __future__ import annotations

from greenmfg.platform.workflow.models.applications import (
    KIND_CHOICES,
    LEVEL_CHOICES,
    STATE_CHOICES,
    Application,
    Round,
)
from greenmfg.platform.workflow.models.audit import AuditRecord
from greenmfg.platform.workflow.models.checks import ChecklistEntry, MaterialRequest, material_path
from greenmfg.platform.workflow.models.cultivation import CultivationPlan, PlanTarget
from greenmfg.platform.workflow.models.institutions import (
    InstitutionAnnualReport,
    InstitutionRecord,
)
from greenmfg.platform.workflow.models.publicity import Notification, Objection
from greenmfg.platform.workflow.models.review import (
    ConflictDeclaration,
    ExpertAssignment,
    ExpertPanel,
    ExpertScore,
)

__all__ = [
    "KIND_CHOICES",
    "LEVEL_CHOICES",
    "STATE_CHOICES",
    "Application",
    "AuditRecord",
    "ChecklistEntry",
    "ConflictDeclaration",
    "CultivationPlan",
    "ExpertAssignment",
    "ExpertPanel",
    "ExpertScore",
    "InstitutionAnnualReport",
    "InstitutionRecord",
    "MaterialRequest",
    "Notification",
    "Objection",
    "PlanTarget",
    "Round",
    "material_path",
]
