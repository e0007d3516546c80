"""Loading the synthetic national data set into the registry (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.db.models import Count, F

from greenmfg.core.domain import ListLevel, UnitKind
from greenmfg.core.errors import DuplicateError, InvalidScaleError
from greenmfg.platform.registry.demo_data import load_demo_data
from greenmfg.platform.registry.models import (
    Enterprise,
    EvaluationInstitution,
    Listing,
    Park,
    ParkMembership,
    Product,
    SupplierLink,
)
from greenmfg.synth import generate

SEED = 11
SCALE = 0.01

pytestmark = pytest.mark.django_db


def _table_counts() -> dict[str, int]:
    return {
        "enterprises": Enterprise.objects.count(),
        "parks": Park.objects.count(),
        "park_members": ParkMembership.objects.count(),
        "supplier_links": SupplierLink.objects.count(),
        "products": Product.objects.count(),
        "institutions": EvaluationInstitution.objects.count(),
        "listings": Listing.objects.count(),
    }


def test_counts_match_the_data_set() -> None:
    out = io.StringIO()
    dataset = load_demo_data(seed=SEED, scale=SCALE, stdout=out)
    assert dataset == generate(seed=SEED, scale=SCALE)
    expected = {
        k: v for k, v in dataset.counts().items() if k not in ("filings", "abnormal_filings")
    }
    assert _table_counts() == expected
    assert "enterprises" in out.getvalue()
    in_db = Counter(Listing.objects.values_list("level", "kind"))
    assert dict(in_db) == dataset.listing_counts()
    for kind in UnitKind:
        per_batch = Counter(
            Listing.objects.filter(level=ListLevel.NATIONAL, kind=kind).values_list(
                "batch", flat=True
            )
        )
        by_key = {b.label_zh: b.key for b in dataset.batches}
        assert {by_key[label]: n for label, n in per_batch.items()} == {
            k: n for k, n in dataset.national_batch_counts(kind).items() if n
        }


def test_listings_are_consistent() -> None:
    dataset = load_demo_data(seed=SEED, scale=SCALE)
    # a listing's region is its unit's region
    assert (
        not Listing.objects.filter(enterprise__isnull=False)
        .exclude(adcode=F("enterprise__adcode"))
        .exists()
    )
    assert not Listing.objects.filter(park__isnull=False).exclude(adcode=F("park__adcode")).exists()
    assert (
        not Listing.objects.filter(product__isnull=False)
        .exclude(adcode=F("product__enterprise__adcode"))
        .exists()
    )
    # every national listing has a provincial listing of the same unit, the same year or earlier
    provincial = {
        (row[0], row[1] or row[2] or row[3]): row[4]
        for row in Listing.objects.filter(level=ListLevel.PROVINCIAL)
        .order_by("-year")
        .values_list("kind", "enterprise_id", "park_id", "product_id", "year")
    }
    nationals = list(
        Listing.objects.filter(level=ListLevel.NATIONAL).values_list(
            "kind", "enterprise_id", "park_id", "product_id", "year"
        )
    )
    assert nationals
    for kind, enterprise, park, product, year in nationals:
        assert provincial[(kind, enterprise or park or product)] <= year
    # removals carry their reason; the same share as in the data set
    removed = Listing.objects.filter(removed_on__isnull=False)
    assert removed.count() == sum(1 for lst in dataset.listings if lst.removed_on)
    assert not removed.filter(removal_reason="").exists()
    # authority region per level
    assert (
        not Listing.objects.filter(level=ListLevel.NATIONAL).exclude(authority_adcode="").exists()
    )
    assert (
        not Listing.objects.filter(level=ListLevel.MUNICIPAL)
        .exclude(authority_adcode=F("adcode"))
        .exists()
    )
    # parks have members, supply-chain leaders suppliers
    assert Park.objects.annotate(n=Count("memberships")).filter(n=0).count() == 0
    leaders = Enterprise.objects.filter(listings__kind=UnitKind.SUPPLY_CHAIN).distinct()
    assert leaders.exists()
    assert leaders.annotate(n=Count("supplier_links")).filter(n=0).count() == 0


def test_loading_twice_is_refused_and_writes_nothing() -> None:
    load_demo_data(seed=SEED, scale=SCALE)
    before = _table_counts()
    with pytest.raises(DuplicateError) as info:
        load_demo_data(seed=SEED, scale=SCALE)
    assert info.value.params["kind"] == "Enterprise"
    assert "already in the registry" in str(info.value)
    assert _table_counts() == before


def test_bad_scale_writes_nothing() -> None:
    with pytest.raises(InvalidScaleError):
        load_demo_data(seed=SEED, scale=0)
    with pytest.raises(InvalidScaleError):
        load_demo_data(seed=SEED, scale=-1)
    assert set(_table_counts().values()) == {0}
