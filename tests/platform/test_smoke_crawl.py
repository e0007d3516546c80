"""Every page a role can reach answers without a server error.

The demo pipeline fills a small synthetic data set (all apps' demo steps), then each
demo role — and an anonymous visitor — follows the links of the menu and of the pages it
reaches (same site, GET only, breadth first, bounded).  A 500 anywhere is a bug; a 403 or 404 on a
link a page offered is one too.
"""

from __future__ import annotations

import io
import re
from collections import deque
from typing import Any
from urllib.parse import urldefrag, urlparse

import pytest
from django.test import Client

from greenmfg.cli.platform import _create_demo_accounts
from greenmfg.platform.common.demo import run_demo_steps
from greenmfg.platform.registry.demo_data import load_demo_data

pytestmark = pytest.mark.django_db(transaction=False)

HREF = re.compile(r'href="([^"#][^"]*)"')
PAGES_PER_ROLE = 60
SKIP = ("/static/", "/media/", "/admin/", "/i18n/", "/accounts/logout", "/api/v1/docs")


def _links(html: str) -> list[str]:
    out = []
    for raw in HREF.findall(html):
        url = urldefrag(raw.replace("&amp;", "&"))[0]
        parsed = urlparse(url)
        if parsed.scheme or parsed.netloc or not url.startswith("/"):
            continue
        if url.startswith(SKIP):
            continue
        out.append(url)
    return out


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def header_problems(url: str, response: Any) -> list[str]:
    """What breaks the Content-Security-Policy and Permissions-Policy of a page (issue 14):
    the headers must be there, allow no inline script, and the page must have none."""
    csp = response.get("Content-Security-Policy", "")
    script_src = next((d for d in csp.split(";") if d.strip().startswith("script-src")), "")
    html = response.content.decode()
    problems = []
    if not csp or "'unsafe-inline'" in script_src or "'unsafe-eval'" in script_src:
        problems.append(f"{url}: Content-Security-Policy {csp!r}")
    if "camera=()" not in response.get("Permissions-Policy", ""):
        problems.append(f"{url}: no Permissions-Policy")
    problems += [f"{url}: inline {m.group(0)[:60]!r}" for m in INLINE_SCRIPT.finditer(html)]
    problems += [
        f"{url}: inline handler {m.group(0)[:80]!r}" for m in INLINE_HANDLER.finditer(html)
    ]
    return problems


def _crawl(
    client: Client, start: list[str], problems: list[str] | None = None
) -> dict[str, tuple[int, str]]:
    """url → (status, the page that linked to it); ``problems`` collects header issues."""
    seen: dict[str, tuple[int, str]] = {}
    queue = deque((url, "start") for url in start)
    while queue and len(seen) < PAGES_PER_ROLE:
        url, referrer = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = (response.status_code, referrer)
        content_type = response.get("Content-Type", "")
        if response.status_code == 200 and content_type.startswith("text/html"):
            if problems is not None:
                problems += header_problems(url, response)
            queue.extend((u, url) for u in _links(response.content.decode()) if u not in seen)
    return seen


@pytest.fixture
def demo_world() -> list[dict[str, str]]:
    dataset = load_demo_data(seed=7, scale=0.01, stdout=io.StringIO())
    run_demo_steps(dataset, io.StringIO())
    return _create_demo_accounts()


def test_every_reachable_page_answers_for_every_role(
    demo_world: list[dict[str, str]], settings: Any
) -> None:
    from greenmfg.platform.accounts.models import User

    settings.DEBUG = False
    failures: list[str] = []
    visited = 0
    viewers: list[tuple[str, Client]] = [("anonymous", Client())]
    for account in demo_world:
        client = Client()
        client.force_login(User.objects.get(username=account["username"]))
        viewers.append((account["username"], client))
    for name, client in viewers:
        seen = _crawl(client, ["/", "/accounts/home/"] if name != "anonymous" else ["/"], failures)
        visited += len(seen)
        failures += [
            f"{name} {url} → {status} (linked from {ref})"
            for url, (status, ref) in seen.items()
            if status >= 500
        ]
        failures += [
            f"{name} {url} → {status} (linked from {ref})"
            for url, (status, ref) in seen.items()
            if status in (403, 404)
        ]
    assert visited > 200
    assert not failures, "\n".join(failures)
