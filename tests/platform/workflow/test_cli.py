from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import CliRunner

from greenmfg.cli import app as cli
from greenmfg.core.workflow.machine import State
from greenmfg.platform.workflow.models import AuditRecord
from tests.platform.tampering import tampering

pytestmark = pytest.mark.django_db


def test_audit_verify_passes_then_names_the_broken_link(
    draft: Any, advance: Callable[..., Any]
) -> None:
    advance(draft, State.MUNICIPAL_REVIEW)
    runner = CliRunner()
    ok = runner.invoke(cli, ["audit", "verify", "--table", "workflow"])
    assert ok.exit_code == 0, ok.output
    assert "OK: 3 records in 1 chains verified against 0 checkpoint(s)." in ok.output
    record = AuditRecord.objects.get(application=draft, sequence=2)
    with tampering():
        AuditRecord.objects.filter(pk=record.pk).update(actor_name="somebody else")
    bad = runner.invoke(cli, ["audit", "verify", "--json"])
    assert bad.exit_code == 1
    body = json.loads(bad.stdout.strip().splitlines()[-1])
    assert body["breaks"] == [
        {
            "table": "workflow",
            "chain": f"application-{draft.pk}",
            "record": f"workflow.AuditRecord #{record.pk} (#2)",
            "problem": "edited",
            "detail": "its content does not match its hash (edited)",
        }
    ]


def test_deleting_a_record_is_found_at_the_next_one(
    draft: Any, advance: Callable[..., Any]
) -> None:
    advance(draft, State.PROVINCIAL_REVIEW)
    with tampering():
        AuditRecord.objects.filter(application=draft, sequence=2).delete()
    result = CliRunner().invoke(cli, ["audit", "verify"])
    assert result.exit_code == 1
    assert "(#3): missing: sequence 3 follows 1" in result.output


def test_api_token_create_prints_a_usable_token(applicant: Any, client: Any, draft: Any) -> None:
    result = CliRunner().invoke(cli, ["api-token", "create", "applicant", "ERP"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert (
        client.get(
            f"/api/v1/applications/{draft.pk}", HTTP_AUTHORIZATION=f"Bearer {token}"
        ).status_code
        == 200
    )
