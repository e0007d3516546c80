"""Name normalisation and matching of list rows to registered units (pure core)."""

from __future__ import annotations

import pytest

from greenmfg.core.onboarding.matching import AUTO_MATCH, Candidate, CandidateIndex, Doubt, Method
from greenmfg.core.onboarding.names import exact_form, name_key, region_free_key, similarity
from greenmfg.core.onboarding.regions import resolve_region


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("苏州绿源钢铁股份有限公司", "苏州绿源钢铁有限公司"),
        ("苏州东方（集团）纺织有限公司", "苏州东方(集团)纺织有限公司"),
        ("苏州东方（集团）纺织有限公司", "苏州东方集团纺织有限责任公司"),
        ("ＡＢＣ新材料 有限公司", "ABC新材料有限公司"),
    ],
)
def test_variants_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_exact_form_keeps_the_legal_form() -> None:
    assert exact_form("苏州东方（集团）纺织有限公司") == exact_form("苏州东方(集团)纺织 有限公司")
    assert exact_form("苏州绿源钢铁股份有限公司") != exact_form("苏州绿源钢铁有限公司")


def test_region_names_at_the_start_are_folded() -> None:
    assert region_free_key("江苏省苏州市华达钢铁有限公司") == "华达钢铁"
    assert region_free_key("苏州华达钢铁有限公司") == "华达钢铁"
    assert region_free_key("华达钢铁有限公司") == "华达钢铁"


def test_similarity_is_the_indel_ratio_of_the_keys() -> None:
    # 无锡锡南精密铸造 (8 characters) in 无锡锡南精密铸造厂 (9): 2·8/(8+9) = 94.1
    assert similarity("无锡锡南精密铸造有限公司", "无锡锡南精密铸造厂有限公司") == pytest.approx(
        94.12, abs=0.01
    )


@pytest.mark.parametrize(
    ("text", "adcode"),
    [
        ("苏州", "320500"),
        ("苏州市", "320500"),
        ("江苏苏州", "320500"),
        ("江苏省", "320000"),
        ("320200", "320200"),
    ],
)
def test_regions_as_notices_write_them(text: str, adcode: str) -> None:
    region = resolve_region(text, within="32")
    assert region is not None and region.adcode == adcode


UNITS = [
    Candidate(1, "U1", "苏州绿源钢铁股份有限公司", "320500"),
    Candidate(2, "U2", "苏州恒泰电子科技有限公司", "320500", ("苏州恒泰电子有限公司",)),
    Candidate(3, "U3", "苏州华达钢铁有限公司", "320500"),
    Candidate(4, "U4", "无锡华达钢铁有限公司", "320200"),
    Candidate(5, "U5", "苏州绿色智能装备有限公司", "320500"),
    Candidate(6, "U6", "苏州新材科技有限公司", "320500"),
    Candidate(7, "U7", "苏州新材科技股份有限公司", "320500"),
]


@pytest.mark.parametrize(
    ("name", "scope", "method", "unit"),
    [
        ("苏州绿源钢铁股份有限公司", "3205", Method.NAME, 1),
        ("苏州绿源钢铁有限公司", "3205", Method.NORMALISED, 1),
        ("苏州恒泰电子有限公司", "3205", Method.FORMER_NAME, 2),
        ("华达钢铁有限公司", "3205", Method.NORMALISED, 3),  # the city is the row's region
        ("苏州市华达钢铁有限公司", "3205", Method.NORMALISED, 3),
    ],
)
def test_confident_matches(name: str, scope: str, method: Method, unit: int) -> None:
    match = CandidateIndex(UNITS).match(name, scope=scope)
    assert (match.method, match.candidate and match.candidate.id) == (method, unit)


def test_doubtful_rows_go_to_the_queue_with_candidates() -> None:
    index = CandidateIndex(UNITS)
    # two registered units of this region named 华达钢铁 once the region is dropped
    match = index.match("华达钢铁有限公司", scope="32")
    assert match.candidate is None and match.reason == Doubt.SAME_KEY
    assert {c.id for c, _s in match.candidates} == {3, 4}
    # 苏州新材科技有限公司 and 苏州新材科技股份有限公司 are both registered
    match = index.match("苏州新材科技(有限)公司", scope="3205")
    assert match.candidate is None
    # one character away: 智造 / 智能 → below the threshold, offered as a candidate
    match = index.match("苏州绿色智造装备有限公司", scope="3205")
    assert match.candidate is None and match.reason == Doubt.BELOW_THRESHOLD
    assert match.candidates[0][0].id == 5 and match.candidates[0][1] < AUTO_MATCH
    # outside the scope nothing is found
    assert index.match("苏州绿源钢铁有限公司", scope="3202").candidate is None


def test_credit_code_wins() -> None:
    match = CandidateIndex(UNITS).match("完全不同的名字有限公司", uscc="U3", scope="3205")
    assert (match.method, match.candidate and match.candidate.id) == (Method.CREDIT_CODE, 3)
