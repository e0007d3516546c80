"""A footprint result as a WBCSD PACT ProductFootprint document (Technical
Specifications 2.3.1), validated against the published schema before it is returned
(see :mod:`greenmfg.core.footprint.pact` for the schema and the import side)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from greenmfg.core.errors import GreenmfgError, MissingValueError
from greenmfg.core.footprint.engine import FootprintResult
from greenmfg.core.footprint.model import STANDARD
from greenmfg.core.footprint.pact import DECLARED_UNITS, SPEC_VERSION, pact_validate
from greenmfg.core.units import factor_to

__all__ = ["pact_export"]

# A footprint's PACT id is a name-based UUID in this namespace (stable for the same figures).
_NAMESPACE = uuid.UUID("6f1d1c84-5a7e-4c55-9a43-24067a0c2024")


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
