"""Demo footprints: products of the demo city's enterprises get a computed footprint from
a deterministic synthetic input (library factors, the year's electricity), the listed
green design products publish theirs, and one supply-chain leader asks a supplier."""

from __future__ import annotations

import random
from typing import Any, TextIO

from django.db.models import Q
from django.utils import timezone

from greenmfg.core.domain import UnitKind
from greenmfg.platform.common.demo import DemoStep
from greenmfg.platform.footprints import services
from greenmfg.platform.footprints.models import FootprintRequest, ProductFootprint
from greenmfg.platform.registry.models import Listing, Product, SupplierLink

DEMO_CITY = "320500"  # 苏州, the city of the demo enterprise account
DEMO_LIMIT = 60
MATERIALS = ("mat.steel.carbon", "mat.aluminium.primary", "mat.eps_board", "mat.pvc_pipe")


def demo_input(product: Product, year: int) -> dict[str, Any]:
    """A plausible footprint input for ``product`` (deterministic per product)."""
    rng = random.Random(f"{product.enterprise.uscc}|{product.name}|{product.model}")
    quantity = rng.randrange(1000, 50000, 100)
    mass = round(rng.uniform(2, 40), 1)
    materials: list[dict[str, Any]] = []
    for code in rng.sample(MATERIALS, 2):
        materials.append(
            {
                "name": code.split(".")[1],
                "quantity": round(quantity * mass * rng.uniform(0.3, 0.6), 1),
                "unit": "kg",
                "library": code,
            }
        )
    steel_t = float(materials[0]["quantity"]) / 1000
    return {
        "product": {
            "name": product.name,
            "declared_unit": "piece",
            "mass": {"value": mass, "unit": "kg"},
        },
        "year": year,
        "quantity": quantity,
        "materials": materials,
        "energy": [
            {
                "carrier": "electricity",
                "quantity": round(quantity * rng.uniform(5, 40)),
                "unit": "kWh",
                "origin": "grid",
            }
        ],
        "transport": [
            {
                "material": materials[0]["name"],
                "mass": {"value": round(steel_t, 3), "unit": "t"},
                "distance": {"value": rng.randrange(50, 1200, 10), "unit": "km"},
                "mode": rng.choice(["road", "rail"]),
            }
        ],
    }


def footprints_demo(dataset: Any, stdout: TextIO) -> None:
    year = timezone.localdate().year - 1
    products = list(
        Product.objects.filter(enterprise__adcode=DEMO_CITY)
        .select_related("enterprise")
        .order_by("enterprise__uscc", "name", "model")[:DEMO_LIMIT]
    )
    listed = set(
        Listing.objects.filter(
            kind=UnitKind.PRODUCT.value, removed_on__isnull=True, product__in=products
        ).values_list("product_id", flat=True)
    )
    made = published = 0
    for product in products:
        fp = services.footprint_compute(actor=None, product=product, data=demo_input(product, year))
        made += 1
        if product.pk in listed:
            services.footprint_publish(actor=None, footprint=fp, published=True)
            published += 1
    asked = 0
    today = timezone.localdate()
    link = (
        SupplierLink.objects.filter(
            Q(until__isnull=True) | Q(until__gte=today),
            leader__adcode=DEMO_CITY,
            supplier__products__isnull=False,
            since__lte=today,
        )
        .select_related("leader", "supplier")
        .order_by("leader__uscc", "supplier__uscc")
        .first()
    )
    if link is not None:
        supplied = link.supplier.products.order_by("name").first()
        assert supplied is not None
        product = supplied
        request = services.request_create(
            actor=None,
            leader=link.leader,
            supplier=link.supplier,
            product_name=product.name,
            year=year,
            message="请提供该产品的碳足迹（PACT 格式）。",
        )
        answer = ProductFootprint.objects.filter(
            product=product, year=year, is_current=True
        ).first()
        if answer is None:
            answer = services.footprint_compute(
                actor=None, product=product, data=demo_input(product, year)
            )
        services.request_answer(actor=None, request=request, footprint=answer)
        asked = FootprintRequest.objects.count()
    stdout.write(
        f"  product footprints: {made} computed, {published} published, {asked} supplier request(s)\n"
    )


DEMO_STEPS = [DemoStep(order=80, name="product footprints", run=footprints_demo)]
