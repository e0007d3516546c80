"""Reads of the footprints app: region scoping, own-enterprise access, 404 otherwise."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from greenmfg.core.domain import Role, UnitKind
from greenmfg.platform.accounts.scoping import actor_role, own_enterprise_q, visible_q
from greenmfg.platform.footprints.models import FootprintRequest, ProductFootprint, UserFactor
from greenmfg.platform.registry.models import Listing, Product


def _products_visible(actor: Any) -> Q:
    return visible_q(actor, field="enterprise__adcode", enterprise_field="enterprise")


def product_list(*, actor: Any) -> QuerySet[Product]:
    """Products the actor may see, each with its current footprints prefetched."""
    return (
        Product.objects.filter(_products_visible(actor))
        .select_related("enterprise")
        .prefetch_related(
            Prefetch(
                "footprints",
                queryset=ProductFootprint.objects.filter(is_current=True).order_by("-year"),
                to_attr="current_footprints",
            )
        )
        .order_by("enterprise__name", "name", "model")
    )


def product_get(*, actor: Any, pk: int) -> Product:
    product = (
        Product.objects.filter(_products_visible(actor), pk=pk).select_related("enterprise").first()
    )
    if product is None:
        raise Http404
    return product


def product_footprints(product: Product) -> QuerySet[ProductFootprint]:
    return ProductFootprint.objects.filter(product=product).order_by("-year", "-created_at", "-id")


def footprint_get(*, actor: Any, pk: int) -> ProductFootprint:
    footprint = (
        ProductFootprint.objects.filter(
            visible_q(
                actor, field="product__enterprise__adcode", enterprise_field="product__enterprise"
            ),
            pk=pk,
        )
        .select_related("product", "product__enterprise")
        .first()
    )
    if footprint is None:
        raise Http404
    return footprint


def listed_design_products() -> QuerySet[Listing]:
    return Listing.objects.filter(kind=UnitKind.PRODUCT.value, removed_on__isnull=True)


def footprint_public(*, pk: int) -> ProductFootprint:
    """A published current footprint of a product on a green design product list (绿色设计
    产品名单), or 404."""
    footprint = (
        ProductFootprint.objects.filter(
            pk=pk,
            published=True,
            is_current=True,
            product__in=listed_design_products().values("product"),
        )
        .select_related("product", "product__enterprise")
        .first()
    )
    if footprint is None:
        raise Http404
    return footprint


def public_footprints() -> QuerySet[ProductFootprint]:
    return ProductFootprint.objects.filter(
        published=True,
        is_current=True,
        product__in=listed_design_products().values("product"),
    ).select_related("product", "product__enterprise")


def _requests_visible(actor: Any) -> Q:
    if actor_role(actor) is Role.ENTERPRISE:
        return own_enterprise_q(actor, "leader") | own_enterprise_q(actor, "supplier")
    return visible_q(actor, field="leader__adcode")


def request_list(*, actor: Any) -> QuerySet[FootprintRequest]:
    return (
        FootprintRequest.objects.filter(_requests_visible(actor))
        .select_related("leader", "supplier", "answer", "answer__product")
        .order_by("-created_at", "-id")
    )


def request_get(*, actor: Any, pk: int) -> FootprintRequest:
    request = request_list(actor=actor).filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


def user_factors(*, enterprise: Any) -> QuerySet[UserFactor]:
    return UserFactor.objects.filter(enterprise=enterprise).order_by("code")


def footprint_share(*, enterprise: Any, year: int) -> float | None:
    """GB/T 36132-2025 GP3: the share (%) of the enterprise's products with a carbon
    footprint (GB/T 24067) on file for ``year``; ``None`` when it has no product."""
    products = Product.objects.filter(enterprise=enterprise)
    total = products.count()
    if total == 0:
        return None
    with_fp = products.filter(footprints__year=year, footprints__is_current=True).distinct().count()
    return with_fp / total * 100.0


def previous_footprint(footprint: ProductFootprint) -> ProductFootprint | None:
    """The footprint of the same product and year stored just before this one."""
    return (
        ProductFootprint.objects.filter(
            product=footprint.product_id, year=footprint.year, created_at__lte=footprint.created_at
        )
        .exclude(pk=footprint.pk)
        .filter(pk__lt=footprint.pk)
        .order_by("-pk")
        .first()
    )
