"""Every user-visible string of the foundation has its Chinese (zh_Hans) translation."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.test import Client

PLATFORM = Path(__file__).resolve().parents[3] / "src" / "greenmfg" / "platform"
CATALOGUES = [
    PLATFORM / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po",
    PLATFORM / "accounts" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po",
    PLATFORM / "registry" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po",
]
PLACEHOLDER = re.compile(r"%\(\w+\)[srd]")


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parent.parent.parent.parent.name)
def test_catalogue_is_complete(path: Path) -> None:
    po = polib.pofile(str(path))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    for entry in po.translated_entries():
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), (
                entry.msgid
            )


@pytest.mark.django_db
def test_pages_switch_to_english(client: Client) -> None:
    assert "绿色制造名单" in client.get("/").content.decode()
    client.cookies["django_language"] = "en"
    assert "Green manufacturing lists" in client.get("/").content.decode()
