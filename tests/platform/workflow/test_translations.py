from __future__ import annotations

import re
from pathlib import Path

import polib

import greenmfg.platform.workflow as workflow_app

PO = Path(workflow_app.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
TEMPLATES = Path(workflow_app.__file__).parent / "templates"


def test_every_message_has_a_chinese_translation_with_the_same_placeholders() -> None:
    po = polib.pofile(str(PO))
    assert len(po) > 200
    for entry in po:
        assert entry.msgstr, f"untranslated: {entry.msgid!r}"
        assert "fuzzy" not in entry.flags, entry.msgid
        placeholders = sorted(re.findall(r"%\((\w+)\)", entry.msgid))
        assert sorted(re.findall(r"%\((\w+)\)", entry.msgstr)) == placeholders, entry.msgid


def test_every_template_string_is_in_the_catalogue() -> None:
    msgids = {e.msgid for e in polib.pofile(str(PO))}
    for template in TEMPLATES.rglob("*.html"):
        for text in re.findall(r'{% translate "([^"]+)" %}', template.read_text(encoding="utf-8")):
            assert text.replace("%", "%%") in msgids or text in msgids, f"{template.name}: {text!r}"


def test_the_core_error_templates_are_translated() -> None:
    from django.utils import translation

    from greenmfg.core.errors import (
        DeadlinePassedError,
        GuardFailedError,
        NotFoundError,
        PermissionDeniedError,
        RateLimitedError,
        TransitionNotAllowedError,
    )
    from greenmfg.platform.common.errors import error_message
    from greenmfg.platform.workflow.messages import CORE_ERROR_TEMPLATES

    classes = (
        PermissionDeniedError,
        NotFoundError,
        TransitionNotAllowedError,
        GuardFailedError,
        DeadlinePassedError,
        RateLimitedError,
    )
    assert {c.template for c in classes} == set(CORE_ERROR_TEMPLATES)
    with translation.override("zh-hans"):
        text = error_message(
            TransitionNotAllowedError(state="draft", target="listed", allowed="submitted")
        )
    assert text.startswith("处于")
