"""The footprint factor library (产品碳足迹因子库): versioned data, never code.

Rows come from ``core/data/footprint/*.yaml`` (electricity carbon-footprint factors by
year and region, a starter set of material and transport factors) and from users' own
factors (the platform adds them with :meth:`FactorLibrary.with_rows`, each with its
provenance).  Every row carries source, clause and status.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from greenmfg.core.errors import DataFileInvalidError, FactorNotFoundError
from greenmfg.core.units import parse_unit

__all__ = ["FactorLibrary", "FootprintFactor", "default_library", "load_library"]

Kind = Literal["electricity", "material", "transport", "waste", "use", "end_of_life"]
FactorStatus = Literal["verified", "secondary", "unverified", "user"]


class FootprintFactor(BaseModel):
    """One footprint factor with its provenance (kgCO2e per unit of the flow)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    factor_id: str = Field(min_length=2)
    kind: Kind
    code: str = Field(min_length=1)
    name_zh: str = Field(min_length=1)
    name_en: str = ""
    region: str = "CN"
    data_year: int | None = Field(default=None, ge=1990, le=2100)
    value: float = Field(ge=0, allow_inf_nan=False)
    unit: str
    published: date | None = None
    source_doc: str = Field(min_length=2)
    clause: str = Field(min_length=1)
    source_url: str | None = None
    status: FactorStatus
    note: str | None = None
    owner: str | None = None  # users' own factors: the enterprise (uscc) that added it

    @field_validator("unit")
    @classmethod
    def _unit(cls, value: str) -> str:
        parse_unit(value)
        return value

    def ref(self) -> dict[str, Any]:
        """The provenance shown beside a figure (as the accounting results show theirs)."""
        return {
            "factor_id": self.factor_id,
            "name": self.name_zh,
            "value": self.value,
            "unit": self.unit,
            "status": self.status,
            "source_doc": self.source_doc,
            "clause": self.clause,
            "data_year": self.data_year,
            "source_url": self.source_url,
        }


@dataclass(frozen=True)
class FactorLibrary:
    rows: tuple[FootprintFactor, ...]
    version: str
    _by_id: dict[str, FootprintFactor] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for row in self.rows:
            self._by_id[row.factor_id] = row

    def __contains__(self, factor_id: object) -> bool:
        return factor_id in self._by_id

    def __hash__(self) -> int:
        return hash(self.version)

    def get(self, factor_id: str, *, where: str = "") -> FootprintFactor:
        row = self._by_id.get(factor_id)
        if row is None:
            raise FactorNotFoundError(
                quantity="footprint",
                key=f"{where}{factor_id!r}",
                reason="not in the footprint factor library (see `greenmfg footprint-factors`)",
            )
        return row

    def electricity(
        self, year: int, adcode: str, code: str = "electricity"
    ) -> tuple[FootprintFactor, str | None]:
        """The electricity carbon-footprint factor for ``year`` in ``adcode``: the province's
        own row if one exists, else the national one; the latest data year ≤ ``year`` (the
        earliest one, with a warning, for earlier years).  Returns (row, warning)."""
        rows = [r for r in self.rows if r.kind == "electricity" and r.code == code]
        province = adcode[:2]
        local = [r for r in rows if r.region == province]
        pool = local or [r for r in rows if r.region == "CN"]
        if not pool:
            raise FactorNotFoundError(
                quantity="electricity footprint", key=code, reason="no row in the library"
            )
        warning = None
        if not local:
            warning = (
                f"no provincial electricity carbon-footprint factor is published for {province}; "
                "the national factor is used"
            )
        eligible = [r for r in pool if (r.data_year or 0) <= year]
        if eligible:
            row = max(eligible, key=lambda r: r.data_year or 0)
        else:
            row = min(pool, key=lambda r: r.data_year or 0)
            warning = (
                f"no electricity carbon-footprint factor for {year} or earlier; "
                f"the {row.data_year} factor is used"
            )
        return row, warning

    def by_kind(self, kind: str) -> list[FootprintFactor]:
        return [r for r in self.rows if r.kind == kind]

    def with_rows(self, rows: Iterable[FootprintFactor]) -> FactorLibrary:
        """A library with ``rows`` added (users' own factors); ids must be new."""
        extra = list(rows)
        for row in extra:
            if row.factor_id in self._by_id:
                raise DataFileInvalidError(
                    file="user factors",
                    line=row.factor_id,
                    field="factor_id",
                    reason="already in the library",
                )
        merged = (*self.rows, *extra)
        return FactorLibrary(rows=merged, version=_version(merged))


def _version(rows: Iterable[FootprintFactor]) -> str:
    digest = hashlib.sha256()
    for r in rows:
        digest.update(f"{r.factor_id}|{r.value!r}|{r.unit}|{r.status}\n".encode())
    return "fp-" + digest.hexdigest()[:12]


def load_library(texts: Iterable[tuple[str, str]]) -> FactorLibrary:
    """Parse (name, YAML text) pairs into a library; every bad row is a
    :class:`DataFileInvalidError` naming the file, row and field."""
    rows: list[FootprintFactor] = []
    for name, text in texts:
        doc = yaml.safe_load(text)
        if not isinstance(doc, dict) or not isinstance(doc.get("rows"), list):
            raise DataFileInvalidError(file=name, line=1, field="rows", reason="a list of rows")
        for i, raw in enumerate(doc["rows"], start=1):
            try:
                rows.append(FootprintFactor.model_validate(raw))
            except ValidationError as exc:
                err = exc.errors()[0]
                raise DataFileInvalidError(
                    file=name,
                    line=f"row {i}",
                    field=".".join(str(p) for p in err["loc"]) or "-",
                    reason=err["msg"],
                ) from exc
    seen: set[str] = set()
    for r in rows:
        if r.factor_id in seen:
            raise DataFileInvalidError(
                file="footprint factors", line=r.factor_id, field="factor_id", reason="duplicate"
            )
        seen.add(r.factor_id)
    return FactorLibrary(rows=tuple(rows), version=_version(rows))


@lru_cache(maxsize=1)
def default_library() -> FactorLibrary:
    """The packaged library (loaded once, immutable)."""
    folder = resources.files("greenmfg.core") / "data" / "footprint"
    texts = sorted(
        (entry.name, entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    )
    return load_library(texts)
