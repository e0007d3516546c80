"""Support measures (配套机制, Art. 22–25): a catalogue as data and an eligibility check.

Eligibility: every condition present on the measure must hold — the unit's list level is
at least ``min_level``; its kind is in ``kinds``; its green-code grade is in
``green_code_grades``; its adcode starts with one of ``adcode_prefixes``; its industry
starts with one of ``industry_prefixes``.  The result lists each unmet condition as a
:class:`~greenmfg.core.notices.Notice`: the English sentence, keeping its
constant template (one of :data:`TEMPLATES`, each a msgid of the zh-Hans catalogue) and
its params (codes: list level, unit kinds, grades, adcode and industry prefixes), which the
platform shows in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from greenmfg.core.domain import LEVEL_ORDER, ListLevel, UnitKind
from greenmfg.core.notices import Notice
from greenmfg.core.supervision.data import SupportCatalogue, SupportMeasure, support_catalogue

# Unmet conditions of a support measure (message templates; params are codes).
UNMET_LEVEL = "list level %(level)s below %(min_level)s"
UNMET_KIND = "unit kind %(kind)s not in %(kinds)s"
UNMET_GRADE = "green code grade %(grade)s not in %(grades)s"
UNMET_NO_GRADE = "no green code grade; needs %(grades)s"
UNMET_REGION = "region %(adcode)s outside %(prefixes)s"
UNMET_INDUSTRY = "industry %(industry)s outside %(prefixes)s"
TEMPLATES: tuple[str, ...] = (
    UNMET_LEVEL,
    UNMET_KIND,
    UNMET_GRADE,
    UNMET_NO_GRADE,
    UNMET_REGION,
    UNMET_INDUSTRY,
)


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
    unmet: tuple[Notice, ...]

    @property
    def eligible(self) -> bool:
        return not self.unmet


def eligibility(measure: SupportMeasure, profile: SupportProfile) -> Eligibility:
    unmet: list[Notice] = []
    if (
        measure.min_level is not None
        and LEVEL_ORDER[profile.level] < LEVEL_ORDER[measure.min_level]
    ):
        unmet.append(
            Notice(UNMET_LEVEL, level=profile.level.value, min_level=measure.min_level.value)
        )
    if measure.kinds is not None and profile.kind not in measure.kinds:
        kinds = ", ".join(k.value for k in measure.kinds)
        unmet.append(Notice(UNMET_KIND, kind=profile.kind.value, kinds=kinds))
    if (
        measure.green_code_grades is not None
        and profile.green_code_grade not in measure.green_code_grades
    ):
        grades = ", ".join(measure.green_code_grades)
        if profile.green_code_grade:
            unmet.append(Notice(UNMET_GRADE, grade=profile.green_code_grade, grades=grades))
        else:
            unmet.append(Notice(UNMET_NO_GRADE, grades=grades))
    if measure.adcode_prefixes is not None and not profile.adcode.startswith(
        measure.adcode_prefixes
    ):
        prefixes = ", ".join(measure.adcode_prefixes)
        unmet.append(Notice(UNMET_REGION, adcode=profile.adcode, prefixes=prefixes))
    if measure.industry_prefixes is not None and not profile.industry.startswith(
        measure.industry_prefixes
    ):
        prefixes = ", ".join(measure.industry_prefixes)
        unmet.append(Notice(UNMET_INDUSTRY, industry=profile.industry, prefixes=prefixes))
    return Eligibility(measure=measure, unmet=tuple(unmet))


def eligible_measures(
    profile: SupportProfile, catalogue: SupportCatalogue | None = None
) -> list[SupportMeasure]:
    cat = catalogue or support_catalogue()
    return [m for m in cat.measures if eligibility(m, profile).eligible]
