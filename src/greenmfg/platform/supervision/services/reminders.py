"""Reminders of filing deadlines (填报提醒)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenmfg.core.supervision import calendar as cal
from greenmfg.platform.supervision import sources
from greenmfg.platform.supervision.models import (
    DynamicFiling,
    FilingReminder,
)
from greenmfg.platform.supervision.services.units import active_listings, unit_fields


def _notify(users: list[Any], message: str, key: str) -> None:
    """Put a reminder into each user's inbox (the workflow app's notifications)."""
    models = sources._module("greenmfg.platform.workflow.models")
    notification = getattr(models, "Notification", None) if models is not None else None
    if notification is None:
        return
    for user in users:
        notification.objects.get_or_create(
            user=user, dedupe_key=key, defaults={"kind": "reminder", "message": message[:300]}
        )


@transaction.atomic
def reminders_send(*, year: int, today: dt.date | None = None) -> int:
    """Remind every listed unit that has not submitted, on each reminder day up to the
    deadline (days from the calendar data); each reminder is sent once.  Returns the
    number of reminders created."""
    from greenmfg.platform.accounts.models import User

    today = today or timezone.localdate()
    filed = set(
        DynamicFiling.objects.filter(year=year)
        .exclude(status=DynamicFiling.Status.DRAFT)
        .values_list("listing_id", flat=True)
    )
    created = 0
    for listing in active_listings(year).select_related("enterprise", "park"):
        unit = listing.enterprise or listing.park
        if unit is None or listing.pk in filed:
            continue
        due = cal.filing_deadline(year, unit.adcode)
        if today > due:
            continue
        for d in cal.reminder_dates(year, unit.adcode):
            if d > today:
                continue
            days_before = (due - d).days
            reminder, made = FilingReminder.objects.get_or_create(
                listing=listing,
                year=year,
                days_before=days_before,
                defaults={"due_on": due, "sent_on": today},
            )
            if not made:
                continue
            users = list(User.objects.filter(**{f"{k}": v for k, v in unit_fields(unit).items()}))
            message = _(
                "Your %(year)s dynamic management table is due on %(due)s (%(days)s days left)."
            ) % {
                "year": year,
                "due": due.isoformat(),
                "days": days_before,
            }
            _notify(users, message, f"supervision:filing:{year}:{listing.pk}:{days_before}")
            reminder.recipients = len(users)
            reminder.save(update_fields=["recipients"])
            created += 1
    return created
