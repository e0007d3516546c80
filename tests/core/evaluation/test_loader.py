from __future__ import annotations

from pathlib import Path

import pytest

from greenmfg.core.domain import UnitKind
from greenmfg.core.errors import DataFileInvalidError, UnknownStandardError
from greenmfg.core.evaluation.loader import StandardRegistry

MINIMAL = """\
metadata:
  code: TEST-1
  title_zh: 测试
  title_en: Test
  kind: factory
  edition: "1"
  source: test
  status: unverified
categories:
  - code: A
    name_zh: 甲
    name_en: A
    weight: {value: 100, source: test, status: unverified}
indicators:
  - code: A1
    category: A
    name_zh: 甲一
    name_en: A one
    type: quantitative
    metric: renewable_share
    direction: higher
    unit: "%"
    baseline: {value: 10, source: test, status: unverified}
    leading: {value: 20, source: test, status: unverified}
    points: {value: 10, source: test, status: unverified}
"""


@pytest.fixture(scope="module")
def registry() -> StandardRegistry:
    return StandardRegistry()


def test_valid_text_is_added_and_selectable(registry: StandardRegistry) -> None:
    trial = StandardRegistry()
    standard = trial.add_text(MINIMAL, name="upload.yaml")
    assert standard.code == "TEST-1"
    assert "TEST-1" in trial.codes()
    assert "TEST-1" not in registry.codes()


def test_missing_field_names_file_line_and_field() -> None:
    text = MINIMAL.replace("    direction: higher\n", "")
    with pytest.raises(DataFileInvalidError) as info:
        StandardRegistry(include_builtin=False).add_text(text, name="bad.yaml")
    err = info.value
    assert err.params["file"] == "bad.yaml"
    assert err.params["field"] == "indicators[A1]"
    assert err.params["line"] == 15  # the "- code: A1" line
    assert "direction" in err.params["reason"]


def test_unknown_metric_points_at_its_line() -> None:
    text = MINIMAL.replace("metric: renewable_share", "metric: renewable_shar")
    with pytest.raises(DataFileInvalidError) as info:
        StandardRegistry(include_builtin=False).add_text(text, name="bad.yaml")
    assert info.value.params["field"] == "indicators[A1].metric"
    assert info.value.params["line"] == 20
    assert "unknown metric 'renewable_shar'" in info.value.params["reason"]


def test_wrong_direction_and_wrong_type_are_refused() -> None:
    text = MINIMAL.replace("direction: higher", "direction: lower")
    with pytest.raises(DataFileInvalidError, match="contradicts metric"):
        StandardRegistry(include_builtin=False).add_text(text, name="bad.yaml")
    text = MINIMAL.replace("value: 100,", "value: lots,")
    with pytest.raises(DataFileInvalidError) as info:
        StandardRegistry(include_builtin=False).add_text(text, name="bad.yaml")
    assert info.value.params["field"] == "categories[A].weight.value"
    assert info.value.params["line"] == 13


def test_yaml_syntax_error_has_a_line() -> None:
    text = MINIMAL.replace("  title_en: Test", "  title_en: [Test")
    with pytest.raises(DataFileInvalidError) as info:
        StandardRegistry(include_builtin=False).add_text(text, name="bad.yaml")
    assert info.value.params["line"] >= 5
    assert info.value.params["field"] == "(syntax)"


def test_unknown_top_level_key_and_duplicate_key() -> None:
    with pytest.raises(DataFileInvalidError, match="unknown top-level key"):
        StandardRegistry(include_builtin=False).add_text(MINIMAL + "weights: {}\n", name="x.yaml")
    with pytest.raises(DataFileInvalidError) as info:
        StandardRegistry(include_builtin=False).add_text(
            MINIMAL.replace('  edition: "1"\n', '  edition: "1"\n  edition: "2"\n'),
            name="x.yaml",
        )
    assert info.value.params["field"] == "metadata.edition"
    assert info.value.params["line"] == 7  # the second "edition"


def test_duplicate_standard_code_is_refused(registry: StandardRegistry) -> None:
    trial = StandardRegistry()
    text = MINIMAL.replace("code: TEST-1", "code: GB/T 36132-2025")
    with pytest.raises(DataFileInvalidError, match="already defined"):
        trial.add_text(text, name="dup.yaml")
    assert trial.get("GB/T 36132-2025") == registry.get("GB/T 36132-2025")


def test_unknown_standard(registry: StandardRegistry) -> None:
    with pytest.raises(UnknownStandardError, match="GB/T 36132-2025"):
        registry.get("GB/T 0-0")


def test_extra_directory_is_loaded(tmp_path: Path) -> None:
    (tmp_path / "province.yaml").write_text(MINIMAL, encoding="utf-8")
    trial = StandardRegistry([tmp_path])
    assert trial.get("TEST-1").metadata.title_en == "Test"


def test_default_standard_for_factories(registry: StandardRegistry) -> None:
    assert registry.default_for(UnitKind.FACTORY).code == "GB/T 36132-2025"


def test_every_number_carries_a_status(registry: StandardRegistry) -> None:
    for standard in registry.all():
        numbers = standard.numbers()
        assert numbers
        for path, num in numbers:
            assert num.source, path
            assert num.status.value in {"verified", "secondary", "unverified"}
