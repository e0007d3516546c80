"""Core error templates this app shows, marked for translation (the core stays free of
Django; common.errors.error_message looks the template up in the catalogues)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

CORE_ERROR_TEMPLATES = (
    gettext_noop("Unknown standard %(standard)r; available: %(expected)s"),
    gettext_noop("%(where)sfield %(field)s: %(reason)s"),
    gettext_noop("%(file)s, line %(line)s, field %(field)s: %(reason)s"),
    gettext_noop("%(file)s is %(size_mb).1f MB; files up to %(limit_mb)d MB are accepted"),
    gettext_noop("%(where)s%(field)s = %(value)r: %(expected)s"),
    gettext_noop("%(where)sunknown %(kind)s code %(value)r; expected one of: %(expected)s"),
)
