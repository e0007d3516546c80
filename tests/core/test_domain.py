"""The shared vocabulary: the six Art. 15 veto conditions exist once and every shipped
standard that cites Art. 15 resolves its veto conditions to them."""

from __future__ import annotations

from greenmfg.core.domain import VETO_CLAUSES, VETO_LABELS, VetoItem, veto_item_for_clause
from greenmfg.core.evaluation.loader import default_registry


def test_every_condition_has_a_label_and_a_distinct_clause() -> None:
    assert set(VETO_LABELS) == set(VetoItem) == set(VETO_CLAUSES)
    assert len(set(VETO_CLAUSES.values())) == len(VetoItem)


def test_clause_lookup_tolerates_full_width_brackets_and_spaces() -> None:
    assert veto_item_for_clause("第十五条 (一)") is VetoItem.NOT_OPERATING
    assert veto_item_for_clause("第十五条（六）") is VetoItem.DISHONEST_DEBTOR
    assert veto_item_for_clause("4.1") is None
    assert veto_item_for_clause(None) is None


def test_standards_citing_art15_cover_all_six_conditions() -> None:
    citing = 0
    for standard in default_registry().all():
        items = [veto_item_for_clause(v.clause) for v in standard.vetoes]
        cited = [i for i in items if i is not None]
        if not cited:
            continue
        citing += 1
        assert sorted(cited) == sorted(VetoItem), standard.metadata.code
    assert citing >= 3  # the factory standards (2025, its industry sets) cite Art. 15
