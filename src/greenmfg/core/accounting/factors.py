"""Reference factors as versioned data (core/data/factors/*.yaml), validated at load.

Every row carries quantity, carrier, region, basis, value, unit, data year, validity,
source document and clause, status (verified / secondary / unverified, exactly as
tagged in the research notes) and the row it supersedes.  A :class:`FactorSet` resolves
a factor by (quantity, carrier, region, year, basis) and is immutable; its ``version``
names the files and a digest of their rows, so a stored result says which set made it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from greenmfg.core.errors import DataFileInvalidError, FactorNotFoundError, GreenmfgError
from greenmfg.core.units import parse_unit

__all__ = [
    "FactorRow",
    "FactorSet",
    "Quantity",
    "Status",
    "default_factor_set",
    "load_factor_set",
]


class Status(StrEnum):
    VERIFIED = "verified"  # [V] seen in a public source
    SECONDARY = "secondary"  # [S] one secondary source (a code transcription)
    UNVERIFIED = "unverified"  # [U] recalled / not found: do not present as official


class Quantity(StrEnum):
    COAL_EQUIV = "coal_equiv"  # 折标准煤系数
    NCV = "ncv"  # 低位发热量
    CARBON_CONTENT = "carbon_content"  # 单位热值含碳量
    OXIDATION = "oxidation"  # 碳氧化率
    EF_PROCESS = "ef_process"  # 过程排放因子
    EF_PROCESS_RATIO = "ef_process_ratio"  # CO2 per t of oxide (clinker method)
    EF_HEAT = "ef_heat"  # 热力排放因子
    HEAT_CONTENT = "heat_content"  # 蒸汽热焓
    GRID_EF = "grid_ef"  # 电网排放因子
    CH4_EF = "ch4_ef"
    N2O_EF = "n2o_ef"
    GWP = "gwp"
    EF_FIXED_CARBON = "ef_fixed_carbon"  # 固碳产品隐含的排放 (tCO2 per t of product)
    EF_PFC = "ef_pfc"  # 阳极效应 PFC (kg gas per t aluminium)
    EF_N2O_PROCESS = "ef_n2o_process"  # 硝酸 / 己二酸 N2O (kg N2O per t product)
    PROCESS_PARAM = "process_param"  # guideline default parameters (S, ash, FR0 …)


_BASES = frozenset({"equivalent", "equal_value", "location", "market", "fossil", "ets", "none"})


class FactorRow(BaseModel):
    """One reference number with its provenance."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    factor_id: str = Field(min_length=3)
    quantity: Quantity
    carrier: str = Field(min_length=1)
    region: str = "CN"
    basis: str = "none"
    guideline: str | None = None
    value: float = Field(allow_inf_nan=False)
    unit: str
    data_year: int | None = Field(default=None, ge=1990, le=2100)
    applies_from_year: int | None = None
    applies_to_year: int | None = None
    published: date | None = None
    valid_from: date | None = None
    source_doc: str = Field(min_length=2)
    clause: str = Field(min_length=1)
    source_url: str | None = None
    status: Status
    supersedes: str | None = None
    note: str | None = None
    file: str = ""
    line: int = 0

    @field_validator("basis")
    @classmethod
    def _basis(cls, value: str) -> str:
        if value not in _BASES:
            raise ValueError(f"basis must be one of {sorted(_BASES)}")
        return value

    @field_validator("unit")
    @classmethod
    def _unit(cls, value: str) -> str:
        parse_unit(value)  # InvalidUnitError → reported as a data-file error
        return value

    def ref(self) -> dict[str, Any]:
        """The provenance shown beside a figure."""
        return {
            "factor_id": self.factor_id,
            "value": self.value,
            "unit": self.unit,
            "status": str(self.status),
            "source_doc": self.source_doc,
            "clause": self.clause,
            "data_year": self.data_year,
        }


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records the line of every mapping as ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _raw_rows(name: str, doc: Mapping[str, Any]) -> Iterable[tuple[int, dict[str, Any]]]:
    """Expand a data file's compact blocks into (line, row) pairs."""
    defaults = {k: v for k, v in dict(doc.get("defaults") or {}).items() if k != "__line__"}
    for fuel, spec in dict(doc.get("fuels") or {}).items():
        if fuel == "__line__":
            continue
        line = int(doc["fuels"]["__line__"])
        if not isinstance(spec, list) or len(spec) != 4:
            raise DataFileInvalidError(
                file=name,
                line=line,
                field=f"fuels.{fuel}",
                reason="expected [NCV, NCV unit, CC tC/TJ, OF %]",
            )
        ncv, ncv_unit, cc, of = spec
        for qty, value, unit in (
            ("ncv", ncv, ncv_unit),
            ("carbon_content", cc, "tC/TJ"),
            ("oxidation", of, "percent"),
        ):
            yield (
                line,
                {
                    **defaults,
                    "factor_id": f"gbt32151.{qty}.{fuel}",
                    "quantity": qty,
                    "carrier": fuel,
                    "value": value,
                    "unit": unit,
                },
            )
    for fuel, spec in dict(doc.get("ipcc_fuels") or {}).items():
        if fuel == "__line__":
            continue
        line = int(doc["ipcc_fuels"]["__line__"])
        if not isinstance(spec, list) or len(spec) != 2:
            raise DataFileInvalidError(
                file=name,
                line=line,
                field=f"ipcc_fuels.{fuel}",
                reason="expected [CH4 kg/TJ, N2O kg/TJ]",
            )
        for qty, value in (("ch4_ef", spec[0]), ("n2o_ef", spec[1])):
            yield (
                line,
                {
                    **defaults,
                    "factor_id": f"ipcc2006.{qty}.{fuel}",
                    "quantity": qty,
                    "carrier": fuel,
                    "value": value,
                    "unit": "kg/TJ",
                },
            )
    national = dict(doc.get("national") or {})
    for year, spec in national.items():
        if year == "__line__":
            continue
        line = int(national["__line__"])
        if not isinstance(spec, list) or len(spec) != 7:
            raise DataFileInvalidError(
                file=name,
                line=line,
                field=f"national.{year}",
                reason="expected [location, market, fossil, published, source_doc, status, source_url]",
            )
        loc, market, fossil, published, source_doc, status, url = spec
        for basis, value in (("location", loc), ("market", market), ("fossil", fossil)):
            yield line, {
                **defaults, "factor_id": f"grid.CN.{basis}.{year}", "carrier": "electricity", "region": "CN",
                "basis": basis, "value": value, "data_year": year, "published": published,
                "source_doc": source_doc, "clause": "全国电力平均二氧化碳排放因子", "status": status, "source_url": url,
            }  # fmt: skip
    regional = dict(doc.get("regional") or {})
    reg_status = dict(doc.get("regional_status") or {})
    for region, years in regional.items():
        if region == "__line__":
            continue
        line = int(regional["__line__"])
        if isinstance(years, dict) and "__line__" in years:
            line = int(years["__line__"])
        if not isinstance(years, dict):
            raise DataFileInvalidError(
                file=name,
                line=line,
                field=f"regional.{region}",
                reason="expected {data_year: value}",
            )
        for year, value in years.items():
            if year == "__line__":
                continue
            yield line, {
                **defaults, "factor_id": f"grid.{region}.location.{year}", "carrier": "electricity", "region": region,
                "basis": "location", "value": value, "data_year": year, "source_doc": "生态环境部 国家统计局 电力二氧化碳排放因子公告",
                "clause": "区域电力平均二氧化碳排放因子", "status": reg_status.get(year, "unverified"),
            }  # fmt: skip
    provincial = dict(doc.get("provincial") or {})
    for prefix, values in provincial.items():
        if prefix == "__line__":
            continue
        line = int(provincial["__line__"])
        if not isinstance(values, list) or len(values) != 2:
            raise DataFileInvalidError(
                file=name, line=line, field=f"provincial.{prefix}", reason="expected [2021, 2022]"
            )
        for year, value in zip((2021, 2022), values, strict=True):
            yield line, {
                **defaults, "factor_id": f"grid.{prefix}0000.location.{year}", "carrier": "electricity",
                "region": f"{prefix}0000", "basis": "location", "value": value, "data_year": year,
                "source_doc": "生态环境部 国家统计局 电力二氧化碳排放因子公告", "clause": "省级电力平均二氧化碳排放因子",
                "status": "secondary",
            }  # fmt: skip
    for raw in doc.get("rows") or []:
        if not isinstance(raw, dict):
            raise DataFileInvalidError(
                file=name, line="?", field="rows", reason="each row must be a mapping"
            )
        line = int(raw.pop("__line__", 0))
        yield line, {**defaults, **raw}


def _parse_file(name: str, text: str) -> tuple[str, list[FactorRow], dict[str, Any]]:
    try:
        doc = yaml.load(text, Loader=_LineLoader)  # noqa: S506 — SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataFileInvalidError(
            file=name, line=(mark.line + 1) if mark else "?", field="-", reason=str(exc)
        ) from exc
    if not isinstance(doc, dict) or "version" not in doc:
        raise DataFileInvalidError(
            file=name, line=1, field="version", reason="a factor file is a mapping with a version"
        )
    rows: list[FactorRow] = []
    if "regions" in doc:
        return str(doc["version"]), rows, doc
    for line, raw in _raw_rows(name, doc):
        raw.pop("__line__", None)
        try:
            rows.append(FactorRow.model_validate({**raw, "file": name, "line": line}))
        except ValidationError as exc:
            err = exc.errors()[0]
            field_name = ".".join(str(p) for p in err["loc"]) or "-"
            raise DataFileInvalidError(
                file=name, line=line, field=field_name, reason=err["msg"]
            ) from exc
        except GreenmfgError as exc:
            raise DataFileInvalidError(file=name, line=line, field="unit", reason=str(exc)) from exc
    return str(doc["version"]), rows, doc


@dataclass(frozen=True)
class GridRegion:
    code: str
    name_zh: str
    name_en: str
    prefixes: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class FactorSet:
    """An immutable, validated set of factor rows with lookups.

    Two sets are equal when their versions (a digest of every row) are equal; the hash
    is the version's, so caches keyed by a set stay cheap.
    """

    rows: tuple[FactorRow, ...]
    version: str
    grid_regions: tuple[GridRegion, ...] = ()
    grid_region_status: Status = Status.UNVERIFIED
    _by_id: dict[str, FactorRow] = field(default_factory=dict, repr=False, compare=False)
    _index: dict[tuple[str, str, str, str, str | None], tuple[FactorRow, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        by_id: dict[str, FactorRow] = {}
        index: dict[tuple[str, str, str, str, str | None], list[FactorRow]] = {}
        for row in self.rows:
            if row.factor_id in by_id:
                raise DataFileInvalidError(
                    file=row.file,
                    line=row.line,
                    field="factor_id",
                    reason=f"duplicate factor_id {row.factor_id!r}",
                )
            by_id[row.factor_id] = row
            key = (str(row.quantity), row.carrier, row.region, row.basis, row.guideline)
            index.setdefault(key, []).append(row)
        for row in self.rows:
            if row.supersedes and row.supersedes not in by_id:
                raise DataFileInvalidError(
                    file=row.file,
                    line=row.line,
                    field="supersedes",
                    reason=f"unknown factor_id {row.supersedes!r}",
                )
        self._by_id.update(by_id)
        self._index.update(
            {k: tuple(sorted(v, key=lambda r: r.data_year or 0)) for k, v in index.items()}
        )

    def __hash__(self) -> int:
        return hash(self.version)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FactorSet) and other.version == self.version

    def get(self, factor_id: str) -> FactorRow:
        try:
            return self._by_id[factor_id]
        except KeyError:
            raise FactorNotFoundError(
                quantity="any", key=factor_id, reason="no such factor_id"
            ) from None

    def __contains__(self, factor_id: object) -> bool:
        return factor_id in self._by_id

    def candidates(
        self,
        quantity: str,
        carrier: str,
        *,
        region: str = "CN",
        basis: str = "none",
        guideline: str | None = None,
    ) -> tuple[FactorRow, ...]:
        """All rows for the key, oldest data year first (superseded rows included)."""
        return self._index.get((quantity, carrier, region, basis, guideline), ())

    def current(
        self,
        quantity: str,
        carrier: str,
        *,
        region: str = "CN",
        basis: str = "none",
        guideline: str | None = None,
    ) -> FactorRow | None:
        """The row in force: not superseded by another row of the same key, latest data year."""
        rows = self.candidates(quantity, carrier, region=region, basis=basis, guideline=guideline)
        superseded = {r.supersedes for r in rows if r.supersedes}
        live = [r for r in rows if r.factor_id not in superseded]
        return live[-1] if live else None

    def grid_region_of(self, adcode: str) -> GridRegion | None:
        """The regional grid of ``adcode`` (longest matching prefix)."""
        best: tuple[int, GridRegion] | None = None
        for region in self.grid_regions:
            for prefix in region.prefixes:
                if adcode.startswith(prefix) and (best is None or len(prefix) > best[0]):
                    best = (len(prefix), region)
        return best[1] if best else None

    def replace(self, factor_id: str, **changes: Any) -> FactorSet:
        """A new set with one row changed (e.g. a corrected value); the version changes."""
        row = self.get(factor_id)
        new_row = row.model_copy(update=changes)
        FactorRow.model_validate(new_row.model_dump())
        rows = tuple(new_row if r.factor_id == factor_id else r for r in self.rows)
        return FactorSet(
            rows=rows,
            version=_version(rows),
            grid_regions=self.grid_regions,
            grid_region_status=self.grid_region_status,
        )

    def with_rows(self, rows: Iterable[FactorRow]) -> FactorSet:
        """A new set with extra rows (a deployment's own factors)."""
        all_rows = (*self.rows, *rows)
        return FactorSet(
            rows=all_rows,
            version=_version(all_rows),
            grid_regions=self.grid_regions,
            grid_region_status=self.grid_region_status,
        )


def _version(rows: Iterable[FactorRow]) -> str:
    payload = json.dumps(
        [r.model_dump(mode="json", exclude={"file", "line"}) for r in rows],
        sort_keys=True,
        ensure_ascii=False,
    )
    return "factors-" + hashlib.sha256(payload.encode()).hexdigest()[:12]


def load_factor_set(paths: Iterable[Path | tuple[str, str]]) -> FactorSet:
    """Load and validate factor files (paths, or (name, text) pairs)."""
    rows: list[FactorRow] = []
    regions: list[GridRegion] = []
    region_status = Status.UNVERIFIED
    for item in paths:
        if isinstance(item, tuple):
            name, text = item
        else:
            name, text = item.name, item.read_text(encoding="utf-8")
        _, file_rows, doc = _parse_file(name, text)
        rows.extend(file_rows)
        if "regions" in doc:
            region_status = Status(doc.get("status", "unverified"))
            for code, spec in doc["regions"].items():
                if code == "__line__":
                    continue
                regions.append(
                    GridRegion(
                        code=code,
                        name_zh=spec["name_zh"],
                        name_en=spec["name_en"],
                        prefixes=tuple(str(p) for p in spec["prefixes"]),
                    )
                )
    return FactorSet(
        rows=tuple(rows),
        version=_version(rows),
        grid_regions=tuple(regions),
        grid_region_status=region_status,
    )


def _packaged_files() -> list[tuple[str, str]]:
    folder = resources.files("greenmfg.core") / "data" / "factors"
    return sorted(
        (p.name, p.read_text(encoding="utf-8"))
        for p in folder.iterdir()
        if p.name.endswith(".yaml")
    )


@lru_cache(maxsize=1)
def default_factor_set() -> FactorSet:
    """The packaged factor set (loaded once)."""
    return load_factor_set(_packaged_files())
