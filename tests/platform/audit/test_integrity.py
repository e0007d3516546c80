"""Tamper evidence of every audit table: the scenarios of issue 14.

Each scenario tampers with the database the way someone with SQL access would (on
PostgreSQL the append-only triggers are first bypassed, as the database owner can), then
runs ``greenmfg audit verify``: it must name every broken chain and record and exit 1.
Scenarios: edit a record, delete a chain's tail, delete a whole chain, rewrite a record
and re-seal every later hash, and two chains broken at once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from typer.testing import CliRunner

from greenmfg.cli import app as cli
from greenmfg.core import integrity
from greenmfg.core.workflow import audit as workflow_chain
from greenmfg.platform.audit import services as audit
from greenmfg.platform.audit.models import ChainHead, Checkpoint
from greenmfg.platform.filings.models import FilingEvent
from greenmfg.platform.registry.models import RegistryEvent
from greenmfg.platform.supervision.models import SupervisionEvent
from greenmfg.platform.workflow.models import Application, AuditRecord
from tests.platform.tampering import tampering

pytestmark = pytest.mark.django_db


def verify(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["audit", "verify", "--json", *args])
    return result.exit_code, json.loads(result.stdout.strip().splitlines()[-1])


def problems(body: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(b["table"], b["chain"], b["problem"]) for b in body["breaks"]}


def test_every_table_is_chained_and_the_objects_keep_their_heads(world: dict[str, Any]) -> None:
    app = Application.objects.get(pk=world["app"].pk)
    last = AuditRecord.objects.filter(application=app).order_by("-sequence").first()
    assert last is not None and app.audit_length == last.sequence == 3
    assert app.audit_head == last.hash
    filing = world["filing"]
    filing.refresh_from_db()
    events = list(FilingEvent.objects.filter(filing=filing).order_by("sequence"))
    assert [e.sequence for e in events] == [1, 2]
    assert events[1].previous_hash == events[0].hash
    assert events[0].previous_hash == integrity.genesis_hash(f"filing-{filing.pk}")
    assert (filing.audit_length, filing.audit_head) == (2, events[1].hash)
    uscc = world["enterprise"].uscc
    assert RegistryEvent.objects.filter(chain=f"registry-{uscc}").exists()
    assert SupervisionEvent.objects.filter(
        chain=f"supervision-ChangeDeclaration-{world['declaration'].pk}", sequence=1
    ).exists()
    # every row carries the keyed seal of its hash
    for model in (AuditRecord, FilingEvent, RegistryEvent, SupervisionEvent):
        for row in model.objects.all():
            assert row.seal == integrity.seal(audit.audit_key(), row.hash)
    code, body = verify()
    assert code == 0 and body["breaks"] == []
    assert body["chains"] == ChainHead.objects.count()


def test_edited_record_is_named(world: dict[str, Any]) -> None:
    row = RegistryEvent.objects.filter(chain=f"registry-{world['enterprise'].uscc}").first()
    assert row is not None
    with tampering():
        RegistryEvent.objects.filter(pk=row.pk).update(actor_name="somebody else")
    code, body = verify()
    assert code == 1
    [found] = body["breaks"]
    assert found["table"] == "registry" and found["problem"] == "edited"
    assert found["chain"] == f"registry-{world['enterprise'].uscc}"
    assert f"#{row.pk} " in found["record"]


def test_deleted_tail_is_found_by_both_heads(world: dict[str, Any]) -> None:
    app = world["app"]
    with tampering():
        AuditRecord.objects.filter(application=app, sequence=3).delete()
    code, body = verify()
    assert code == 1
    chain = f"application-{app.pk}"
    assert problems(body) == {("workflow", chain, "truncated")}
    details = " ".join(b["detail"] for b in body["breaks"])
    assert "head table records 3" in details and "application records 3" in details


def test_deleted_middle_record_is_named(world: dict[str, Any]) -> None:
    app = world["app"]
    with tampering():
        AuditRecord.objects.filter(application=app, sequence=2).delete()
    code, body = verify()
    assert code == 1
    assert ("workflow", f"application-{app.pk}", "missing") in problems(body)


def test_deleted_chain_is_found_by_its_owner_and_by_the_checkpoint(
    world: dict[str, Any],
) -> None:
    # a filing's whole trail and its head row: the filing itself still says 2 events
    filing = world["filing"]
    audit.checkpoint_create()
    with tampering():
        FilingEvent.objects.filter(filing=filing).delete()
        ChainHead.objects.filter(table="filings", chain=f"filing-{filing.pk}").delete()
    code, body = verify()
    assert code == 1
    chain = f"filing-{filing.pk}"
    assert problems(body) == {("filings", chain, "deleted"), ("filings", chain, "checkpoint")}
    # a dynamic-management chain has no owner row: the signed checkpoint finds it
    decl_chain = f"supervision-ChangeDeclaration-{world['declaration'].pk}"
    with tampering():
        SupervisionEvent.objects.filter(chain=decl_chain).delete()
        ChainHead.objects.filter(chain=decl_chain).delete()
    code, body = verify("--table", "supervision")
    assert code == 1
    assert problems(body) == {("supervision", decl_chain, "checkpoint")}


def _reseal_workflow(app: Application, *, key: bytes | None) -> None:
    """Rewrite record #2's reason and recompute every later hash, the heads and, when the
    key is known, the seals: a careful forger with write access."""
    previous: workflow_chain.AuditRecord | None = None
    for row in AuditRecord.objects.filter(application=app).order_by("sequence"):
        core = workflow_chain.AuditRecord(
            chain_id=f"application-{app.pk}",
            sequence=row.sequence,
            actor=row.actor_name,
            at=row.at,
            event=row.event,
            from_state=row.from_state,
            to_state=row.to_state,
            reason="forged reason" if row.sequence == 2 else row.reason,
            content_hash=row.content_hash,
            previous_hash=previous.hash
            if previous
            else workflow_chain.genesis_hash(f"application-{app.pk}"),
        )
        core = workflow_chain.AuditRecord(**{**core.__dict__, "hash": core.compute_hash()})
        AuditRecord.objects.filter(pk=row.pk).update(
            reason=core.reason,
            previous_hash=core.previous_hash,
            hash=core.hash,
            seal=integrity.seal(key, core.hash) if key else row.seal,
        )
        previous = core
    assert previous is not None
    ChainHead.objects.filter(table="workflow", chain=f"application-{app.pk}").update(
        head_hash=previous.hash
    )
    Application.objects.filter(pk=app.pk).update(audit_head=previous.hash)


def test_resealed_chain_fails_its_seals(world: dict[str, Any]) -> None:
    app = world["app"]
    with tampering():
        _reseal_workflow(app, key=None)
    code, body = verify()
    assert code == 1
    chain = f"application-{app.pk}"
    assert problems(body) == {("workflow", chain, "seal")}
    assert {b["record"].rsplit("(", 1)[1] for b in body["breaks"]} == {"#2)", "#3)"}


def test_resealed_chain_with_the_key_fails_the_published_checkpoint(
    world: dict[str, Any], tmp_path: Path
) -> None:
    """Even a forger who has the key and deletes the stored checkpoints is caught by a
    checkpoint published outside the database."""
    exported = tmp_path / "checkpoint.json"
    assert CliRunner().invoke(cli, ["audit", "checkpoint", "--out", str(exported)]).exit_code == 0
    app = world["app"]
    with tampering():
        _reseal_workflow(app, key=audit.audit_key())
        Checkpoint.objects.all().delete()
    assert verify()[0] == 0  # the database alone no longer shows it
    code, body = verify("--checkpoint", str(exported))
    assert code == 1
    assert problems(body) == {("workflow", f"application-{app.pk}", "checkpoint")}


def test_two_broken_chains_are_both_reported(world: dict[str, Any]) -> None:
    app = world["app"]
    uscc = world["enterprise"].uscc
    with tampering():
        AuditRecord.objects.filter(application=app, sequence=1).update(reason="changed")
        RegistryEvent.objects.filter(chain=f"registry-{uscc}").update(detail={"x": 1})
    result = CliRunner().invoke(cli, ["audit", "verify"])
    assert result.exit_code == 1
    assert f"[workflow] chain application-{app.pk}" in result.output
    assert f"[registry] chain registry-{uscc}" in result.output
    _code, body = verify()
    assert {(t, p) for t, _c, p in problems(body)} == {
        ("workflow", "edited"),
        ("registry", "edited"),
    }


def test_a_changed_checkpoint_fails_its_signature(world: dict[str, Any], tmp_path: Path) -> None:
    cp = audit.checkpoint_document(audit.checkpoint_create())
    doc = cp.to_dict()
    chain = next(iter(doc["heads"]))
    doc["heads"][chain][0] += 1  # claim the chain was longer
    path = tmp_path / "cp.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, body = verify("--checkpoint", str(path))
    assert code == 1
    assert ("checkpoint", cp.digest[:16], "signature") in problems(body)


def test_checkpoint_signs_every_head(world: dict[str, Any]) -> None:
    row = audit.checkpoint_create()
    cp = audit.checkpoint_document(row)
    assert integrity.checkpoint_valid(key=audit.audit_key(), checkpoint=cp)
    assert row.chains == ChainHead.objects.filter(length__gt=0).count()
    assert row.records == sum(ChainHead.objects.values_list("length", flat=True))
    assert cp.heads[f"workflow/application-{world['app'].pk}"].length == 3
    assert not integrity.checkpoint_valid(key=b"another key", checkpoint=cp)


@pytest.mark.postgres
def test_postgres_refuses_update_and_delete_of_audit_rows(world: dict[str, Any]) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the append-only triggers exist on PostgreSQL")
    from django.db import DatabaseError, transaction

    for model in (AuditRecord, FilingEvent, RegistryEvent, SupervisionEvent):
        row = model.objects.first()
        assert row is not None
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            model.objects.filter(pk=row.pk).update(hash="0" * 64)
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            model.objects.filter(pk=row.pk).delete()


def test_bulk_recomputation_extends_the_filing_chains(world: dict[str, Any]) -> None:
    from greenmfg.platform.filings import services as filings
    from greenmfg.platform.filings.models import AccountingRecord, AnnualFiling

    AccountingRecord.objects.update(factor_set_version="2020.0")
    assert filings.filings_recompute(actor=None, filings=AnnualFiling.objects.all()) == 1
    filing = AnnualFiling.objects.get(pk=world["filing"].pk)
    last = FilingEvent.objects.filter(filing=filing).order_by("-sequence").first()
    assert last is not None and last.sequence == filing.audit_length == 3
    assert last.detail["new_factor_set"] != "2020.0"
    code, body = verify()
    assert code == 0, body
