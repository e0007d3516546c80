"""Industry codes (国民经济行业分类, GB/T 4754-2017) and product codes.

Data: ``core/data/industries/gbt4754-2017.csv`` (manufacturing divisions C13–C43, the
4-digit classes used by the energy-quota standards and by the generator, and class 4411
火力发电 of section D, flagged ``manufacturing=False``) and
``core/data/industries/products.csv`` (product codes, their class, unit and quota
standard).  Sources and status are in the files' headers; both files are read once,
validated with pydantic and kept immutable.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from greenmfg.core.codes._datafile import parse_csv, read_text
from greenmfg.core.errors import DataFileInvalidError, UnknownCodeError, UnknownIndustryError

INDUSTRY_FILE: Final = "gbt4754-2017.csv"
PRODUCT_FILE: Final = "products.csv"
EDITION: Final = "GB/T 4754-2017"


@dataclass(frozen=True, slots=True)
class Industry:
    code: str  # "13".."43" (division, 大类) or 4 digits (class, 小类)
    name_zh: str
    name_en: str
    division: str
    manufacturing: bool  # section C 制造业
    quota_standard: str | None  # mandatory energy quota standard, e.g. "GB 16780-2021"
    products: tuple[str, ...]
    status: str

    @property
    def is_division(self) -> bool:
        return len(self.code) == 2

    @property
    def section(self) -> str:
        return "C" if self.manufacturing else "D"

    @property
    def label(self) -> str:
        """``C3011 水泥制造``-style label."""
        return f"{self.section}{self.code} {self.name_zh}"


@dataclass(frozen=True, slots=True)
class Product:
    code: str
    name_zh: str
    name_en: str
    industry: str
    unit: str
    quota_standard: str | None
    quota_indicator: str | None
    status: str


_Status = Literal["verified", "secondary", "unverified"]


def _none_if_empty(value: object) -> object:
    return None if value == "" else value


class _IndustryRow(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    code: str = Field(pattern=r"^(\d{2}|\d{4})$")
    name_zh: str = Field(min_length=2)
    name_en: str = Field(min_length=2)
    division: str = Field(pattern=r"^\d{2}$")
    manufacturing: bool
    quota_standard: str | None
    products: tuple[str, ...]
    status: _Status

    @field_validator("quota_standard", mode="before")
    @classmethod
    def _empty(cls, value: object) -> object:
        return _none_if_empty(value)

    @field_validator("products", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(p.strip() for p in value.split(";") if p.strip())
        return value


class _ProductRow(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    industry: str = Field(pattern=r"^\d{4}$")
    unit: str = Field(min_length=1)
    quota_standard: str | None
    quota_indicator: str | None
    status: _Status

    @field_validator("quota_standard", "quota_indicator", mode="before")
    @classmethod
    def _empty(cls, value: object) -> object:
        return _none_if_empty(value)


@dataclass(frozen=True, slots=True)
class _Registry:
    industries: MappingProxyType[str, Industry]
    products: MappingProxyType[str, Product]


@cache
def _registry() -> _Registry:
    return _build(
        read_text("industries", INDUSTRY_FILE),
        read_text("industries", PRODUCT_FILE),
        industry_file=f"core/data/industries/{INDUSTRY_FILE}",
        product_file=f"core/data/industries/{PRODUCT_FILE}",
    )


def _build(
    industry_text: str, product_text: str, *, industry_file: str, product_file: str
) -> _Registry:
    industries: dict[str, Industry] = {}
    lines: dict[str, int] = {}
    for line, row in parse_csv(industry_text, _IndustryRow, file=industry_file):
        if row.code in industries:
            raise DataFileInvalidError(
                file=industry_file, line=line, field="code", reason=f"duplicate code {row.code}"
            )
        if row.code[:2] != row.division:
            raise DataFileInvalidError(
                file=industry_file,
                line=line,
                field="division",
                reason=f"class {row.code} does not belong to division {row.division}",
            )
        if len(row.code) == 4 and row.division not in industries:
            raise DataFileInvalidError(
                file=industry_file,
                line=line,
                field="division",
                reason=f"division {row.division} must be listed before its classes",
            )
        industries[row.code] = Industry(
            code=row.code,
            name_zh=row.name_zh,
            name_en=row.name_en,
            division=row.division,
            manufacturing=row.manufacturing,
            quota_standard=row.quota_standard,
            products=row.products,
            status=row.status,
        )
        lines[row.code] = line
    products: dict[str, Product] = {}
    for line, prow in parse_csv(product_text, _ProductRow, file=product_file):
        if prow.code in products:
            raise DataFileInvalidError(
                file=product_file, line=line, field="code", reason=f"duplicate code {prow.code}"
            )
        if prow.industry not in industries:
            raise DataFileInvalidError(
                file=product_file,
                line=line,
                field="industry",
                reason=f"industry class {prow.industry} is not in {industry_file}",
            )
        products[prow.code] = Product(
            code=prow.code,
            name_zh=prow.name_zh,
            name_en=prow.name_en,
            industry=prow.industry,
            unit=prow.unit,
            quota_standard=prow.quota_standard,
            quota_indicator=prow.quota_indicator,
            status=prow.status,
        )
    for code, industry in industries.items():
        for product in industry.products:
            if product not in products:
                raise DataFileInvalidError(
                    file=industry_file,
                    line=lines[code],
                    field="products",
                    reason=f"product code {product!r} is not in {product_file}",
                )
    return _Registry(industries=MappingProxyType(industries), products=MappingProxyType(products))


def _clean(code: object) -> str:
    if isinstance(code, int) and not isinstance(code, bool):
        code = str(code)
    if not isinstance(code, str):
        raise UnknownIndustryError(industry=repr(code), reason="expected a text code")
    text = code.strip().upper()
    if text[:1] in {"C", "D"} and text[1:].isdigit():
        text = text[1:]
    if not (text.isascii() and text.isdigit()) or len(text) not in (2, 3, 4):
        raise UnknownIndustryError(
            industry=code,
            reason="expected a 2-digit division or a 4-digit class, e.g. '30' or '3011'",
        )
    return text


def divisions() -> tuple[Industry, ...]:
    """The manufacturing divisions C13–C43 (31 of them), ordered by code."""
    return tuple(i for i in _registry().industries.values() if i.is_division and i.manufacturing)


def classes() -> tuple[Industry, ...]:
    """The registered 4-digit classes (manufacturing and the quota-covered 4411)."""
    return tuple(i for i in _registry().industries.values() if not i.is_division)


def get(code: str) -> Industry:
    """The division or class with this code (a leading section letter is accepted)."""
    text = _clean(code)
    industry = _registry().industries.get(text)
    if industry is not None:
        return industry
    if len(text) == 3:
        raise UnknownIndustryError(
            industry=code, reason="3-digit groups (中类) are not registered; use the 4-digit class"
        )
    if text[:2] not in _registry().industries:
        raise UnknownIndustryError(
            industry=code,
            reason=f"division {text[:2]} is not a manufacturing division (13-43) of {EDITION}",
        )
    raise UnknownIndustryError(
        industry=code,
        reason=f"class {text} is not registered under division {text[:2]} of {EDITION}",
    )


def validate_industry(code: str, *, level: Literal["division", "class"] | None = None) -> str:
    """Return the normalised code or raise UnknownIndustryError."""
    industry = get(code)
    if level == "class" and industry.is_division:
        raise UnknownIndustryError(
            industry=code, reason=f"{industry.label} is a division, expected a 4-digit class"
        )
    if level == "division" and not industry.is_division:
        raise UnknownIndustryError(
            industry=code, reason=f"{industry.label} is a class, expected a 2-digit division"
        )
    return industry.code


def is_valid(code: str) -> bool:
    try:
        validate_industry(code)
    except UnknownIndustryError:
        return False
    return True


def division_of(code: str) -> Industry:
    """The division (大类) of a division or class code."""
    return _registry().industries[get(code).division]


def quota_classes() -> tuple[Industry, ...]:
    """The classes covered by a mandatory energy quota standard."""
    return tuple(i for i in classes() if i.quota_standard is not None)


def products() -> tuple[Product, ...]:
    return tuple(_registry().products.values())


def get_product(code: str) -> Product:
    product = _registry().products.get(code)
    if product is None:
        raise UnknownCodeError(
            where="",
            kind="product",
            value=code,
            expected=", ".join(sorted(_registry().products)),
        )
    return product


def products_of(industry_code: str) -> tuple[Product, ...]:
    """The product codes registered for a class."""
    industry = get(industry_code)
    return tuple(_registry().products[p] for p in industry.products)


def load_files(
    industry_text: str, product_text: str, *, industry_file: str, product_file: str
) -> tuple[tuple[Industry, ...], tuple[Product, ...]]:
    """Validate industry and product files given as text (tests, deployment overrides)."""
    reg = _build(
        industry_text, product_text, industry_file=industry_file, product_file=product_file
    )
    return tuple(reg.industries.values()), tuple(reg.products.values())
