"""Support measures (配套机制, Art. 22–25): a catalogue as data and an eligibility check.

Eligibility: every condition present on the measure must hold — the unit's list level is
at least ``min_level``; its kind is in ``kinds``; its green-code grade is in
``green_code_grades``; its adcode starts with one of ``adcode_prefixes``; its industry
starts with one of ``industry_prefixes``.  The result lists each unmet condition.
"""

from __future__ import annotations

from dataclasses import dataclass

from greenmfg.core.domain import LEVEL_ORDER, ListLevel, UnitKind
from greenmfg.core.supervision.data import SupportCatalogue, SupportMeasure, support_catalogue


@dataclass(frozen=True, slots=True)
class SupportProfile:
    level: ListLevel
    kind: UnitKind
    adcode: str
    industry: str
    green_code_grade: str | None = None


@dataclass(frozen=True, slots=True)
class Eligibility:
    measure: SupportMeasure
    unmet: tuple[str, ...]

    @property
    def eligible(self) -> bool:
        return not self.unmet


def eligibility(measure: SupportMeasure, profile: SupportProfile) -> Eligibility:
    unmet: list[str] = []
    if (
        measure.min_level is not None
        and LEVEL_ORDER[profile.level] < LEVEL_ORDER[measure.min_level]
    ):
        unmet.append(f"list level {profile.level.value} below {measure.min_level.value}")
    if measure.kinds is not None and profile.kind not in measure.kinds:
        unmet.append(
            f"unit kind {profile.kind.value} not in {', '.join(k.value for k in measure.kinds)}"
        )
    if (
        measure.green_code_grades is not None
        and profile.green_code_grade not in measure.green_code_grades
    ):
        unmet.append(
            f"green code grade {profile.green_code_grade or 'none'} not in {', '.join(measure.green_code_grades)}"
        )
    if measure.adcode_prefixes is not None and not profile.adcode.startswith(
        measure.adcode_prefixes
    ):
        unmet.append(f"region {profile.adcode} outside {', '.join(measure.adcode_prefixes)}")
    if measure.industry_prefixes is not None and not profile.industry.startswith(
        measure.industry_prefixes
    ):
        unmet.append(f"industry {profile.industry} outside {', '.join(measure.industry_prefixes)}")
    return Eligibility(measure=measure, unmet=tuple(unmet))


def eligible_measures(
    profile: SupportProfile, catalogue: SupportCatalogue | None = None
) -> list[SupportMeasure]:
    cat = catalogue or support_catalogue()
    return [m for m in cat.measures if eligibility(m, profile).eligible]
