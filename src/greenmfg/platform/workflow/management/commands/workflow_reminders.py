"""Create inbox reminders before deadlines (run daily, e.g. from cron or the task worker)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from greenmfg.platform.workflow.services import reminders_create


class Command(BaseCommand):
    help = "Create inbox reminders for applications whose deadline is within --days days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args: Any, **options: Any) -> None:
        created = reminders_create(days_ahead=options["days"])
        self.stdout.write(f"{created} reminder(s) created.")
