"""Template helpers of dynamic management."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def source_status(status: str) -> SafeString:
    """A data row's status (verified / secondary / unverified) as a badge; anything short
    of verified is marked so it is never taken for an official figure."""
    if status == "verified":
        return format_html('<span class="badge text-bg-success">{}</span>', _("verified"))
    if status == "secondary":
        return format_html('<span class="gm-unverified">{}</span>', _("secondary source"))
    return format_html('<span class="gm-unverified">{}</span>', _("unverified"))


@register.filter
def core_text(text: str) -> str:
    """A text the core filled from one of its templates, in the active language."""
    from greenmfg.platform.supervision.messages import translated_text

    return translated_text(str(text or ""))
