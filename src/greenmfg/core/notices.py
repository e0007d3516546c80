"""Messages of the core as constant templates + params (提示信息), in any reader's language.

A :class:`Notice` is the English sentence (it *is* a ``str``, so the CLI prints it and a
test can look for a code in it) that also keeps its constant template and its params.
The platform translates the template (a msgid of the zh-Hans catalogue) and fills in the
params in the reader's language.  The accounting engine's warnings
(:mod:`greenmfg.core.accounting.messages`) and the unmet conditions of support measures
(:mod:`greenmfg.core.supervision.support`) are notices.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["Notice", "message_dict"]


class Notice(str):
    """One warning or note: the English text, with ``template`` and ``params`` kept.

    >>> n = Notice("No provincial grid factor for %(region)s.", region="650000")
    >>> str(n)
    'No provincial grid factor for 650000.'
    >>> n.template, n.params
    ('No provincial grid factor for %(region)s.', {'region': '650000'})
    """

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Notice:
        obj = super().__new__(cls, template % params)
        obj.template = template
        obj.params = params
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_notice, (self.template, self.params))

    def as_dict(self) -> dict[str, Any]:
        return {"template": self.template, "params": dict(self.params)}


def _rebuild_notice(template: str, params: Mapping[str, Any]) -> Notice:
    return Notice(template, **params)


def message_dict(text: str) -> dict[str, Any]:
    """``{"template", "params"}`` of a warning (a plain string is its own template)."""
    if isinstance(text, Notice):
        return text.as_dict()
    return {"template": str(text), "params": {}}
