"""JSON from outside, read with limits: nesting depth and finite numbers.

``json.loads`` recurses once per nesting level, so a document nested 50,000 levels deep
ends in ``RecursionError``; and it reads ``NaN``, ``Infinity`` and ``1e400`` as floats
that no later step can store.  :func:`loads` checks the depth with a linear scan before
parsing and refuses non-finite numbers while parsing; both failures are
:class:`json.JSONDecodeError` subclasses, so callers that already report invalid JSON
report these too, with the position.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_DEPTH = 64


class JsonLimitError(json.JSONDecodeError):
    """The document is well-formed JSON but outside the limits."""


def nesting_depth(text: str, *, stop_after: int = MAX_DEPTH) -> tuple[int, int]:
    """The deepest nesting of arrays and objects (strings skipped) and where it was
    reached; the scan stops once ``stop_after`` is exceeded."""
    depth = deepest = at = 0
    in_string = escaped = False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest, at = depth, index
                if deepest > stop_after:
                    break
        elif char in "]}":
            depth -= 1
    return deepest, at


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _constant(name: str) -> Any:
    raise ValueError(name)


def loads(text: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads`` that refuses documents nested deeper than ``max_depth`` and
    numbers that are not finite (``NaN``, ``Infinity``, ``1e400``)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")
    deepest, at = nesting_depth(text, stop_after=max_depth)
    if deepest > max_depth:
        raise JsonLimitError(f"nested more than {max_depth} levels deep", text, at)
    try:
        return json.loads(text, parse_float=_finite, parse_constant=_constant)
    except ValueError as exc:
        if isinstance(exc, json.JSONDecodeError):
            raise
        raise JsonLimitError(
            f"the number {exc.args[0]} is not finite", text, max(text.find(str(exc.args[0])), 0)
        ) from exc
