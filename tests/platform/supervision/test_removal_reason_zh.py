"""A removal proposal's reason, filled in English by the core, reads in Chinese (issue 13:
"No dynamic management table filed for 2025." on the Chinese removals page)."""

from __future__ import annotations

from django.utils import translation

from greenmfg.platform.supervision.messages import translated_text


def test_a_core_reason_is_shown_in_the_active_language() -> None:
    with translation.override("zh-hans"):
        text = translated_text("No dynamic management table filed for 2025.")
        assert "2025" in text and "No dynamic" not in text, text
        assert translated_text("企业自述：停产") == "企业自述：停产"  # an official's own words
    with translation.override("en"):
        assert translated_text("No dynamic management table filed for 2025.") == (
            "No dynamic management table filed for 2025."
        )
