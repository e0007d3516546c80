"""WBCSD PACT (Pathfinder) ProductFootprint exchange, Technical Specifications 2.3.1.

``pact_import(document)`` validates a supplier's document against the
published schema (packaged as ``core/data/footprint/pact/productfootprint-2.3.1.schema.json``,
checked with the ``jsonschema`` library) and reads the figures a leader needs.

PACT declares per kilogram, litre, m³, kWh, MJ, t·km or m²: a product counted in pieces
is exported per kilogram with ``unitaryProductAmount`` = the mass of one piece, so the
footprint of one piece is ``pCfExcludingBiogenic × unitaryProductAmount``.

Export (a result → a document) lives in :mod:`greenmfg.core.footprint.pact_export`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema.exceptions import best_match

from greenmfg.core.errors import PactInvalidError
from greenmfg.core.footprint.model import SupplierFootprint

__all__ = [
    "SPEC_VERSION",
    "PactFootprint",
    "pact_import",
    "pact_validate",
    "supplier_footprint",
]

SPEC_VERSION = "2.3.1"
# PACT declaredUnit → the unit greenmfg writes
DECLARED_UNITS: dict[str, str] = {
    "kilogram": "kg",
    "liter": "L",
    "cubic meter": "m3",
    "kilowatt hour": "kWh",
    "megajoule": "MJ",
    "ton kilometer": "t*km",
    "square meter": "m2",
}


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    path = (
        resources.files("greenmfg.core")
        / "data"
        / "footprint"
        / "pact"
        / "productfootprint-2.3.1.schema.json"
    )
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def _validator() -> Any:
    schema = _schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def pact_validate(document: Any, *, file: str = "PACT file") -> dict[str, Any]:
    """The ProductFootprint in ``document`` (a ProductFootprint, or ``{"data": …}`` as the
    PACT API answers), or :class:`PactInvalidError` naming the failing path."""
    if (
        isinstance(document, dict)
        and set(document) == {"data"}
        and isinstance(document["data"], dict)
    ):
        document = document["data"]
    if not isinstance(document, dict):
        raise PactInvalidError(
            file=file, spec=SPEC_VERSION, path="/", reason="expected a JSON object"
        )
    error = best_match(_validator().iter_errors(document))
    if error is not None:
        path = "/" + "/".join(str(p) for p in error.absolute_path)
        raise PactInvalidError(file=file, spec=SPEC_VERSION, path=path, reason=error.message)
    return document


@dataclass(frozen=True, slots=True)
class PactFootprint:
    """What a leader reads from a supplier's ProductFootprint."""

    pf_id: str
    company: str
    company_ids: tuple[str, ...]
    product: str
    product_ids: tuple[str, ...]
    cpc: str
    declared_unit: str  # greenmfg unit: kg, L, m3, kWh, MJ, t*km, m2
    unitary_amount: float
    pcf_per_declared_unit: float  # kgCO2e per declared unit
    primary_data_share: float | None  # fraction 0..1
    gwp: str
    period_start: str
    period_end: str
    boundary: str

    @property
    def per_product(self) -> float:
        """kgCO2e of one product (``pcf × unitaryProductAmount``)."""
        return self.pcf_per_declared_unit * self.unitary_amount


def pact_import(document: Any, *, file: str = "PACT file") -> PactFootprint:
    """Validate and read a PACT ProductFootprint."""
    pf = pact_validate(document, file=file)
    pcf = pf["pcf"]
    share = pcf.get("primaryDataShare")
    return PactFootprint(
        pf_id=pf["id"],
        company=pf["companyName"],
        company_ids=tuple(pf["companyIds"]),
        product=pf["productNameCompany"],
        product_ids=tuple(pf["productIds"]),
        cpc=pf["productCategoryCpc"],
        declared_unit=DECLARED_UNITS[pcf["declaredUnit"]],
        unitary_amount=float(pcf["unitaryProductAmount"]),
        pcf_per_declared_unit=float(pcf["pCfExcludingBiogenic"]),
        primary_data_share=None if share is None else float(share) / 100.0,
        gwp=pcf["characterizationFactors"],
        period_start=pcf["referencePeriodStart"],
        period_end=pcf["referencePeriodEnd"],
        boundary=pcf.get("boundaryProcessesDescription", ""),
    )


def supplier_footprint(pf: PactFootprint) -> SupplierFootprint:
    """The supplier factor of a material line: the pcf per declared unit."""
    return SupplierFootprint(
        value=pf.pcf_per_declared_unit,
        unit=f"kgCO2e/{pf.declared_unit}",
        company=pf.company,
        product=pf.product,
        pact_id=pf.pf_id,
    )
