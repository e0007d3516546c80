"""Every pydantic validation error type as a message template with named placeholders.

Pydantic renders its messages in English only ("Input should be greater than or equal
to 0").  The core keeps the error's *type* and *context* instead and turns them into a
template from :data:`TEMPLATES` plus params; the platform translates the template
(every template is a msgid of the platform catalogue), so a reader of zh-Hans sees
"应大于或等于 0".  A test fails when pydantic has an error type this table does not map.

A ``value_error`` raised by one of greenmfg's own validators carries a
:class:`~greenmfg.core.errors.GreenmfgError`: its own template and params are used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from greenmfg.core.errors import GreenmfgError

# pydantic error type → message template (placeholders from the error's context)
TEMPLATES: dict[str, str] = {
    "missing": "This value is required.",
    "extra_forbidden": "This field is not part of the format.",
    "greater_than": "The value must be greater than %(gt)s.",
    "greater_than_equal": "The value must be greater than or equal to %(ge)s.",
    "less_than": "The value must be less than %(lt)s.",
    "less_than_equal": "The value must be less than or equal to %(le)s.",
    "multiple_of": "The value must be a multiple of %(multiple_of)s.",
    "finite_number": "The value must be a finite number.",
    "float_type": "%(input)r is not a number.",
    "float_parsing": "%(input)r is not a number.",
    "int_type": "%(input)r is not a whole number.",
    "int_parsing": "%(input)r is not a whole number.",
    "int_parsing_size": "%(input)r is too large a whole number.",
    "int_from_float": "%(input)r is not a whole number.",
    "decimal_type": "%(input)r is not a number.",
    "decimal_parsing": "%(input)r is not a number.",
    "decimal_max_digits": "The number has more than %(max_digits)s digits.",
    "decimal_max_places": "The number has more than %(decimal_places)s decimal places.",
    "decimal_whole_digits": "The number has more than %(whole_digits)s digits before the point.",
    "fraction_type": "%(input)r is not a fraction.",
    "fraction_parsing": "%(input)r is not a fraction.",
    "complex_type": "%(input)r is not a number.",
    "complex_str_parsing": "%(input)r is not a number.",
    "bool_type": "%(input)r is not yes or no.",
    "bool_parsing": "%(input)r is not yes or no.",
    "string_type": "Text is expected here.",
    "string_unicode": "The text is not valid Unicode.",
    "string_too_short": "The text must have at least %(min_length)s character(s).",
    "string_too_long": "The text must have at most %(max_length)s character(s).",
    "string_pattern_mismatch": "%(input)r does not have the expected form.",
    "string_not_ascii": "The text must use Latin letters and digits only.",
    "enum": "%(input)r is not one of the allowed values: %(expected)s.",
    "literal_error": "%(input)r is not one of the allowed values: %(expected)s.",
    "too_short": "At least %(min_length)s item(s) are required.",
    "too_long": "At most %(max_length)s item(s) are allowed.",
    "date_type": "A date is expected here.",
    "date_parsing": "%(input)r is not a date (YYYY-MM-DD).",
    "date_from_datetime_parsing": "%(input)r is not a date (YYYY-MM-DD).",
    "date_from_datetime_inexact": "A date without a time of day is expected.",
    "date_past": "The date must be in the past.",
    "date_future": "The date must be in the future.",
    "time_type": "A time of day is expected here.",
    "time_parsing": "%(input)r is not a time of day (HH:MM).",
    "datetime_type": "A date and time are expected here.",
    "datetime_parsing": "%(input)r is not a date and time.",
    "datetime_object_invalid": "%(input)r is not a valid date and time.",
    "datetime_from_date_parsing": "%(input)r is not a date and time.",
    "datetime_past": "The date and time must be in the past.",
    "datetime_future": "The date and time must be in the future.",
    "timezone_naive": "The time must not carry a time zone.",
    "timezone_aware": "The time must carry a time zone.",
    "timezone_offset": "The time zone offset is not the expected one.",
    "time_delta_type": "A duration is expected here.",
    "time_delta_parsing": "%(input)r is not a duration.",
    "url_type": "A web address is expected here.",
    "url_parsing": "%(input)r is not a web address.",
    "url_syntax_violation": "%(input)r is not a web address.",
    "url_too_long": "The web address must have at most %(max_length)s characters.",
    "url_scheme": "The web address must start with %(expected_schemes)s.",
    "uuid_type": "An identifier (UUID) is expected here.",
    "uuid_parsing": "%(input)r is not an identifier (UUID).",
    "uuid_version": "The identifier (UUID) is not of version %(expected_version)s.",
    "bytes_type": "A file content is expected here.",
    "bytes_too_short": "The content must have at least %(min_length)s byte(s).",
    "bytes_too_long": "The content must have at most %(max_length)s byte(s).",
    "bytes_invalid_encoding": "The content is not valid %(encoding)s.",
    "json_invalid": "The text is not valid JSON.",
    "json_type": "JSON text is expected here.",
    "value_error": "%(reason)s",
    "assertion_error": "%(reason)s",
    "none_required": "No value is allowed here.",
    "union_tag_invalid": "%(tag)r is not one of the allowed kinds: %(expected_tags)s.",
    "union_tag_not_found": "The kind of entry (%(discriminator)s) is missing.",
}
_STRUCTURE = "The value has the wrong structure: %(expected)s expected."
# What each structural type expects, for the ``expected`` placeholder.
_EXPECTED_STRUCTURE: dict[str, str] = {}
for _kind, _what in (
    ("dict_type", "a table of named values"),
    ("frozen_dict_type", "a table of named values"),
    ("ordered_dict_type", "a table of named values"),
    ("counter_type", "a table of named values"),
    ("mapping_type", "a table of named values"),
    ("model_type", "a table of named values"),
    ("model_attributes_type", "a table of named values"),
    ("dataclass_type", "a table of named values"),
    ("dataclass_exact_type", "a table of named values"),
    ("named_tuple_type", "a list of values"),
    ("list_type", "a list of values"),
    ("tuple_type", "a list of values"),
    ("deque_type", "a list of values"),
    ("set_type", "a list of values"),
    ("frozen_set_type", "a list of values"),
    ("iterable_type", "a list of values"),
    ("set_item_not_hashable", "a list of simple values"),
    ("iteration_error", "a list of values"),
    ("arguments_type", "a list of arguments"),
    ("callable_type", "a function"),
    ("is_instance_of", "an object of the right kind"),
    ("is_subclass_of", "an object of the right kind"),
):
    TEMPLATES[_kind] = _STRUCTURE
    _EXPECTED_STRUCTURE[_kind] = _what
# Errors of the program rather than of the input: shown with a generic sentence.
for _kind in (
    "no_such_attribute",
    "needs_python_object",
    "recursion_loop",
    "recursion_depth_exceeded",
    "frozen_field",
    "frozen_instance",
    "invalid_key",
    "get_attribute_error",
    "default_factory_not_called",
    "missing_sentinel_error",
    "ellipsis_error",
    "missing_argument",
    "unexpected_keyword_argument",
    "missing_keyword_only_argument",
    "unexpected_positional_argument",
    "missing_positional_only_argument",
    "multiple_argument_values",
):
    TEMPLATES[_kind] = "The value could not be checked (%(type)s)."

_UNMAPPED = "The value is not valid (%(type)s)."


def template_for(error: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The template and params for one entry of ``ValidationError.errors()``."""
    kind = str(error.get("type", ""))
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    params: dict[str, Any] = {"type": kind, "input": _short(error.get("input"))}
    cause = ctx.get("error")
    if kind == "value_error" and isinstance(cause, GreenmfgError):
        return cause.template, dict(cause.params)
    for key, value in ctx.items():
        if key != "error":
            params[key] = value
    if kind in ("value_error", "assertion_error"):
        params["reason"] = str(cause) if cause is not None else str(error.get("msg", ""))
    template = TEMPLATES.get(kind, _UNMAPPED)
    if template == _STRUCTURE:
        params["expected"] = _EXPECTED_STRUCTURE[kind]
    params.setdefault("expected", "")
    return template, params


def _short(value: Any) -> Any:
    if isinstance(value, str) and len(value) > 60:
        return value[:57] + "…"
    if isinstance(value, dict | list | tuple):
        return type(value).__name__
    return value


def message_for(error: Mapping[str, Any]) -> str:
    """The English message for one pydantic error entry."""
    template, params = template_for(error)
    try:
        return template % params
    except (KeyError, TypeError, ValueError):
        return str(error.get("msg", ""))
