"""The dynamic-management calendar: the filing deadline (15 April, Art. 16) and reminders.

The table for data year Y is due on the deadline of year Y + 1; a province may set an
earlier date (``overrides`` in ``data/supervision/calendar-*.yaml``).
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from greenmfg.core.supervision.data import CalendarSettings, DueDate, calendar_settings


class Timeliness(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"


def due_rule(adcode: str, settings: CalendarSettings | None = None) -> DueDate:
    """The deadline rule (with its source) that applies to a unit in ``adcode``."""
    s = settings or calendar_settings()
    for o in s.overrides:
        if adcode.startswith(o.province):
            return o
    return s.filing_due


def filing_deadline(data_year: int, adcode: str, settings: CalendarSettings | None = None) -> date:
    """The last day to file the table for ``data_year`` (inclusive)."""
    rule = due_rule(adcode, settings)
    return date(data_year + 1, rule.month, rule.day)


def reminder_dates(
    data_year: int, adcode: str, settings: CalendarSettings | None = None
) -> list[date]:
    """The days on which a unit that has not filed is reminded, earliest first."""
    s = settings or calendar_settings()
    deadline = filing_deadline(data_year, adcode, s)
    return sorted(deadline - timedelta(days=d) for d in s.reminder_days_before)


def timeliness(submitted_on: date, data_year: int, adcode: str) -> Timeliness:
    return (
        Timeliness.LATE if submitted_on > filing_deadline(data_year, adcode) else Timeliness.ON_TIME
    )
