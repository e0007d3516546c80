"""Every role sees the platform in its language: no English system text in zh-Hans, no
Chinese label in English where an English one exists.

On the demo data set, each demo role (and an anonymous visitor) crawls the pages it can
reach (same site, GET, breadth first, at most two pages per URL pattern) once in zh-Hans
and once in English.  The visible text (text nodes and spoken attributes; not scripts,
not ``<code>``) is checked for:

- in zh-Hans: a msgid of the catalogues shown untranslated; a raw code of the platform's
  vocabularies (carriers, products, materials, carriers of the green system, workflow
  states and transitions, removal rules); and the fragments reported in issue 13;
- in English: a zh-Hans msgstr shown as a whole text node instead of its English msgid
  (inside a longer Chinese text it is data, e.g. a column header of a Chinese template).

Data (company names, addresses, standard codes, numbers and units) are not system text.
"""

from __future__ import annotations

import io
import re
from collections import Counter, deque
from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings as django_settings
from django.test import Client

import greenmfg.platform
from greenmfg.cli.platform import _create_demo_accounts
from greenmfg.core.accounting.catalogue import CARRIERS, MATERIALS, PRODUCTS
from greenmfg.core.domain import UnitKind
from greenmfg.core.supervision.removal import RemovalRule
from greenmfg.core.workflow.machine import MACHINES, State
from greenmfg.platform.common.demo import run_demo_steps
from greenmfg.platform.registry.demo_data import load_demo_data

from .test_smoke_crawl import _links
from .visible_text import visible_text

pytestmark = pytest.mark.django_db(transaction=False)

PAGES_PER_ROLE = 40
PLATFORM = Path(greenmfg.platform.__file__).parent

# English that leaked into the Chinese UI (issue 13, "What was found" item 7).
KNOWN_FRAGMENTS = (
    "Input should be",
    "not a readable .xlsx workbook",
    "a quantitative indicator takes a number",
    "factor_id",
    "Art. 16 as quoted by",
    "Random(",
    "supply_chain",
    "did not file the annual",
    "Value error",
)


def _catalogue() -> list[tuple[str, str]]:
    pairs = []
    for po_path in PLATFORM.rglob("locale/zh_Hans/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete or not entry.msgstr or "%" in entry.msgid:
                continue
            pairs.append((entry.msgid, entry.msgstr))
    return pairs


def _codes() -> set[str]:
    codes = {*CARRIERS, *MATERIALS, *PRODUCTS, *(k.value for k in UnitKind)}
    codes |= {s.value for s in State} | {r.value for r in RemovalRule}
    codes |= {t.name for m in MACHINES.values() for t in m.transitions}
    return {c for c in codes if "_" in c}  # one-word codes ("factory") are ordinary words


def _crawl(client: Client, start: list[str]) -> dict[str, list[str]]:
    """url → the page's visible text parts (200 HTML pages only)."""
    pages: dict[str, list[str]] = {}
    seen: set[str] = set()
    patterns: Counter[str] = Counter()
    queue = deque(start)
    while queue and len(pages) < PAGES_PER_ROLE:
        url = queue.popleft()
        pattern = re.sub(r"\d+", "N", url.split("?")[0])
        if url in seen or patterns[pattern] >= 2:
            continue
        seen.add(url)
        patterns[pattern] += 1
        response = client.get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith(
            "text/html"
        ):
            continue
        html = response.content.decode()
        pages[url] = visible_text(html)
        queue.extend(u for u in _links(html) if u not in seen)
    return pages


@pytest.fixture
def demo_viewers() -> list[tuple[str, Any]]:
    from greenmfg.platform.accounts.models import User

    dataset = load_demo_data(seed=7, scale=0.01, stdout=io.StringIO())
    run_demo_steps(dataset, io.StringIO())
    accounts = _create_demo_accounts()
    return [("anonymous", None)] + [
        (a["username"], User.objects.get(username=a["username"])) for a in accounts
    ]


def _viewer(user: Any, language: str) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_no_english_system_text_in_chinese_and_no_chinese_labels_in_english(
    demo_viewers: list[tuple[str, Any]], settings: Any
) -> None:
    settings.DEBUG = False
    from django.utils import timezone

    from greenmfg.platform.registry.models import Listing
    from greenmfg.platform.workflow.models import Round

    # The demo's own round is this year's, named as a demo: no listing of a future year
    # appears on the public lists (the demo used to list units for next year).
    this_year = timezone.localdate().year
    assert not Listing.objects.filter(year__gt=this_year).exists()
    assert all("演示" in r.name for r in Round.objects.filter(year=this_year))
    # Long English msgids only: short ones ("Unit", "Year") are also ordinary words in data.
    english = [(msgid, msgstr) for msgid, msgstr in _catalogue() if len(msgid.split()) >= 4]
    chinese = [
        (msgid, msgstr)
        for msgid, msgstr in _catalogue()
        if len(msgstr) >= 6 and re.search(r"[\u4e00-\u9fff]", msgstr) and msgid != msgstr
    ]
    code_pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _codes()))) + r")\b")
    problems: list[str] = []
    visited = 0
    for name, user in demo_viewers:
        start = ["/"] if user is None else ["/", "/accounts/home/"]
        zh_pages = _crawl(_viewer(user, "zh-hans"), start)
        visited += len(zh_pages)
        for url, parts in zh_pages.items():
            text = "\n".join(parts)
            for fragment in KNOWN_FRAGMENTS:
                if fragment in text:
                    problems.append(f"zh {name} {url}: {fragment!r}")
            for msgid, _msgstr in english:
                if msgid in text:
                    problems.append(f"zh {name} {url}: untranslated {msgid!r}")
            for match in set(code_pattern.findall(text)):
                problems.append(f"zh {name} {url}: raw code {match!r}")
        en_pages = _crawl(_viewer(user, "en"), start)
        visited += len(en_pages)
        for url, parts in en_pages.items():
            # a whole text node that is a Chinese label (inside a sentence it is data)
            shown = set(parts)
            for msgid, msgstr in chinese:
                if msgstr in shown:
                    problems.append(f"en {name} {url}: {msgstr!r} instead of {msgid!r}")
    assert visited > 150
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(sorted(set(problems))[:80])
