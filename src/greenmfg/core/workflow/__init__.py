"""Gradient cultivation workflow (梯度培育): state machines, guards, audit chain, calendar.

Pure Python; the Django app ``greenmfg.platform.workflow`` stores applications and calls
these from its service commands.
"""

from greenmfg.core.workflow.audit import AuditRecord, ChainReport, content_hash, seal, verify_chain
from greenmfg.core.workflow.calendar import RoundCalendar, calendar_for
from greenmfg.core.workflow.guards import ApplicationFacts, GuardReport, enforce
from greenmfg.core.workflow.machine import MACHINES, Guard, Machine, State, Transition, machine_for

__all__ = [
    "MACHINES",
    "ApplicationFacts",
    "AuditRecord",
    "ChainReport",
    "Guard",
    "GuardReport",
    "Machine",
    "RoundCalendar",
    "State",
    "Transition",
    "calendar_for",
    "content_hash",
    "enforce",
    "machine_for",
    "seal",
    "verify_chain",
]
