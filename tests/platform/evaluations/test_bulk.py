"""Bulk evaluation (批量自评): a province's self-assessment of all its listed green
factories runs through the batch (Polars) path and gives, unit by unit, exactly what the
per-unit engine gives on the same inputs — GB/T 36132-2025 EL1 per product against its GB
quota included — for every industry set and every input source (accounting record,
dynamic management table's metrics and veto declarations, latest scored answers); it is
region-scoped and atomic."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from greenmfg.core.domain import Role
from greenmfg.core.evaluation.engine import evaluate
from greenmfg.core.filing import Filing
from greenmfg.platform.evaluations import bulk
from greenmfg.platform.evaluations.models import BulkEvaluation, BulkEvaluationRow
from greenmfg.platform.filings import services as filings
from tests.core.batch.test_accounting_batch_sectors import generate

pytestmark = pytest.mark.django_db

YEAR = 2024
# every industry set: generic GB/T 36132-2025 (3216, 2612, 3311, 3813 …), cement (3011),
# steel (3110, 3120), paper (2221)
PAPER = {"energy": [{"carrier": "electricity", "quantity": 3.0e7, "unit": "kWh", "origin": "grid"},
                    {"carrier": "natural_gas", "quantity": 2.0e7, "unit": "m3"}],
         "products": [{"product": "paper", "quantity": 1.0e5, "unit": "t"}]}  # fmt: skip


def _filings(n: int, seed: int) -> list[dict[str, Any]]:
    out = []
    for filing in generate(n, seed):
        raw = filing.to_dict()
        raw["year"] = YEAR
        out.append(raw)
    for _ in range(max(1, n // 9)):
        out.append({"enterprise": {"industry": "2221"}, "year": YEAR, **PAPER})
    return out


@pytest.fixture
def province(make_enterprise: Callable[..., Any], make_listing: Callable[..., Any]) -> list[Any]:
    """Listed Jiangsu factories with filings of every sector, one with none, one unit of
    Zhejiang (not Jiangsu's), and one Jiangsu unit whose listing was removed."""
    rng = random.Random(5)
    units = []
    for i, raw in enumerate(_filings(27, seed=3)):
        # classes registered in the platform's GB/T 4754 list
        industry = {"2520": "2521", "3813": "3825"}.get(
            raw["enterprise"]["industry"], raw["enterprise"]["industry"]
        )
        ent = make_enterprise(
            adcode=rng.choice(["320500", "320200"]), name=f"江苏企业{i:02d}", industry=industry
        )
        raw["enterprise"] = {
            "uscc": ent.uscc,
            "name": ent.name,
            "industry": industry,
            "adcode": ent.adcode,
        }
        Filing.from_dict(raw)  # valid
        filings.filing_save(actor=None, enterprise=ent, data=raw)
        make_listing(ent)
        units.append(ent)
    empty = make_enterprise(adcode="320500", name="无数据企业", industry="3311")
    make_listing(empty)
    units.append(empty)
    other = make_enterprise(adcode="330100", name="浙江企业", industry="3011")
    make_listing(other)
    return units


@pytest.fixture
def every_source(
    province: list[Any], make_enterprise: Callable[..., Any], make_listing: Callable[..., Any]
) -> list[Any]:
    """The province's units, each input source present: units without a filing whose
    metrics come from their submitted dynamic management table (a draft one is not read),
    veto declarations of those tables (also beside a filing), and the answers of the
    latest scored self-evaluation (an older one and a draft are not read)."""
    from greenmfg.core.domain import UnitKind, VetoItem
    from greenmfg.platform.evaluations.models import Evaluation
    from greenmfg.platform.evaluations.standards import platform_registry
    from greenmfg.platform.supervision.models import DynamicFiling

    units = list(province)
    for i, industry in enumerate(["3311", "3011", "3120", "2221", "3825"]):
        ent = make_enterprise(adcode="320500", name=f"江苏报表企业{i}", industry=industry)
        make_listing(ent)
        units.append(ent)
    registry = platform_registry()
    rng = random.Random(11)
    for i, unit in enumerate(units):
        listing = unit.listings.first()
        if unit.name == "无数据企业":
            continue
        if i % 3 == 0 or unit.name.startswith("江苏报表企业"):
            vetoes = {item.value: rng.random() < 0.15 for item in VetoItem}
            data = {
                "energy_total_tce": rng.uniform(1e3, 1e5),
                "energy_per_value_added": rng.uniform(0.05, 1.5),
                "renewable_share_pct": rng.uniform(0, 40),
                "co2_total_t": rng.uniform(1e3, 3e5),
                "co2_per_value_added": rng.uniform(0.1, 3.0),
                "water_reuse_rate_pct": rng.uniform(50, 99),
                "solid_waste_utilisation_rate_pct": rng.uniform(40, 100),
                "vetoes": vetoes,
            }
            for status in (DynamicFiling.Status.SUBMITTED, DynamicFiling.Status.DRAFT):
                DynamicFiling.objects.create(
                    enterprise=unit,
                    listing=listing,
                    adcode=unit.adcode,
                    industry=unit.industry,
                    year=YEAR if status == DynamicFiling.Status.SUBMITTED else YEAR + 1,
                    status=status,
                    data=data,
                    due_on="2025-04-30",
                    submitted_at=timezone.now()
                    if status == DynamicFiling.Status.SUBMITTED
                    else None,
                )
        if i % 2 == 0:
            standard = registry.default_for(UnitKind.FACTORY, unit.industry)
            codes = [b.code for b in standard.basic_requirements] + [
                item.code
                for ind in standard.indicators
                if ind.type == "qualitative"
                for item in ind.items
            ]
            for state, share in ((Evaluation.State.SCORED, 0.1), (Evaluation.State.SCORED, 0.8),
                                 (Evaluation.State.DRAFT, 0.0)):  # fmt: skip
                Evaluation.objects.create(
                    enterprise=unit,
                    kind=Evaluation.Kind.SELF,
                    state=state,
                    year=YEAR,
                    standard_code=standard.code,
                    standard_edition=standard.metadata.edition,
                    answers={code: rng.random() < share for code in codes},
                    result={},
                )
    return units


def _run(actor: Any) -> BulkEvaluation:
    run = bulk.bulk_evaluation_request(actor=actor, year=YEAR)
    return bulk.bulk_evaluation_run(run_id=run.pk)


def test_batch_rows_equal_the_per_unit_engine(province: list[Any], jiangsu_official: Any) -> None:
    run = _run(jiangsu_official)
    assert run.status == BulkEvaluation.Status.DONE
    rows = {r.enterprise_id: r for r in BulkEvaluationRow.objects.filter(run=run)}
    assert set(rows) == {u.pk for u in province}  # Zhejiang's unit is not Jiangsu's
    seen_sets, by_quota, fallback = set(), 0, 0
    for unit in province:
        inp = bulk.unit_inputs(enterprise=unit, year=YEAR)
        single = evaluate(
            inp.standard,
            metrics=inp.metrics,
            answers=inp.answers,
            vetoes=inp.vetoes,
            quotas=inp.quotas,
        )
        row = rows[unit.pk]
        assert row.standard_code == single.standard
        assert row.total == single.total  # exact
        assert row.passed == single.passed and row.eligible == single.eligible
        assert row.unmet_mandatory == len(single.unmet_mandatory)
        assert row.indicators == {i.code: i.earned for i in single.indicators}
        assert row.categories == {c.code: c.score for c in single.categories}
        el1 = single.indicator("EL1")
        by_quota += el1.threshold_source == "quota"
        fallback += el1.threshold_source == "standard"
        seen_sets.add(single.standard)
    assert seen_sets == {"GB/T 36132-2025", "GF-CEMENT-2025", "GF-STEEL-2025", "GF-PAPER-2025"}
    assert by_quota >= 5 and fallback >= 3
    assert run.total == run.done == len(province)


def test_inputs_are_read_in_a_few_queries(province: list[Any]) -> None:
    units = bulk._listed_enterprises("32")
    with CaptureQueriesContext(connection) as few:
        bulk.bulk_inputs(units=units[:5], year=YEAR)
    with CaptureQueriesContext(connection) as many:
        bulk.bulk_inputs(units=units, year=YEAR)
    assert len(many) == len(few) <= 4


def test_rows_are_written_in_one_transaction(
    province: list[Any], jiangsu_official: Any, monkeypatch: Any
) -> None:
    run = bulk.bulk_evaluation_request(actor=jiangsu_official, year=YEAR)
    writes: list[int] = []
    insert = bulk.insert_objects

    def counted(model: Any, objs: Any) -> int:
        assert connection.in_atomic_block
        writes.append(len(objs))
        return insert(model, objs)

    monkeypatch.setattr(bulk, "insert_objects", counted)
    bulk.bulk_evaluation_run(run_id=run.pk)
    assert writes == [len(province)]  # every row in one bulk write (COPY / executemany)
    assert BulkEvaluationRow.objects.filter(run=run).count() == len(province)


def test_a_failed_run_writes_nothing(
    province: list[Any], jiangsu_official: Any, monkeypatch: Any
) -> None:
    run = bulk.bulk_evaluation_request(actor=jiangsu_official, year=YEAR)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    # the write fails after the evaluation: no row is kept, the run says why
    monkeypatch.setattr(bulk, "insert_objects", broken)
    with pytest.raises(RuntimeError):
        bulk.bulk_evaluation_run(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == BulkEvaluation.Status.FAILED and "disk full" in run.error
    assert not BulkEvaluationRow.objects.filter(run=run).exists()


def test_only_a_provincial_official_starts_it_and_sees_only_its_own(
    province: list[Any], jiangsu_official: Any, make_user: Callable[..., Any], suzhou_official: Any
) -> None:
    zhejiang = make_user(Role.PROVINCIAL, "330000", username="zhejiang")
    client = Client()
    client.force_login(suzhou_official)
    assert client.post("/evaluations/bulk/", {"year": str(YEAR)}).status_code == 403
    client.force_login(jiangsu_official)
    response = client.post("/evaluations/bulk/", {"year": str(YEAR)})
    assert response.status_code == 302
    run = BulkEvaluation.objects.get()
    assert run.adcode == "320000" and run.requested_by == jiangsu_official
    assert response["Location"] == f"/evaluations/bulk/{run.pk}/"
    bulk.bulk_evaluation_run(run_id=run.pk)
    page = client.get(f"/evaluations/bulk/{run.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "GB 16780-2021" in text and "江苏企业" in text and "浙江企业" not in text
    client.force_login(zhejiang)
    assert client.get(f"/evaluations/bulk/{run.pk}/").status_code == 404
    client.force_login(suzhou_official)
    assert client.get(f"/evaluations/bulk/{run.pk}/").status_code == 404  # a city: not its run


def test_bad_year_is_a_clear_message(jiangsu_official: Any) -> None:
    client = Client()
    client.force_login(jiangsu_official)
    response = client.post("/evaluations/bulk/", {"year": "20x4"}, follow=True)
    assert response.status_code == 200
    assert not BulkEvaluation.objects.exists()


def test_batch_rows_equal_the_per_unit_engine_from_every_source(
    every_source: list[Any], jiangsu_official: Any
) -> None:
    test_batch_rows_equal_the_per_unit_engine(every_source, jiangsu_official)
    rows = BulkEvaluationRow.objects.all()
    sources = {r.metrics_source.split(":")[0] for r in rows}
    assert sources == {"filings", "dynamic_filing", ""}
    for unit in every_source:
        inp = bulk.unit_inputs(enterprise=unit, year=YEAR)
        if unit.name.startswith("江苏报表企业"):
            assert inp.metrics and inp.vetoes and inp.source.startswith("dynamic_filing")
    assert sum(bool(bulk.unit_inputs(enterprise=u, year=YEAR).answers) for u in every_source) > 5
    assert any(
        True in bulk.unit_inputs(enterprise=u, year=YEAR).vetoes.values() for u in every_source
    )


@pytest.mark.postgres
def test_batch_rows_equal_the_per_unit_engine_on_postgres(
    province: list[Any], jiangsu_official: Any
) -> None:
    assert connection.vendor == "postgresql"
    test_batch_rows_equal_the_per_unit_engine(province, jiangsu_official)


@pytest.mark.postgres
def test_batch_rows_equal_the_per_unit_engine_from_every_source_on_postgres(
    every_source: list[Any], jiangsu_official: Any
) -> None:
    assert connection.vendor == "postgresql"
    test_batch_rows_equal_the_per_unit_engine_from_every_source(every_source, jiangsu_official)
