"""Load the synthetic national data set (:mod:`greenmfg.synth`) into the registry.

One transaction, bulk inserts (:mod:`greenmfg.platform.common.bulk`) in dependency order: enterprises, parks, park members,
supplier links, products, evaluation institutions, listings.  Every unit passes its
field validators (credit code, region, industry) before anything is written, and the
database constraints check the rest, so the rows are ones the registry services would
accept.  Annual filings are not stored here: the filings/supervision apps take
``dataset.filings`` in their own demo steps.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, TextIO, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from greenmfg.core.errors import DuplicateError
from greenmfg.platform.common.bulk import allocate_ids, insert_objects
from greenmfg.platform.registry.models import (
    Enterprise,
    EvaluationInstitution,
    Listing,
    Park,
    ParkMembership,
    Product,
    SupplierLink,
)
from greenmfg.platform.registry.snapshots import registry_changed
from greenmfg.synth import SyntheticDataset, generate
from greenmfg.synth.model import SynthListing

M = TypeVar("M", bound=models.Model)

_LOOKUP_CHUNK = 900  # stays under SQLite's bound-parameter limit


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def _existing(model: type[models.Model], field: str, values: Sequence[str]) -> list[str]:
    found: list[str] = []
    for start in range(0, len(values), _LOOKUP_CHUNK):
        chunk = values[start : start + _LOOKUP_CHUNK]
        found.extend(
            model._default_manager.filter(**{f"{field}__in": chunk}).values_list(field, flat=True)
        )
    return sorted(found)


def _refuse_duplicates(dataset: SyntheticDataset) -> None:
    checks: list[tuple[type[models.Model], str, list[str]]] = [
        (Enterprise, "Enterprise", [e.uscc for e in dataset.enterprises]),
        (Park, "Park", [p.uscc for p in dataset.parks]),
        (EvaluationInstitution, "EvaluationInstitution", [i.uscc for i in dataset.institutions]),
    ]
    for model, label, codes in checks:
        found = _existing(model, "uscc", codes)
        if found:
            raise DuplicateError(
                kind=label,
                key=found[0],
                detail=(
                    f" ({len(found)} of the data set's {len(codes)} credit codes are already in "
                    f"the registry; load the demo data into an empty database)"
                ),
            )


def _clean(objs: Iterable[models.Model], label: str, keys: Sequence[str]) -> None:
    for obj, key in zip(objs, keys, strict=True):
        try:
            obj.clean_fields()
        except ValidationError as err:
            raise ValidationError(f"{label} {key}: {err.message_dict}") from err


def _bulk(model: type[M], objs: list[M]) -> list[M]:
    """Insert ``objs`` in bulk (``COPY`` / ``executemany``) with keys allocated up front."""
    for obj, pk in zip(objs, allocate_ids(model, len(objs)), strict=True):
        obj.pk = pk
    insert_objects(model, objs)
    return objs


def _listing(item: SynthListing, unit: dict[str, Any]) -> Listing:
    return Listing(
        kind=item.kind.value,
        level=item.level.value,
        year=item.year,
        batch=item.batch,
        adcode=item.adcode,
        authority_adcode=item.authority_adcode,
        listed_on=item.listed_on,
        removed_on=item.removed_on,
        removal_reason=item.removal_reason,
        **unit,
    )


def load_dataset(dataset: SyntheticDataset, *, stdout: TextIO | None = None) -> dict[str, int]:
    """Write ``dataset`` into the registry in one transaction; return the row counts."""

    def say(text: str) -> None:
        if stdout is not None:
            stdout.write(text + "\n")
            stdout.flush()

    started = time.perf_counter()
    enterprises = [
        Enterprise(
            uscc=e.uscc,
            name=e.name,
            adcode=e.adcode,
            industry=e.industry,
            legal_representative=e.legal_representative,
            address=e.address,
            established=e.established,
            employees=e.employees,
            output_value_10k_yuan=_money(e.output_value_10k_yuan),
            value_added_10k_yuan=_money(e.value_added_10k_yuan),
            land_area_m2=_money(e.land_area_m2),
            floor_area_m2=_money(e.floor_area_m2),
        )
        for e in dataset.enterprises
    ]
    parks = [
        Park(uscc=p.uscc, name=p.name, adcode=p.adcode, park_level=p.park_level.value)
        for p in dataset.parks
    ]
    institutions = [
        EvaluationInstitution(
            name=i.name,
            uscc=i.uscc,
            legal_representative=i.legal_representative,
            adcode=i.adcode,
            staff_total=i.staff_total,
            evaluators=i.evaluators,
        )
        for i in dataset.institutions
    ]
    _clean(enterprises, "Enterprise", [e.uscc for e in dataset.enterprises])
    _clean(parks, "Park", [p.uscc for p in dataset.parks])
    _clean(institutions, "EvaluationInstitution", [i.uscc for i in dataset.institutions])
    say(f"  validated {len(enterprises) + len(parks) + len(institutions):,} units")

    with transaction.atomic():
        _refuse_duplicates(dataset)
        enterprise_by = {e.uscc: e for e in _bulk(Enterprise, enterprises)}
        park_by = {p.uscc: p for p in _bulk(Park, parks)}
        _bulk(
            ParkMembership,
            [
                ParkMembership(
                    park=park_by[m.park_uscc],
                    enterprise=enterprise_by[m.enterprise_uscc],
                    joined_on=m.joined_on,
                )
                for m in dataset.park_members
            ],
        )
        _bulk(
            SupplierLink,
            [
                SupplierLink(
                    leader=enterprise_by[s.leader_uscc],
                    supplier=enterprise_by[s.supplier_uscc],
                    since=s.since,
                )
                for s in dataset.supplier_links
            ],
        )
        product_objs = _bulk(
            Product,
            [
                Product(
                    enterprise=enterprise_by[p.enterprise_uscc],
                    name=p.name,
                    model=p.model,
                    standard_code=p.standard_code,
                    category=p.category,
                )
                for p in dataset.products
            ],
        )
        product_by = {p.key: obj for p, obj in zip(dataset.products, product_objs, strict=True)}
        _bulk(EvaluationInstitution, institutions)
        listings: list[Listing] = []
        for item in dataset.listings:
            if item.kind.value == Listing.Kind.PARK:
                unit: dict[str, Any] = {"park": park_by[item.unit]}
            elif item.kind.value == Listing.Kind.PRODUCT:
                unit = {"product": product_by[item.unit]}
            else:
                unit = {"enterprise": enterprise_by[item.unit]}
            listings.append(_listing(item, unit))
        _bulk(Listing, listings)
        registry_changed()
    counts = {
        "enterprises": len(enterprises),
        "parks": len(parks),
        "park_members": len(dataset.park_members),
        "supplier_links": len(dataset.supplier_links),
        "products": len(product_objs),
        "institutions": len(institutions),
        "listings": len(listings),
    }
    say(
        "  "
        + ", ".join(f"{name} {n:,}" for name, n in counts.items())
        + f" in {time.perf_counter() - started:.1f} s"
    )
    return counts


def load_demo_data(*, seed: int, scale: float, stdout: TextIO | None = None) -> SyntheticDataset:
    """Generate the synthetic data set for ``seed`` and ``scale`` and load it into the registry.

    A scale ≤ 0 raises :class:`~greenmfg.core.errors.InvalidScaleError` and credit codes
    already in the registry raise :class:`~greenmfg.core.errors.DuplicateError`; in both
    cases nothing is written.  Returns the data set (its ``filings`` feed the other apps'
    demo steps).
    """
    started = time.perf_counter()
    dataset = generate(seed=seed, scale=scale)
    if stdout is not None:
        stdout.write(
            f"  generated seed {seed}, scale {scale:g}: "
            f"{len(dataset.enterprises):,} enterprises, {len(dataset.listings):,} listings, "
            f"{len(dataset.filings):,} filings in {time.perf_counter() - started:.1f} s\n"
        )
    load_dataset(dataset, stdout=stdout)
    return dataset
