"""Turning core errors into translated, user-facing messages (one place for all views)."""

from __future__ import annotations

from django.utils.translation import gettext

from greenmfg.core.errors import GreenmfgError, ImportInvalidError


def error_message(error: GreenmfgError) -> str:
    """The error's message in the active language (the core's template, translated)."""
    template = gettext(error.template)
    try:
        text = template % error.params
    except (KeyError, TypeError, ValueError):
        text = error.message
    if isinstance(error, ImportInvalidError):
        text += "\n" + "\n".join(f"- {issue}" for issue in error.issues)
    return text
