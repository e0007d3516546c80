"""Every user-visible string of the filings app has its Chinese (zh_Hans) translation."""

from __future__ import annotations

import re
from pathlib import Path

import polib

PO = (
    Path(__file__).resolve().parents[3]
    / "src/greenmfg/platform/filings/locale/zh_Hans/LC_MESSAGES/django.po"
)
PLACEHOLDER = re.compile(r"%\(\w+\)[srd]")


def test_catalogue_is_complete() -> None:
    po = polib.pofile(str(PO))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    for entry in po.translated_entries():
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), (
                entry.msgid
            )
