"""Turning core errors into translated, user-facing messages (one place for all views).

The core raises errors and import issues as a template plus params.  Here the template is
translated (every template is a msgid of the platform's catalogues), and so is every
param that is itself a fixed English phrase (``reason``, ``expected``, ``kind`` …): a
phrase the catalogue does not know comes back unchanged, so names and codes pass through.
``where`` (an English "line 3: " prefix) is dropped where the row and column are shown
separately.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language, gettext

from greenmfg.core.accounting.catalogue import CARRIERS, PRODUCTS
from greenmfg.core.errors import (
    GreenmfgError,
    ImportInvalidError,
    ImportIssue,
    TransitionNotAllowedError,
)
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


def _translated(params: Mapping[str, Any], *, drop_where: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in params.items():
        if key == "where" and drop_where:
            out[key] = ""
        elif isinstance(value, str) and value:
            out[key] = gettext(value)
        elif isinstance(value, float) and value.is_integer():
            out[key] = int(value)  # "0", not "0.0"
        elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            out[key] = "、".join(gettext(v) for v in value) if value else ""
        else:
            out[key] = value
    return out


def fill(
    template: str, params: Mapping[str, Any], *, fallback: str, drop_where: bool = False
) -> str:
    """``template`` translated and filled with ``params`` (each translated too)."""
    try:
        return gettext(template) % _translated(params, drop_where=drop_where)
    except (KeyError, TypeError, ValueError):
        return fallback


def issue_text(issue: ImportIssue) -> str:
    """One import issue's problem, in the active language."""
    return fill(issue.template, issue.params, fallback=issue.message, drop_where=True)


def issue_expected(issue: ImportIssue) -> str:
    """What one import issue expected, in the active language ("" when nothing)."""
    if not issue.expected_template:
        return ""
    return fill(issue.expected_template, issue.params, fallback=issue.expected or "")


def error_message(error: GreenmfgError) -> str:
    """The error's message in the active language (the core's template, translated;
    workflow state codes in it are written as the states' names)."""
    text = fill(error.template, _params(error), fallback=error.message)
    if isinstance(error, ImportInvalidError):
        text += "\n" + "\n".join(f"- {_issue_line(issue)}" for issue in error.issues)
    return text


def _issue_line(issue: ImportIssue) -> str:
    parts = []
    if issue.sheet:
        parts.append(gettext("sheet %(sheet)s") % {"sheet": issue.sheet})
    if issue.row is not None:
        parts.append(gettext("row %(row)s") % {"row": issue.row})
    if issue.column:
        parts.append(gettext("column %(column)s") % {"column": issue.column})
    text = issue_text(issue)
    expected = issue_expected(issue)
    if expected:
        text += gettext(" (expected: %(expected)s)") % {"expected": expected}
    return ", ".join(parts) + ": " + text if parts else text


def notice_text(message: Mapping[str, Any] | str) -> str:
    """One accounting warning or note (核算提示) in the active language: its template
    translated and filled with its params.  A plain string (a result stored before
    results carried ``messages``) is translated when the catalogue knows it."""
    if isinstance(message, str):
        return gettext(message) if message else message
    template = str(message.get("template") or "")
    params = dict(message.get("params") or {})
    zh = (get_language() or "zh-hans").startswith("zh")
    for key, names in (("carrier", CARRIERS), ("product", PRODUCTS)):
        entry = names.get(str(params.get(key)))
        if entry is not None:  # the code by its name in the active language
            params[key] = f"{entry.name_zh if zh else entry.name_en} ({params[key]})"
    try:
        fallback = template % params if params else template
    except (KeyError, TypeError, ValueError):
        fallback = template
    return fill(template, params, fallback=fallback) if params else gettext(template)


def result_notices(result: Mapping[str, Any]) -> list[str]:
    """The warnings of a stored accounting result, each in the active language."""
    messages = result.get("messages")
    if messages:
        return [notice_text(m) for m in messages]
    return [notice_text(str(w)) for w in result.get("warnings") or []]


def quota_corrections(quota: Mapping[str, Any] | None) -> list[str]:
    """The corrections (限额修正) a quota standard made for one product, each in the
    active language: from their message templates (``correction_messages``), or the
    stored English text of a result made before they had one (``corrections``)."""
    if not quota:
        return []
    messages = quota.get("correction_messages")
    if messages:
        return [notice_text(m) for m in messages]
    return [notice_text(str(c)) for c in quota.get("corrections") or []]
