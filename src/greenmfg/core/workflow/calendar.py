"""The annual calendar of gradient cultivation as data (年度工作安排).

``core/data/calendar/<year>.yaml`` holds, for a round year, the national dates and any
regional overrides keyed by GB/T 2260 adcode (province ``xx0000`` or city ``xxxx00``).
Every date carries its source, clause and status (verified / secondary / unverified),
as the reference data rules require; :meth:`RoundCalendar.on` resolves a key for a
region from the most specific entry (city, then province, then national ``000000``).

Keys (the machine's ``deadline`` / ``not_before`` / state ``due`` refer to them):
``opening`` (applications open), ``application_deadline`` (enterprises submit),
``city_deadline`` (cities recommend to the province), ``provincial_deadline``
(provinces recommend to MIIT: 31 July), ``review_start`` (national formal check and
expert review), ``publicity_start`` / ``publicity_end`` (15-day publicity) and
``list_publication`` (expected national list).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from greenmfg.core.codes import regions
from greenmfg.core.errors import (
    DataFileInvalidError,
    DeadlinePassedError,
    GuardFailedError,
    NotFoundError,
)

CALENDAR_KEYS = (
    "opening",
    "application_deadline",
    "city_deadline",
    "provincial_deadline",
    "review_start",
    "publicity_start",
    "publicity_end",
    "list_publication",
)
NATIONAL = "000000"

Status = Literal["verified", "secondary", "unverified"]


class CalendarDate(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    date: dt.date
    source: str = Field(min_length=1)
    clause: str = ""
    status: Status


class RegionCalendar(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    dates: dict[str, CalendarDate]

    @model_validator(mode="after")
    def _known_keys(self) -> RegionCalendar:
        unknown = sorted(set(self.dates) - set(CALENDAR_KEYS))
        if unknown:
            raise ValueError(f"unknown calendar keys {unknown}; expected {list(CALENDAR_KEYS)}")
        return self


class ResolvedDate(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    region: str  # the adcode whose entry was used
    region_name: str
    value: CalendarDate


class RoundCalendar(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    year: int
    version: str
    note: str = ""
    regions: dict[str, RegionCalendar]

    @model_validator(mode="after")
    def _national_complete(self) -> RoundCalendar:
        if NATIONAL not in self.regions:
            raise ValueError("the national entry 000000 is missing")
        missing = [k for k in CALENDAR_KEYS if k not in self.regions[NATIONAL].dates]
        if missing:
            raise ValueError(f"the national entry lacks {missing}")
        for code in self.regions:
            # resolve() looks up xxxx00 and xx0000 only: any other code would never apply.
            if code != NATIONAL and not (code.endswith("00") and regions.is_valid(code)):
                raise ValueError(
                    f"region {code!r} is not a province (xx0000) or city (xxxx00) adcode"
                    f" of the {regions.EDITION} edition"
                )
        nat = self.regions[NATIONAL].dates
        if not nat["publicity_start"].date < nat["publicity_end"].date:
            raise ValueError("publicity_end must be after publicity_start")
        return self

    def resolve(self, key: str, adcode: str = NATIONAL) -> ResolvedDate:
        if key not in CALENDAR_KEYS:
            raise NotFoundError(kind="calendar key", key=key)
        adcode = adcode or NATIONAL
        for code in (adcode[:4] + "00", adcode[:2] + "0000", NATIONAL):
            region = self.regions.get(code)
            if region is not None and key in region.dates:
                return ResolvedDate(
                    key=key, region=code, region_name=region.name, value=region.dates[key]
                )
        raise NotFoundError(kind="calendar key", key=key)  # pragma: no cover - national is complete

    def on(self, key: str, adcode: str = NATIONAL) -> dt.date:
        return self.resolve(key, adcode).value.date

    def check_deadline(self, key: str, adcode: str, today: dt.date) -> None:
        """Raise :class:`DeadlinePassedError` if ``today`` is after the deadline ``key``."""
        resolved = self.resolve(key, adcode)
        if today > resolved.value.date:
            raise DeadlinePassedError(
                deadline=key.replace("_", " "),
                date=resolved.value.date.isoformat(),
                region=resolved.region_name,
                year=self.year,
                today=today.isoformat(),
            )

    def check_open(self, adcode: str, today: dt.date) -> None:
        resolved = self.resolve("opening", adcode)
        if today < resolved.value.date:
            raise GuardFailedError(
                transition="Submit the application",
                reasons=f"the {self.year} round opens on {resolved.value.date.isoformat()} ({resolved.region_name})",
                codes=["not_open"],
                guards=["opening"],
            )


def _data_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "calendar"


def load_calendar_text(text: str, *, file: str) -> RoundCalendar:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise DataFileInvalidError(file=file, line="?", field="-", reason=str(err)) from err
    try:
        return RoundCalendar.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        raise DataFileInvalidError(
            file=file, line="-", field=".".join(map(str, first["loc"])) or "-", reason=first["msg"]
        ) from err


@cache
def calendar_for(year: int) -> RoundCalendar:
    """The packaged calendar of round ``year``."""
    path = _data_dir().joinpath(f"{year}.yaml")
    if not path.is_file():
        raise NotFoundError(kind="round calendar", key=str(year))
    cal = load_calendar_text(path.read_text(encoding="utf-8"), file=f"calendar/{year}.yaml")
    if cal.year != year:
        raise DataFileInvalidError(
            file=f"calendar/{year}.yaml", line="-", field="year", reason=f"says {cal.year}"
        )
    return cal


def available_years() -> list[int]:
    return sorted(
        int(p.name[:-5])
        for p in _data_dir().iterdir()
        if p.name.endswith(".yaml") and p.name[:-5].isdigit()
    )
