from __future__ import annotations

from datetime import date

import pytest

from greenmfg.core.errors import (
    DataFileInvalidError,
    DeadlinePassedError,
    GuardFailedError,
    NotFoundError,
)
from greenmfg.core.workflow.calendar import (
    CALENDAR_KEYS,
    available_years,
    calendar_for,
    load_calendar_text,
)


def test_packaged_calendars_load_and_are_complete() -> None:
    assert {2024, 2025, 2026} <= set(available_years())
    for year in available_years():
        cal = calendar_for(year)
        for key in CALENDAR_KEYS:
            resolved = cal.resolve(key)
            assert resolved.value.source and resolved.value.status in {
                "verified",
                "secondary",
                "unverified",
            }


def test_the_provincial_deadline_is_31_july_with_its_source() -> None:
    resolved = calendar_for(2025).resolve("provincial_deadline", "320100")
    assert resolved.value.date == date(2025, 7, 31)
    assert resolved.region == "000000"
    assert resolved.value.status == "secondary"
    assert "13号" in resolved.value.source


def test_a_province_override_applies_to_its_cities_only() -> None:
    cal = calendar_for(2025)
    assert cal.resolve("city_deadline", "440300").region == "440000"
    assert cal.resolve("city_deadline", "320100").region == "000000"


def test_deadline_check_names_the_deadline_and_region() -> None:
    cal = calendar_for(2025)
    cal.check_deadline("provincial_deadline", "320000", date(2025, 7, 31))
    with pytest.raises(DeadlinePassedError) as err:
        cal.check_deadline("provincial_deadline", "320000", date(2025, 8, 1))
    assert "2025-07-31" in str(err.value) and "provincial deadline" in str(err.value)


def test_submission_before_the_opening_is_refused() -> None:
    with pytest.raises(GuardFailedError, match="opens on 2025-04-01"):
        calendar_for(2025).check_open("320100", date(2025, 3, 31))


def test_unknown_year_and_key() -> None:
    with pytest.raises(NotFoundError):
        calendar_for(1999)
    with pytest.raises(NotFoundError):
        calendar_for(2025).resolve("lunch")


def test_bad_files_are_refused_with_the_field() -> None:
    text = """
year: 2030
version: x
regions:
  "000000":
    name: n
    dates:
      opening: {date: 2030-01-01, source: s, status: maybe}
"""
    with pytest.raises(DataFileInvalidError) as err:
        load_calendar_text(text, file="t.yaml")
    assert "status" in str(err.value)
    with pytest.raises(DataFileInvalidError, match="lacks"):
        load_calendar_text(
            'year: 2030\nversion: x\nregions:\n  "000000":\n    name: n\n    dates: {}\n',
            file="t.yaml",
        )


def _calendar_with_region(code: str) -> str:
    dates = "".join(
        f"      {key}: {{date: 2030-06-{day:02d}, source: s, status: unverified}}\n"
        for day, key in enumerate(CALENDAR_KEYS, start=1)
    )
    return (
        'year: 2030\nversion: x\nregions:\n  "000000":\n    name: n\n    dates:\n'
        f'{dates}  "{code}":\n    name: r\n    dates: {{}}\n'
    )


def test_a_city_or_province_override_loads() -> None:
    for code in ("320000", "320500"):
        assert code in load_calendar_text(_calendar_with_region(code), file="t.yaml").regions


@pytest.mark.parametrize("code", ["320501", "990000", "32050", "429004"])
def test_region_keys_must_be_known_province_or_city_codes(code: str) -> None:
    with pytest.raises(DataFileInvalidError, match="not a province"):
        load_calendar_text(_calendar_with_region(code), file="t.yaml")
