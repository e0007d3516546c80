"""Generating the whole synthetic population, in batches, with progress."""

from __future__ import annotations

import math
import random
from itertools import accumulate

from greenmfg.core.codes import regions
from greenmfg.core.codes.regions import Region
from greenmfg.core.domain import UnitKind
from greenmfg.core.errors import InvalidScaleError
from greenmfg.synth.generator.base import (
    DEFAULT_SCALE,
    DEFAULT_SEED,
    REMOVALS_FROM,
    YEARS,
    Progress,
    scaled,
)
from greenmfg.synth.generator.filings import _filings
from greenmfg.synth.generator.listings import (
    _institutions,
    _list_year,
    _park_members,
    _remove,
    _supplier_links,
)
from greenmfg.synth.generator.state import _State
from greenmfg.synth.model import (
    SyntheticDataset,
    SynthListing,
)
from greenmfg.synth.reference import national_batches, province_weights


def batch_sizes(kind: UnitKind, scale: float) -> dict[str, int]:
    """National batch sizes of ``kind`` at ``scale``, by batch key (B1 … 2025)."""
    _check_scale(scale)
    return {b.key: scaled(b.sizes[kind], scale) for b in national_batches()}


def _check_scale(scale: float) -> None:
    if not isinstance(scale, int | float) or isinstance(scale, bool) or not scale > 0:
        raise InvalidScaleError(scale=scale)
    if not math.isfinite(scale):
        raise InvalidScaleError(scale=scale)


def generate(
    *, seed: int = DEFAULT_SEED, scale: float = DEFAULT_SCALE, progress: Progress | None = None
) -> SyntheticDataset:
    """Generate the synthetic national data set; identical output for identical arguments."""
    _check_scale(scale)
    report: Progress = progress or (lambda _phase, _done, _total: None)
    rng = random.Random(seed)
    provinces = list(regions.provinces())
    weights = province_weights()
    cities: dict[str, tuple[list[Region], list[float]]] = {}
    for province in provinces:
        units = list(regions.cities(province.adcode))
        city_weights = [rng.lognormvariate(0.0, 0.8) for _ in units]
        # the capital (or the first unit of a municipality) weighs more
        city_weights[0] *= 3.0
        cities[province.adcode] = (units, list(accumulate(city_weights)))
    state = _State(
        rng=rng,
        scale=scale,
        provinces=provinces,
        province_weights=list(accumulate(weights[p.adcode] for p in provinces)),
        cities=cities,
    )
    batches = national_batches()
    for index, year in enumerate(YEARS):
        report("list history", index, len(YEARS))
        if year >= REMOVALS_FROM:
            _remove(state, year)
        for kind in UnitKind:
            _list_year(state, kind, year)
    report("list history", len(YEARS), len(YEARS))
    members = _park_members(state)
    links = _supplier_links(state)
    institutions = _institutions(state)
    filings, abnormal = _filings(state, report)
    listings = tuple(
        SynthListing(
            kind=item.kind,
            level=item.level,
            year=item.year,
            batch=item.batch,
            unit=item.unit,
            adcode=item.adcode,
            authority_adcode=item.authority,
            listed_on=item.listed_on,
            removed_on=item.removed_on,
            removal_code=item.removal,
            removal_reason=item.removal.text if item.removal else "",
        )
        for item in state.listings
    )
    return SyntheticDataset(
        seed=seed,
        scale=scale,
        enterprises=tuple(state.enterprises),
        parks=tuple(state.parks),
        park_members=members,
        supplier_links=links,
        products=tuple(state.products),
        institutions=institutions,
        listings=listings,
        filings=filings,
        abnormal_filings=abnormal,
        batches=batches,
        sources=(
            "national batch sizes: synth/data/national_batches.csv (green_system_rules.md §7)",
            "quota bands: core/data/quotas (factors.md §3, secondary)",
            "province weights: synth/data/province_weights.csv (synthetic assumption, unverified)",
            "regions: core/data/regions (GB/T 2260, 2025-12-31, secondary)",
            "industries: core/data/industries (GB/T 4754-2017, unverified)",
        ),
    )
