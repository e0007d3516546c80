"""WBCSD PACT (Pathfinder) ProductFootprint exchange, Technical Specifications 2.3.1.

``pact_export(result)`` builds a ProductFootprint document from a footprint result and
validates it; ``pact_import(document)`` validates a supplier's document against the
published schema (packaged as ``core/data/footprint/pact/productfootprint-2.3.1.schema.json``,
checked with the ``jsonschema`` library) and reads the figures a leader needs.

PACT declares per kilogram, litre, m³, kWh, MJ, t·km or m²: a product counted in pieces
is exported per kilogram with ``unitaryProductAmount`` = the mass of one piece, so the
footprint of one piece is ``pCfExcludingBiogenic × unitaryProductAmount``.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema.exceptions import best_match

from greenmfg.core.errors import GreenmfgError, MissingValueError, PactInvalidError
from greenmfg.core.footprint.engine import STANDARD, FootprintResult
from greenmfg.core.footprint.model import SupplierFootprint
from greenmfg.core.units import factor_to

__all__ = [
    "SPEC_VERSION",
    "PactFootprint",
    "pact_export",
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
_NAMESPACE = uuid.UUID("6f1d1c84-5a7e-4c55-9a43-24067a0c2024")


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


def _dec(x: float) -> str:
    """A PACT decimal string that reads back as exactly ``x``."""
    text = format(Decimal(repr(float(x))), "f")
    return text if "." in text else text + ".0"


def _declared(result: FootprintResult) -> tuple[str, float]:
    """(PACT declaredUnit, declared units of it in one of ours)."""
    unit = result.declared_unit
    for pact_unit, ours in DECLARED_UNITS.items():
        try:
            return pact_unit, factor_to(unit, ours)
        except GreenmfgError:
            continue
    if result.product_mass_kg is None or result.product_mass_kg <= 0:
        raise MissingValueError(
            where="product: ",
            field="mass",
            expected=(
                f"the mass of one {unit}: PACT declares per kilogram, so a product counted "
                f"in {unit} needs its mass"
            ),
        )
    return "kilogram", result.product_mass_kg


def pact_export(
    result: FootprintResult,
    *,
    pf_id: str | None = None,
    created: datetime | None = None,
) -> dict[str, Any]:
    """The PACT 2.3.1 ProductFootprint of ``result`` (validated before it is returned)."""
    if result.gwp_set not in ("AR5", "AR6"):
        raise MissingValueError(
            where="",
            field="gwp_set",
            expected="AR5 or AR6: PACT 2.3 accepts only these characterization factors",
        )
    pact_unit, amount = _declared(result)
    per_declared = result.total_kgco2e_per_unit / amount
    when = (created or datetime.now(tz=UTC)).replace(microsecond=0)
    pid = pf_id or str(
        uuid.uuid5(
            _NAMESPACE, f"{result.uscc}|{result.product}|{result.year}|{result.total_kgco2e!r}"
        )
    )
    stages = ", ".join(f"{k} {v:.6g}" for k, v in result.by_stage.items() if v)
    pcf: dict[str, Any] = {
        "declaredUnit": pact_unit,
        "unitaryProductAmount": _dec(amount),
        "pCfExcludingBiogenic": _dec(max(per_declared, 0.0)),
        "fossilGhgEmissions": _dec(max(per_declared, 0.0)),
        "fossilCarbonContent": "0.0",
        "biogenicCarbonContent": "0.0",
        "characterizationFactors": result.gwp_set,
        "ipccCharacterizationFactorsSources": [result.gwp_set],
        "crossSectoralStandardsUsed": ["ISO Standard 14067"],
        "crossSectoralStandards": ["ISO14067"],
        "boundaryProcessesDescription": (
            f"{STANDARD} {result.boundary}; kgCO2e per {result.declared_unit} by stage: {stages}"
        ),
        "referencePeriodStart": f"{result.year}-01-01T00:00:00Z",
        "referencePeriodEnd": f"{result.year + 1}-01-01T00:00:00Z",
        "geographyCountry": "CN",
        "exemptedEmissionsPercent": 0,
        "exemptedEmissionsDescription": "",
        "packagingEmissionsIncluded": result.packaging_included,
        "allocationRulesDescription": str(result.allocation.get("statement", "")),
    }
    if result.product_mass_kg is not None:
        pcf["productMassPerDeclaredUnit"] = _dec(result.product_mass_kg / amount)
    if result.primary_data_share is not None:
        pcf["primaryDataShare"] = result.primary_data_share * 100.0
    if any(not ln.primary for ln in result.lines):
        pcf["secondaryEmissionFactorSources"] = [
            {"name": "greenmfg footprint factor library", "version": result.library_version}
        ]
    document: dict[str, Any] = {
        "id": pid,
        "specVersion": SPEC_VERSION,
        "version": 1,
        "created": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "status": "Active",
        "comment": (
            f"Computed with greenmfg per {STANDARD} (library {result.library_version}). "
            "Fossil and biogenic carbon content were not assessed and are given as 0."
        ),
        "companyName": result.enterprise,
        "companyIds": [f"urn:uscc:{result.uscc}"],
        "productDescription": f"{result.product} ({result.declared_unit})",
        "productIds": [f"urn:greenmfg:product:{result.uscc}:{result.product}"],
        "productCategoryCpc": result.cpc or "-",
        "productNameCompany": result.product,
        "pcf": pcf,
    }
    return pact_validate(document, file="export")


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
