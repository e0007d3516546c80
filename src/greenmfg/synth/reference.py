"""The generator's input tables (``greenmfg/synth/data/*.csv``), validated at load.

Each file documents its source and status in its header.  Loaded once, immutable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from greenmfg.core.codes import regions
from greenmfg.core.codes._datafile import parse_csv
from greenmfg.core.domain import UnitKind
from greenmfg.core.errors import DataFileInvalidError, UnknownAdcodeError
from greenmfg.synth.model import BatchInfo

_Status = Literal["verified", "secondary", "unverified"]


def _text(name: str) -> str:
    return resources.files("greenmfg.synth").joinpath("data", name).read_text(encoding="utf-8")


class _BatchRow(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    key: str = Field(min_length=2)
    year: int = Field(ge=2017, le=2100)
    label_zh: str = Field(min_length=1)
    listed_on: dt.date
    listed_on_status: _Status
    factories: int = Field(ge=0)
    factories_status: _Status
    parks: int = Field(ge=0)
    parks_status: _Status
    supply_chain: int = Field(ge=0)
    supply_chain_status: _Status
    products: int = Field(ge=0)
    products_status: _Status


class _WeightRow(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    adcode: str = Field(pattern=r"^\d{2}0000$")
    weight: float = Field(gt=0)
    status: _Status


class _CoefficientRow(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    carrier: str
    coefficient: float = Field(gt=0)
    unit: str
    status: _Status
    source: str


@dataclass(frozen=True, slots=True)
class QuotaBand:
    """Levels 1/2/3 of a unit-product energy quota (kgce/t); level 1 is the best."""

    product: str
    standard: str
    level1: float
    level2: float
    level3: float
    status: str


@dataclass(frozen=True, slots=True)
class Coefficient:
    carrier: str
    kgce_per_unit: float
    unit: str
    status: str
    source: str


@cache
def national_batches() -> tuple[BatchInfo, ...]:
    file = "synth/data/national_batches.csv"
    out: list[BatchInfo] = []
    previous: dt.date | None = None
    for line, row in parse_csv(_text("national_batches.csv"), _BatchRow, file=file):
        if row.listed_on.year != row.year:
            raise DataFileInvalidError(
                file=file, line=line, field="listed_on", reason="must fall in the list year"
            )
        if previous is not None and row.listed_on <= previous:
            raise DataFileInvalidError(
                file=file, line=line, field="listed_on", reason="batches must be in date order"
            )
        previous = row.listed_on
        out.append(
            BatchInfo(
                key=row.key,
                year=row.year,
                label_zh=row.label_zh,
                listed_on=row.listed_on,
                listed_on_status=row.listed_on_status,
                sizes=MappingProxyType(
                    {
                        UnitKind.FACTORY: row.factories,
                        UnitKind.PARK: row.parks,
                        UnitKind.SUPPLY_CHAIN: row.supply_chain,
                        UnitKind.PRODUCT: row.products,
                    }
                ),
                status=MappingProxyType(
                    {
                        UnitKind.FACTORY: row.factories_status,
                        UnitKind.PARK: row.parks_status,
                        UnitKind.SUPPLY_CHAIN: row.supply_chain_status,
                        UnitKind.PRODUCT: row.products_status,
                    }
                ),
            )
        )
    return tuple(out)


@cache
def quota_bands() -> MappingProxyType[str, QuotaBand]:
    """Per product of the accounting catalogue: its headline unit-product energy quota
    (kgce/t) from the accounting quota data (core/data/quotas), levels 1–3 all given."""
    from greenmfg.core.accounting.catalogue import PRODUCTS
    from greenmfg.core.accounting.quotas import default_quotas

    quotas = default_quotas()
    out: dict[str, QuotaBand] = {}
    for code, product in sorted(PRODUCTS.items()):
        quota = next(
            (quotas[k] for k in product.quotas if k in quotas and quotas[k].basis == "energy"),
            None,
        )
        if quota is None or quota.unit != "kgce/t":
            continue
        l1, l2, l3 = quota.levels
        if l1 is None or l2 is None or l3 is None:
            continue
        out[code] = QuotaBand(
            product=code,
            standard=quota.standard,
            level1=l1,
            level2=l2,
            level3=l3,
            status=str(quota.status),
        )
    return MappingProxyType(out)


@cache
def province_weights() -> MappingProxyType[str, float]:
    file = "synth/data/province_weights.csv"
    out: dict[str, float] = {}
    for line, row in parse_csv(_text("province_weights.csv"), _WeightRow, file=file):
        try:
            regions.validate_adcode(row.adcode, level="province")
        except UnknownAdcodeError as err:
            raise DataFileInvalidError(
                file=file, line=line, field="adcode", reason=err.params["reason"]
            ) from err
        out[row.adcode] = row.weight
    missing = [p.adcode for p in regions.provinces() if p.adcode not in out]
    if missing:
        raise DataFileInvalidError(
            file=file, line="-", field="adcode", reason=f"provinces without a weight: {missing}"
        )
    return MappingProxyType(out)


@cache
def coefficients() -> MappingProxyType[str, Coefficient]:
    file = "synth/data/coefficients.csv"
    return MappingProxyType(
        {
            row.carrier: Coefficient(
                carrier=row.carrier,
                kgce_per_unit=row.coefficient,
                unit=row.unit,
                status=row.status,
                source=row.source,
            )
            for _line, row in parse_csv(_text("coefficients.csv"), _CoefficientRow, file=file)
        }
    )
