"""The indicator-set (评价指标体系) schema: what a standard file says.

A standard file (YAML, under ``core/data/standards/`` or a deployment's own directory)
describes one evaluation standard in three layers kept apart (DESIGN.md "Evaluation
model"):

1. veto conditions (一票否决, Measures Art. 15) and basic requirements (基本要求);
2. indicators (评价指标) — qualitative (定性: items with points and the evidence asked
   for) or quantitative (定量: a metric, a direction, a baseline 基准值 and a leading
   引领值 value, linear scoring between them, capped);
3. weighting — first-level categories (一级指标) with weights, and pass rules
   (threshold, star bands).

Every number (weight, points, baseline, leading value, threshold, band) is a
:class:`Num`: the value with its source, clause and status (verified / secondary /
unverified), so results and reports can show which inputs no source confirms.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from greenmfg.core.domain import UnitKind
from greenmfg.core.metrics import METRICS_BY_CODE, Direction


class Status(StrEnum):
    """How well a fact is sourced (the tags of green_system_rules.md)."""

    VERIFIED = "verified"  # [V] official text or several independent reports
    SECONDARY = "secondary"  # [S] one third-party page citing the official document
    UNVERIFIED = "unverified"  # [U] not confirmed by any source found


Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=40)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Num(_Model):
    """A number with its provenance."""

    value: float
    source: Text
    clause: str | None = None
    status: Status
    note: str | None = None

    @property
    def unverified(self) -> bool:
        return self.status is Status.UNVERIFIED


class Provenanced(_Model):
    """Text items (veto conditions, requirements) also say where they come from."""

    source: Text
    clause: str | None = None
    status: Status


class Metadata(_Model):
    code: Text  # e.g. "GB/T 36132-2025"
    title_zh: Text
    title_en: Text
    kind: UnitKind
    edition: Text
    effective: date | None = None
    source: Text
    status: Status
    industries: list[Annotated[str, StringConstraints(pattern=r"^[A-Z]?\d{2,4}$")]] = Field(
        default_factory=list
    )  # GB/T 4754-2017 codes (division 2 digits … class 4 digits); empty = every industry
    supersedes: str | None = None
    default: bool = False  # the default standard for its kind
    note: str | None = None


class VetoCondition(Provenanced):
    """一票否决 condition: true (it happened) → not eligible."""

    code: Code
    text_zh: Text
    text_en: Text


class BasicRequirement(Provenanced):
    """基本要求: must hold; not scored."""

    code: Code
    text_zh: Text
    text_en: Text
    evidence: list[str] = Field(default_factory=list)


class Category(_Model):
    """A first-level category (一级指标) with its weight in the total."""

    code: Code
    name_zh: Text
    name_en: Text
    weight: Num


class Item(_Model):
    """One checklist item of a qualitative indicator."""

    code: Code
    text_zh: Text
    text_en: Text
    points: Num
    evidence: list[str] = Field(default_factory=list)  # 证明材料 asked for


class Scoring(_Model):
    """How a quantitative value becomes a share of the indicator's points.

    ``share = at_baseline + (1 - at_baseline) * clamp((v - baseline) / (leading - baseline), 0, 1)``
    for a value at least as good as the baseline; a value worse than the baseline scores 0.
    """

    kind: Literal["linear"] = "linear"
    at_baseline: Num | None = None  # share earned exactly at the baseline (default 0)


class QuotaRule(_Model):
    """An indicator scored per product against the product's GB energy quota
    (单位产品能源消耗限额) wherever one covers a filed product: quota level 1 is the
    引领值 (leading value) and level 2 the 基准值 (baseline), in the quota's own unit, with
    the corrections the quota standard makes for the product (altitude, feed grade …).
    Where no filed product has a quota, the indicator's own metric and values apply.

    ``products`` limits the rule to some product codes (an industry set scoring clinker
    only); empty = every filed product with a quota."""

    source: Text
    clause: str | None = None
    status: Status
    products: list[str] = Field(default_factory=list)


class Indicator(_Model):
    code: Code
    category: Code
    name_zh: Text
    name_en: Text
    type: Literal["qualitative", "quantitative"]
    mandatory: bool = False  # 必选 (true) / 可选 (false)
    # qualitative
    items: list[Item] = Field(default_factory=list)
    # quantitative
    metric: str | None = None  # a code of core.metrics (per-product: "energy_per_product:clinker")
    direction: Direction | None = None
    unit: str | None = None
    baseline: Num | None = None  # 基准值
    leading: Num | None = None  # 引领值
    points: Num | None = None
    scoring: Scoring = Field(default_factory=Scoring)
    quota: QuotaRule | None = None  # per product against its GB quota where one applies
    evidence: list[str] = Field(default_factory=list)
    note: str | None = None

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, value: str | None) -> str | None:
        if value is None:
            return value
        base, _, product = value.partition(":")
        definition = METRICS_BY_CODE.get(base)
        if definition is None:
            raise ValueError(
                f"unknown metric {base!r}; expected one of: {', '.join(sorted(METRICS_BY_CODE))}"
            )
        if definition.per_product and not product:
            raise ValueError(f"{base} is per product: write {base}:<product code>")
        if product and not definition.per_product:
            raise ValueError(f"{base} is not a per-product metric")
        return value

    @model_validator(mode="after")
    def _check_type(self) -> Indicator:
        if self.type == "qualitative":
            if not self.items:
                raise ValueError("a qualitative indicator needs at least one item")
            if self.metric or self.baseline or self.leading or self.points:
                raise ValueError(
                    "a qualitative indicator has items only (no metric, baseline, leading, points)"
                )
        else:
            if self.items:
                raise ValueError("a quantitative indicator has no items")
            missing = [
                name
                for name in ("direction", "unit", "baseline", "leading", "points")
                if getattr(self, name) is None
            ]
            if missing:
                raise ValueError(f"a quantitative indicator needs {', '.join(missing)}")
            assert self.baseline is not None and self.leading is not None
            assert self.direction is not None
            if self.metric is not None:
                expected = METRICS_BY_CODE[self.metric.partition(":")[0]]
                if expected.direction is not self.direction:
                    raise ValueError(
                        f"direction {self.direction.value!r} contradicts metric {self.metric!r} "
                        f"({expected.direction.value!r})"
                    )
            if self.quota is not None and self.direction is not Direction.LOWER_IS_BETTER:
                raise ValueError("a quota rule scores energy per product: direction lower")
            if self.baseline.value == self.leading.value:
                raise ValueError("baseline and leading value must differ")
            better = (
                self.leading.value > self.baseline.value
                if self.direction is Direction.HIGHER_IS_BETTER
                else self.leading.value < self.baseline.value
            )
            if not better:
                raise ValueError(
                    f"the leading value must be better than the baseline for direction "
                    f"{self.direction.value!r}"
                )
        return self

    @property
    def max_points(self) -> float:
        if self.type == "qualitative":
            total = 0.0
            for item in self.items:
                total = total + item.points.value
            return total
        assert self.points is not None
        return self.points.value


class Band(_Model):
    """A star band or grade: total ≥ ``min`` → ``label``."""

    min: Num
    label_zh: Text
    label_en: Text


class PassRule(_Model):
    threshold: Num | None = None  # minimum total; None = no score threshold published
    mandatory_all: bool = True  # every 必选 indicator must be fully met
    bands: list[Band] = Field(default_factory=list)


class IndicatorSet(_Model):
    """A complete, resolved standard."""

    metadata: Metadata
    vetoes: list[VetoCondition] = Field(default_factory=list)
    basic_requirements: list[BasicRequirement] = Field(default_factory=list)
    categories: list[Category]
    indicators: list[Indicator]
    pass_rule: PassRule = Field(default_factory=PassRule)

    @model_validator(mode="after")
    def _check_codes(self) -> IndicatorSet:
        seen: dict[str, str] = {}
        groups: list[tuple[str, list[str]]] = [
            ("veto", [v.code for v in self.vetoes]),
            ("basic requirement", [b.code for b in self.basic_requirements]),
            ("category", [c.code for c in self.categories]),
            ("indicator", [i.code for i in self.indicators]),
            ("item", [it.code for i in self.indicators for it in i.items]),
        ]
        for kind, codes in groups:
            for code in codes:
                if code in seen:
                    raise ValueError(f"code {code!r} is used twice ({seen[code]} and {kind})")
                seen[code] = kind
        categories = {c.code for c in self.categories}
        for indicator in self.indicators:
            if indicator.category not in categories:
                raise ValueError(
                    f"indicator {indicator.code!r} names unknown category {indicator.category!r}"
                )
        for category in self.categories:
            if not any(i.category == category.code for i in self.indicators):
                raise ValueError(f"category {category.code!r} has no indicator")
        return self

    @property
    def code(self) -> str:
        return self.metadata.code

    def category(self, code: str) -> Category:
        for category in self.categories:
            if category.code == code:
                return category
        raise KeyError(code)

    def indicators_of(self, category: str) -> list[Indicator]:
        return [i for i in self.indicators if i.category == category]

    def answerable_codes(self) -> set[str]:
        """The codes an answer or a piece of evidence can name: basic requirements,
        indicators and their items."""
        return (
            {b.code for b in self.basic_requirements}
            | {i.code for i in self.indicators}
            | {it.code for i in self.indicators for it in i.items}
        )

    def numbers(self) -> list[tuple[str, Num]]:
        """Every number of the standard with a path naming it (for the unverified list)."""
        out: list[tuple[str, Num]] = []
        for category in self.categories:
            out.append((f"categories.{category.code}.weight", category.weight))
        for indicator in self.indicators:
            for name in ("baseline", "leading", "points"):
                num = getattr(indicator, name)
                if num is not None:
                    out.append((f"indicators.{indicator.code}.{name}", num))
            if indicator.scoring.at_baseline is not None:
                out.append(
                    (
                        f"indicators.{indicator.code}.scoring.at_baseline",
                        indicator.scoring.at_baseline,
                    )
                )
            for item in indicator.items:
                out.append((f"items.{item.code}.points", item.points))
        if self.pass_rule.threshold is not None:
            out.append(("pass_rule.threshold", self.pass_rule.threshold))
        for band in self.pass_rule.bands:
            out.append((f"pass_rule.bands.{band.label_en}", band.min))
        return out

    def unverified_count(self) -> int:
        """How many of its numbers no source confirms (未核实)."""
        return sum(1 for _path, num in self.numbers() if num.unverified)
