"""Turning core errors into translated, user-facing messages (one place for all views)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, gettext

from greenmfg.core.errors import GreenmfgError, ImportInvalidError, TransitionNotAllowedError
from greenmfg.core.workflow.machine import STATES, State


def _state_names(codes: Any) -> Any:
    """Workflow state codes (one, or a comma-separated list) → their names in the active
    language; anything else is returned unchanged."""
    if not isinstance(codes, str):
        return codes
    zh = (get_language() or "zh-hans").startswith("zh")
    names = []
    for code in codes.split(","):
        code = code.strip()
        try:
            info = STATES[State(code)]
        except ValueError:
            return codes
        names.append(info.name_zh if zh else info.name_en)
    return "、".join(names) if zh else ", ".join(names)


def _params(error: GreenmfgError) -> dict[str, Any]:
    params = dict(error.params)
    if isinstance(error, TransitionNotAllowedError):
        for key in ("state", "target", "allowed"):
            params[key] = _state_names(params.get(key))
    return params


def error_message(error: GreenmfgError) -> str:
    """The error's message in the active language (the core's template, translated;
    workflow state codes in it are written as the states' names)."""
    template = gettext(error.template)
    try:
        text = template % _params(error)
    except (KeyError, TypeError, ValueError):
        text = error.message
    if isinstance(error, ImportInvalidError):
        text += "\n" + "\n".join(f"- {issue}" for issue in error.issues)
    return text
