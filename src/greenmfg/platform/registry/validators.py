"""Field validators for registry codes.

They call the pure core (``greenmfg.core.codes``) lazily, at validation time, so the
models import cleanly and the core stays the single place where the code rules live.
Each core error is turned into a Django ``ValidationError`` carrying its translated message.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from greenmfg.core.errors import GreenmfgError
from greenmfg.platform.common.errors import error_message

_ADCODE_RE = re.compile(r"^[1-9]\d{5}$")
_INDUSTRY_RE = re.compile(r"^\d{4}$")


def _core(module: str, *names: str) -> Callable[..., Any] | None:
    try:
        mod = importlib.import_module(f"greenmfg.core.codes.{module}")
    except ImportError:  # pragma: no cover - only before the core module exists
        return None
    for name in names:
        fn = getattr(mod, name, None)
        if callable(fn):
            return cast("Callable[..., Any]", fn)
    return None


def _run(fn: Callable[..., Any] | None, value: str) -> None:
    if fn is None:
        return
    try:
        fn(value)
    except GreenmfgError as err:
        raise ValidationError(error_message(err), code=str(err.code)) from err


def validate_uscc(value: str) -> None:
    """A unified social credit code (统一社会信用代码, GB 32100-2015) with a valid check character."""
    if len(value) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; %(value)r has %(count)d."),
            code="invalid_uscc",
            params={"value": value, "count": len(value)},
        )
    _run(_core("uscc", "validate"), value)


def validate_city_adcode(value: str) -> None:
    """A prefecture-level (地级) administrative division code of GB/T 2260."""
    if not _ADCODE_RE.match(value):
        raise ValidationError(
            _("%(value)r is not a 6-digit administrative division code (GB/T 2260)."),
            code="unknown_adcode",
            params={"value": value},
        )
    regions = _core("regions", "validate_adcode")
    if regions is not None:
        _run(lambda code: regions(code, level="city"), value)


def validate_province_adcode(value: str) -> None:
    """A provincial-level (省级) division code of GB/T 2260, e.g. 320000."""
    if not _ADCODE_RE.match(value):
        raise ValidationError(
            _("%(value)r is not a 6-digit administrative division code (GB/T 2260)."),
            code="unknown_adcode",
            params={"value": value},
        )
    regions = _core("regions", "validate_adcode")
    if regions is not None:
        _run(lambda code: regions(code, level="province"), value)


def validate_adcode(value: str) -> None:
    """Any known province- or prefecture-level division code of GB/T 2260."""
    if not _ADCODE_RE.match(value):
        raise ValidationError(
            _("%(value)r is not a 6-digit administrative division code (GB/T 2260)."),
            code="unknown_adcode",
            params={"value": value},
        )
    _run(_core("regions", "validate_adcode"), value)


def validate_industry(value: str) -> None:
    """A 4-digit class of GB/T 4754-2017."""
    if not _INDUSTRY_RE.match(value):
        raise ValidationError(
            _("%(value)r is not a 4-digit industry class (GB/T 4754-2017)."),
            code="unknown_industry",
            params={"value": value},
        )
    industries = _core("industries", "validate_industry")
    if industries is not None:
        _run(lambda code: industries(code, level="class"), value)
