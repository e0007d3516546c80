"""Writes of the footprints app: permission → validation → compute → save → event, in one
transaction.  The footprint itself is computed once, by :mod:`greenmfg.core.footprint`."""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenmfg.core import jsonsafe
from greenmfg.core.domain import Role
from greenmfg.core.errors import (
    ConflictError,
    FootprintInvalidError,
    GreenmfgError,
    InvalidValueError,
)
from greenmfg.core.footprint import (
    FactorLibrary,
    FootprintFactor,
    compute,
    default_library,
    parse_input,
)
from greenmfg.core.footprint.pact import DECLARED_UNITS, pact_import, pact_validate
from greenmfg.core.footprint.pact_export import pact_export
from greenmfg.core.units import parse_unit
from greenmfg.platform.accounts.scoping import actor_role
from greenmfg.platform.footprints.models import (
    FootprintEvent,
    FootprintRequest,
    ProductFootprint,
    UserFactor,
)
from greenmfg.platform.registry.models import Enterprise, Product, SupplierLink

MAX_PACT_BYTES = 2 * 1024 * 1024


def may_manage(actor: Any, enterprise: Enterprise) -> bool:
    """Only the enterprise's own accounts write its footprints, factors and answers."""
    return actor_role(actor) is Role.ENTERPRISE and actor.enterprise_id == enterprise.pk


def _require_manage(actor: Any, enterprise: Enterprise) -> None:
    """``actor=None`` is the platform itself (the demo)."""
    if actor is not None and not may_manage(actor, enterprise):
        raise PermissionDenied(_("Only the enterprise itself manages its product footprints."))


def _event(
    *,
    actor: Any,
    action: str,
    footprint: ProductFootprint | None = None,
    request: FootprintRequest | None = None,
    **detail: Any,
) -> None:
    FootprintEvent.objects.create(
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        footprint=footprint,
        request=request,
        detail={
            k: v if isinstance(v, str | int | float | bool) or v is None else str(v)
            for k, v in detail.items()
        },
    )


def library_for(enterprise: Enterprise) -> FactorLibrary:
    """The packaged library plus the enterprise's own factors (id ``user.<uscc>.<code>``)."""
    rows = [
        FootprintFactor(
            factor_id=f"user.{enterprise.uscc}.{f.code}",
            kind=f.kind,
            code=f.code,
            name_zh=f.name,
            region=f.region,
            data_year=f.data_year,
            value=f.value,
            unit=f.unit,
            source_doc=f.source_doc,
            clause=f.clause or "-",
            status="user",
            owner=enterprise.uscc,
        )
        for f in UserFactor.objects.filter(enterprise=enterprise).order_by("code")
    ]
    return default_library().with_rows(rows) if rows else default_library()


def _inline_requests(data: dict[str, Any], leader: Enterprise) -> dict[str, Any]:
    """Material lines that name an answered footprint request (``"request": id``) take the
    supplier's PACT footprint from the answer."""
    issues = []
    for i, line in enumerate(data.get("materials") or [], start=1):
        if not isinstance(line, dict) or "request" not in line:
            continue
        ref = line.pop("request")
        req = (
            FootprintRequest.objects.filter(pk=ref if isinstance(ref, int) else -1, leader=leader)
            .select_related("answer")
            .first()
        )
        if (
            req is None
            or req.status != FootprintRequest.Status.ANSWERED
            or req.answer is None
            or not req.answer.pact
        ):
            issues.append(
                {
                    "section": "materials",
                    "line": i,
                    "field": "request",
                    "message": _(
                        "materials line %(line)d, field request: %(ref)s is not an answered footprint request of yours with a PACT footprint"
                    )
                    % {"line": i, "ref": ref},
                }
            )
            continue
        line["pact"] = copy.deepcopy(req.answer.pact)
    if issues:
        raise FootprintInvalidError(file="input", issues=issues)
    return data


def _bind(data: dict[str, Any], product: Product) -> dict[str, Any]:
    bound = copy.deepcopy(data)
    ent = product.enterprise
    bound["enterprise"] = {
        "uscc": ent.uscc,
        "name": ent.name,
        "industry": ent.industry,
        "adcode": ent.adcode,
    }
    prod = dict(bound.get("product") or {})
    prod["name"] = product.name
    if product.model and not prod.get("model"):
        prod["model"] = product.model
    bound["product"] = prod
    return bound


def _store(*, actor: Any, product: Product, year: int, **fields: Any) -> ProductFootprint:
    ProductFootprint.objects.filter(product=product, year=year, is_current=True).update(
        is_current=False
    )
    footprint = ProductFootprint(
        product=product, year=year, created_by=actor, is_current=True, **fields
    )
    footprint.full_clean()
    footprint.save()
    return footprint


@transaction.atomic
def footprint_compute(*, actor: Any, product: Product, data: dict[str, Any]) -> ProductFootprint:
    """Compute and store the footprint of ``product`` from a footprint input; nothing is
    written when the input has problems (:class:`FootprintInvalidError` lists them)."""
    _require_manage(actor, product.enterprise)
    if not isinstance(data, dict):
        raise FootprintInvalidError(
            file="input",
            issues=[
                {
                    "section": "input",
                    "line": None,
                    "field": "-",
                    "message": _("expected a JSON object"),
                }
            ],
        )
    bound = _inline_requests(_bind(data, product), product.enterprise)
    inp = parse_input(bound)
    result = compute(inp, library=library_for(product.enterprise))
    out = result.to_dict()
    pact = None
    try:
        pact = pact_export(result)
    except GreenmfgError as exc:
        out["pact_error"] = exc.message
    footprint = _store(
        actor=actor,
        product=product,
        year=inp.year,
        source=ProductFootprint.Source.COMPUTED,
        input=inp.to_dict(),
        result=out,
        pact=pact,
        declared_unit=inp.product.declared_unit,
        boundary=str(inp.boundary),
        total_kgco2e_per_unit=max(result.total_kgco2e_per_unit, 0.0),
        primary_data_share=result.primary_data_share,
        library_version=result.library_version,
        unverified_factors=result.unverified_count,
    )
    _event(
        actor=actor,
        action="footprint.compute",
        footprint=footprint,
        total=result.total_kgco2e_per_unit,
    )
    return footprint


@transaction.atomic
def footprint_recompute(*, actor: Any, footprint: ProductFootprint) -> ProductFootprint:
    """Compute a stored input again with today's factors (library and own factors); the
    result becomes the year's current footprint and the earlier one is kept."""
    _require_manage(actor, footprint.product.enterprise)
    if footprint.source != ProductFootprint.Source.COMPUTED or not footprint.input:
        raise InvalidValueError(
            where="",
            field="footprint",
            value=footprint.pk,
            expected="a footprint computed on the platform (an uploaded PACT file has no input)",
        )
    return footprint_compute(actor=actor, product=footprint.product, data=footprint.input)


@transaction.atomic
def footprint_upload_pact(
    *, actor: Any, product: Product, content: bytes, file_name: str
) -> ProductFootprint:
    """Store a PACT ProductFootprint (validated against the PACT 2.3.1 schema) as the
    product's footprint for the year its reference period starts in."""
    _require_manage(actor, product.enterprise)
    if len(content) > MAX_PACT_BYTES:
        raise InvalidValueError(
            where=f"{file_name}: ", field="size", value=len(content), expected="at most 2 MB"
        )
    try:
        document = jsonsafe.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidValueError(
            where=f"{file_name}: ", field="content", value="…", expected=f"JSON ({exc})"
        ) from None
    pf = pact_import(document, file=file_name)
    year = int(pf.period_start[:4])
    unit = pf.declared_unit if pf.unitary_amount == 1 else "piece"
    result = {
        "standard": "PACT " + str(document.get("specVersion", "")),
        "product": {"name": product.name, "declared_unit": unit},
        "year": year,
        "boundary": pf.boundary,
        "total_kgco2e_per_unit": pf.per_product,
        "by_stage": None,
        "primary_data_share": pf.primary_data_share,
        "pact": {
            "id": pf.pf_id,
            "company": pf.company,
            "declared_unit": pf.declared_unit,
            "unitary_amount": pf.unitary_amount,
            "pcf_per_declared_unit": pf.pcf_per_declared_unit,
            "gwp": pf.gwp,
            "period": [pf.period_start, pf.period_end],
        },
        "factors_used": [],
        "warnings": [],
    }
    footprint = _store(
        actor=actor,
        product=product,
        year=year,
        source=ProductFootprint.Source.PACT,
        input=None,
        result=result,
        pact=pact_validate(document, file=file_name),
        declared_unit=unit,
        boundary="pact",
        total_kgco2e_per_unit=pf.per_product,
        primary_data_share=pf.primary_data_share,
        library_version="",
        unverified_factors=0,
    )
    _event(actor=actor, action="footprint.upload_pact", footprint=footprint, pact_id=pf.pf_id)
    return footprint


@transaction.atomic
def footprint_publish(
    *, actor: Any, footprint: ProductFootprint, published: bool
) -> ProductFootprint:
    _require_manage(actor, footprint.product.enterprise)
    if published and not footprint.is_current:
        raise ConflictError(detail=_("Only the current footprint of a year can be published."))
    footprint.published = published
    footprint.save(update_fields=["published"])
    _event(
        actor=actor,
        action="footprint.publish" if published else "footprint.unpublish",
        footprint=footprint,
    )
    return footprint


@transaction.atomic
def factor_add(
    *,
    actor: Any,
    enterprise: Enterprise,
    code: str,
    kind: str,
    name: str,
    value: float,
    unit: str,
    source_doc: str,
    clause: str = "",
    data_year: int | None = None,
) -> UserFactor:
    """An own factor with its provenance; its unit must be kgCO2e (or t, g) per a flow unit."""
    _require_manage(actor, enterprise)
    parse_unit(unit, where="unit: ")
    if "/" not in unit:
        raise InvalidValueError(
            where="", field="unit", value=unit, expected="kgCO2e per a unit of flow, e.g. kgCO2e/kg"
        )
    factor = UserFactor(
        enterprise=enterprise,
        code=code,
        kind=kind,
        name=name,
        value=value,
        unit=unit,
        source_doc=source_doc,
        clause=clause,
        data_year=data_year,
        created_by=actor,
    )
    factor.full_clean()
    factor.save()
    _event(
        actor=actor,
        action="factor.add",
        code=code,
        value=value,
        unit=unit,
        enterprise=enterprise.uscc,
    )
    return factor


def supplier_of(leader: Enterprise, supplier: Enterprise) -> bool:
    today = timezone.localdate()
    return (
        SupplierLink.objects.filter(leader=leader, supplier=supplier, since__lte=today)
        .exclude(until__lt=today)
        .exists()
    )


@transaction.atomic
def request_create(
    *,
    actor: Any,
    leader: Enterprise,
    supplier: Enterprise,
    product_name: str,
    year: int,
    message: str = "",
) -> FootprintRequest:
    """A leader asks one of its current suppliers for the footprint of a named product."""
    _require_manage(actor, leader)
    if not supplier_of(leader, supplier):
        raise InvalidValueError(
            where="",
            field="supplier",
            value=supplier.uscc,
            expected="one of your current suppliers (供应商)",
        )
    request = FootprintRequest(
        leader=leader,
        supplier=supplier,
        product_name=product_name.strip(),
        year=year,
        message=message,
        requested_by=actor,
    )
    request.full_clean()
    request.save()
    _event(
        actor=actor,
        action="request.create",
        request=request,
        supplier=supplier.uscc,
        product=product_name,
    )
    return request


@transaction.atomic
def request_answer(
    *, actor: Any, request: FootprintRequest, footprint: ProductFootprint, reply: str = ""
) -> FootprintRequest:
    """The supplier answers with one of its own current footprints that has a PACT form."""
    locked = FootprintRequest.objects.select_for_update().get(pk=request.pk)
    _require_manage(actor, locked.supplier)
    if locked.status != FootprintRequest.Status.OPEN:
        raise ConflictError(detail=_("This request has already been answered or declined."))
    if footprint.product.enterprise_id != locked.supplier_id or not footprint.is_current:
        raise InvalidValueError(
            where="",
            field="footprint",
            value=footprint.pk,
            expected="a current footprint of your own products",
        )
    if not footprint.pact:
        raise InvalidValueError(
            where="",
            field="footprint",
            value=footprint.pk,
            expected="a footprint with a PACT form (give the product's mass per piece to export it)",
        )
    locked.status = FootprintRequest.Status.ANSWERED
    locked.answer = footprint
    locked.reply = reply
    locked.answered_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["status", "answer", "reply", "answered_at"])
    _event(actor=actor, action="request.answer", request=locked, footprint=footprint)
    return locked


@transaction.atomic
def request_decline(*, actor: Any, request: FootprintRequest, reply: str) -> FootprintRequest:
    locked = FootprintRequest.objects.select_for_update().get(pk=request.pk)
    _require_manage(actor, locked.supplier)
    if locked.status != FootprintRequest.Status.OPEN:
        raise ConflictError(detail=_("This request has already been answered or declined."))
    locked.status = FootprintRequest.Status.DECLINED
    locked.reply = reply
    locked.answered_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["status", "reply", "answered_at"])
    _event(actor=actor, action="request.decline", request=locked)
    return locked


def example_input(product: Product, year: int) -> dict[str, Any]:
    """A starting input for the calculator: the product, one library material, the year's
    electricity (factor from the library) and inbound road transport."""
    return {
        "product": {
            "name": product.name,
            "declared_unit": "piece",
            "mass": {"value": 1.0, "unit": "kg"},
        },
        "year": year,
        "quantity": 1000,
        "boundary": "cradle_to_gate",
        "materials": [
            {"name": "钢材", "quantity": 800, "unit": "kg", "library": "mat.steel.carbon"}
        ],
        "energy": [{"carrier": "electricity", "quantity": 1000, "unit": "kWh", "origin": "grid"}],
        "transport": [
            {
                "material": "钢材",
                "mass": {"value": 0.8, "unit": "t"},
                "distance": {"value": 300, "unit": "km"},
                "mode": "road",
            }
        ],
    }


PACT_UNITS = tuple(DECLARED_UNITS)
