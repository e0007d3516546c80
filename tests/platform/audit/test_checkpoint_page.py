"""The public checkpoint page (审计检查点公示): every signed checkpoint, for anyone to
download; the downloaded file names no chain, and ``greenmfg audit verify --checkpoint``
checks today's records against it, even after the database's own checkpoints and heads
were removed."""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from typer.testing import CliRunner

from greenmfg.cli import app as cli
from greenmfg.core import integrity
from greenmfg.platform.audit import services as audit
from greenmfg.platform.audit.models import ChainHead, Checkpoint
from greenmfg.platform.filings.models import AnnualFiling, FilingEvent
from tests.platform.audit.test_integrity import _reseal_workflow, problems, verify
from tests.platform.tampering import tampering

pytestmark = pytest.mark.django_db


def _download(client: Client, row: Checkpoint, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    response = client.get(f"/audit/checkpoints/{row.pk}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    path = tmp_path / "published.json"
    path.write_bytes(response.content)
    return path, json.loads(response.content)


def test_the_page_lists_every_checkpoint_in_chinese_and_english(world: dict[str, Any]) -> None:
    first, second = audit.checkpoint_create(), audit.checkpoint_create()
    page = Client().get("/audit/checkpoints/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "审计检查点" in html and "下载" in html and "平台每晚" in html and "加密标签" in html
    for row in (first, second):
        assert row.public_digest in html and row.public_signature in html
        assert f"/audit/checkpoints/{row.pk}.json" in html
        assert row.made_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") in html  # in UTC
    assert world["enterprise"].uscc not in html
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html_en = english.get("/audit/checkpoints/").content.decode()
    assert "Audit checkpoints" in html_en and "审计检查点" not in html_en
    # linked from every page's footer
    assert 'href="/audit/checkpoints/"' in Client().get("/").content.decode()


def test_an_empty_page_says_so() -> None:
    html = Client().get("/audit/checkpoints/").content.decode()
    assert "尚未公示任何检查点。" in html


def test_the_file_is_the_public_form_and_names_no_chain(
    world: dict[str, Any], tmp_path: Path
) -> None:
    row = audit.checkpoint_create()
    _path, doc = _download(Client(), row, tmp_path)
    text = json.dumps(doc, ensure_ascii=False)
    assert doc["format"] == integrity.PUBLIC_FORMAT
    assert (doc["digest"], doc["signature"]) == (row.public_digest, row.public_signature)
    assert (doc["chains"], doc["records"]) == (row.chains, row.records)
    assert world["enterprise"].uscc not in text
    for marker in ("registry-", "filing-", "application-", "supervision-"):
        assert marker not in text
    assert {name.split("/")[0] for name in doc["heads"]} == {
        "workflow",
        "filings",
        "registry",
        "supervision",
    }
    public = integrity.Checkpoint.from_dict(doc)
    assert integrity.checkpoint_valid(key=audit.audit_key(), checkpoint=public)
    index = Client().get("/audit/checkpoints.json").json()
    assert index["checkpoints"][0]["digest"] == row.public_digest
    assert index["checkpoints"][0]["url"].endswith(f"/audit/checkpoints/{row.pk}.json")


def test_verify_against_the_published_file(world: dict[str, Any], tmp_path: Path) -> None:
    path, _doc = _download(Client(), audit.checkpoint_create(), tmp_path)
    code, body = verify("--checkpoint", str(path))
    assert code == 0, body
    assert body["checkpoints"] == 2  # the file and the latest stored checkpoint


def test_the_published_file_finds_a_chain_erased_with_every_trace(
    world: dict[str, Any], tmp_path: Path
) -> None:
    """Rows, head row, the filing's own head and the stored checkpoints all removed: the
    database alone looks whole; the published file still counts the chain."""
    filing = world["filing"]
    chain = f"filing-{filing.pk}"
    path, _doc = _download(Client(), audit.checkpoint_create(), tmp_path)
    with tampering():
        FilingEvent.objects.filter(filing=filing).delete()
        ChainHead.objects.filter(table="filings", chain=chain).delete()
        AnnualFiling.objects.filter(pk=filing.pk).update(audit_length=0, audit_head="")
        Checkpoint.objects.all().delete()
    assert verify()[0] == 0
    code, body = verify("--checkpoint", str(path))
    assert code == 1
    label = integrity.chain_label(audit.audit_key(), "filings", chain)
    assert problems(body) == {("filings", label, "checkpoint")}


def test_the_published_file_finds_a_chain_resealed_with_the_key(
    world: dict[str, Any], tmp_path: Path
) -> None:
    app = world["app"]
    path, _doc = _download(Client(), audit.checkpoint_create(), tmp_path)
    with tampering():
        _reseal_workflow(app, key=audit.audit_key())
        Checkpoint.objects.all().delete()
    assert verify()[0] == 0
    code, body = verify("--checkpoint", str(path))
    assert code == 1
    assert problems(body) == {("workflow", f"application-{app.pk}", "checkpoint")}


def test_a_changed_published_file_fails_its_signature(
    world: dict[str, Any], tmp_path: Path
) -> None:
    path, doc = _download(Client(), audit.checkpoint_create(), tmp_path)
    label = next(iter(doc["heads"]))
    doc["heads"][label][0] -= 1  # claim the chain was shorter
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, body = verify("--checkpoint", str(path))
    assert code == 1
    assert ("checkpoint", doc["digest"][:16], "signature") in problems(body)


def test_the_cli_exports_the_same_public_file(world: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "public.json"
    result = CliRunner().invoke(cli, ["audit", "checkpoint", "--public", "--out", str(out)])
    assert result.exit_code == 0, result.output
    row = Checkpoint.objects.get()
    assert row.public_digest in result.output
    _path, downloaded = _download(Client(), row, tmp_path)
    assert json.loads(out.read_text(encoding="utf-8")) == downloaded
    assert verify("--checkpoint", str(out))[0] == 0


def test_an_unknown_checkpoint_is_not_found() -> None:
    assert Client().get("/audit/checkpoints/999999.json").status_code == 404
    assert Client().get("/audit/checkpoints/99999999999999999999.json").status_code == 404
    assert Client().get("/audit/checkpoints/?page=abc").status_code == 200
