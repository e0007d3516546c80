"""The synthetic national data set: frozen records, identified by credit code or key."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from greenmfg.core.domain import ListLevel, UnitKind


@dataclass(frozen=True, slots=True)
class SynthEnterprise:
    """An enterprise (企业) with its plain descriptive data (values of its latest year)."""

    uscc: str
    name: str
    adcode: str  # city-level GB/T 2260 code
    industry: str  # GB/T 4754-2017 4-digit class
    legal_representative: str
    address: str
    established: dt.date
    employees: int
    output_value_10k_yuan: float  # 工业总产值, 万元
    value_added_10k_yuan: float  # 工业增加值, 万元
    land_area_m2: float
    floor_area_m2: float
    water_withdrawal_m3: float
    solid_waste_t: float


class SynthParkLevel(StrEnum):
    """Mirrors registry ``ParkLevel``."""

    NATIONAL_ETDZ = "national_etdz"  # 国家级经济技术开发区
    NATIONAL_HIDZ = "national_hidz"  # 国家级高新技术产业开发区
    NATIONAL_OTHER = "national_other"
    PROVINCIAL = "provincial"  # 省级开发区
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class SynthPark:
    uscc: str  # credit code of the park's management body (管委会)
    name: str
    adcode: str
    park_level: SynthParkLevel


@dataclass(frozen=True, slots=True)
class SynthParkMember:
    park_uscc: str
    enterprise_uscc: str
    joined_on: dt.date


@dataclass(frozen=True, slots=True)
class SynthSupplierLink:
    leader_uscc: str  # the green supply-chain management enterprise (供应链核心企业)
    supplier_uscc: str
    since: dt.date


@dataclass(frozen=True, slots=True)
class SynthProduct:
    key: str  # unique within the data set: "<enterprise uscc>/<n>"
    enterprise_uscc: str
    code: str  # product code (core/data/industries/products.csv)
    name: str
    model: str
    standard_code: str
    category: str


@dataclass(frozen=True, slots=True)
class SynthInstitution:
    """A third-party evaluation institution (第三方评价机构)."""

    uscc: str
    name: str
    legal_representative: str
    adcode: str
    staff_total: int
    evaluators: int


class RemovalReason(StrEnum):
    """Why a unit left a list (动态管理: 撤销/移出)."""

    NON_FILING = "non_filing"
    MAJOR_ACCIDENT = "major_accident"
    FALSIFIED_DATA = "falsified_data"
    BOTTOM_FIVE_PERCENT = "bottom_five_percent"
    CLOSED = "closed"
    SERIOUS_DISHONESTY = "serious_dishonesty"

    @property
    def text(self) -> str:
        return REMOVAL_TEXT[self]


REMOVAL_TEXT: Mapping[RemovalReason, str] = {
    RemovalReason.NON_FILING: "未按要求报送年度动态管理信息",
    RemovalReason.MAJOR_ACCIDENT: "发生较大及以上安全、环境或质量事故",
    RemovalReason.FALSIFIED_DATA: "申报或年度数据弄虚作假",
    RemovalReason.BOTTOM_FIVE_PERCENT: "连续三年评价排名后5%",
    RemovalReason.CLOSED: "企业关停、注销或迁出",
    RemovalReason.SERIOUS_DISHONESTY: "被列入严重失信主体名单",
}

BAR_YEARS = 3
"""A removed unit may not be listed again for three years (三年内不得再次申报)."""


@dataclass(frozen=True, slots=True)
class SynthListing:
    """One unit on one level's list from one list year (batch)."""

    kind: UnitKind
    level: ListLevel
    year: int
    batch: str
    unit: str  # enterprise/park credit code, or product key
    adcode: str  # the unit's city-level code (a product: its enterprise's)
    authority_adcode: str  # city (municipal), province (provincial), "" (national)
    listed_on: dt.date
    removed_on: dt.date | None = None
    removal_code: RemovalReason | None = None
    removal_reason: str = ""


class AbnormalKind(StrEnum):
    """Filings made abnormal on purpose, for audits and the green code to catch."""

    YOY_JUMP = "yoy_jump"  # energy ×10 at unchanged output
    DUPLICATE = "duplicate"  # identical figures to another enterprise's filing
    IMPLAUSIBLY_LOW = "implausibly_low"  # unit-product energy far below level 1


@dataclass(frozen=True, slots=True)
class AbnormalFiling:
    uscc: str
    year: int
    kind: AbnormalKind
    reason: str
    related_uscc: str | None = None


@dataclass(frozen=True, slots=True)
class BatchInfo:
    """A national list batch and its real sizes (green_system_rules.md §7)."""

    key: str
    year: int
    label_zh: str
    listed_on: dt.date
    listed_on_status: str
    sizes: Mapping[UnitKind, int]
    status: Mapping[UnitKind, str]


@dataclass(frozen=True, slots=True)
class SyntheticDataset:
    """Everything :func:`greenmfg.synth.generate` makes; identical for the same seed and scale.

    ``filings`` are dicts in the filing interchange format of issue 3 (one per enterprise
    and year, 2021–2025); treat them as read-only.
    """

    seed: int
    scale: float
    enterprises: tuple[SynthEnterprise, ...]
    parks: tuple[SynthPark, ...]
    park_members: tuple[SynthParkMember, ...]
    supplier_links: tuple[SynthSupplierLink, ...]
    products: tuple[SynthProduct, ...]
    institutions: tuple[SynthInstitution, ...]
    listings: tuple[SynthListing, ...]
    filings: tuple[dict[str, Any], ...]
    abnormal_filings: tuple[AbnormalFiling, ...]
    batches: tuple[BatchInfo, ...]
    sources: tuple[str, ...] = field(default=())

    def counts(self) -> dict[str, int]:
        return {
            "enterprises": len(self.enterprises),
            "parks": len(self.parks),
            "park_members": len(self.park_members),
            "supplier_links": len(self.supplier_links),
            "products": len(self.products),
            "institutions": len(self.institutions),
            "listings": len(self.listings),
            "filings": len(self.filings),
            "abnormal_filings": len(self.abnormal_filings),
        }

    def listing_counts(self) -> dict[tuple[str, str], int]:
        """Listings per (level, kind)."""
        counter = Counter((lst.level.value, lst.kind.value) for lst in self.listings)
        return dict(sorted(counter.items()))

    def national_batch_counts(self, kind: UnitKind) -> dict[str, int]:
        """National listings of ``kind`` per batch key (B1 … 2025)."""
        by_label = {b.label_zh: b.key for b in self.batches}
        counter: Counter[str] = Counter()
        for lst in self.listings:
            if lst.level is ListLevel.NATIONAL and lst.kind is kind:
                counter[by_label[lst.batch]] += 1
        return {b.key: counter.get(b.key, 0) for b in self.batches}
