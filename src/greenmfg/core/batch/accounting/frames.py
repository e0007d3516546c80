"""Filings as column frames: the schemas and the conversion from filings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from greenmfg.core.accounting.sectors import heat_gj_per_t
from greenmfg.core.batch.accounting.base import _STEAM_CARRIERS, F64
from greenmfg.core.filing.model import Filing

ENERGY_SCHEMA: dict[str, Any] = {
    "fid": pl.UInt32,
    "seq": pl.UInt32,
    "carrier": pl.String,
    "unit": pl.String,
    "quantity": F64,
    "origin": pl.String,
    "ncv_value": F64,
    "ncv_unit": pl.String,
    "cc_value": F64,
    "cc_unit": pl.String,
    "oxidation": F64,
    "ef_value": F64,
    "ef_unit": pl.String,
    "product": pl.String,
    "heat_gj": F64,  # GJ per t of steam / hot water by enthalpy (null: the default)
}


PROCESS_SCHEMA: dict[str, Any] = {
    "fid": pl.UInt32,
    "seq": pl.UInt32,
    "material": pl.String,
    "quantity": F64,
    "unit": pl.String,
    "ef_value": F64,
    "ef_unit": pl.String,
    "purity": F64,
    "cao": F64,
    "mgo": F64,
    "cao_noncarb": F64,
    "mgo_noncarb": F64,
    "product": pl.String,
    "line_json": pl.String,  # the whole line, for the sector rules
}


PRODUCT_SCHEMA: dict[str, Any] = {
    "fid": pl.UInt32,
    "pseq": pl.UInt32,
    "product": pl.String,
    "quantity": F64,
    "unit": pl.String,
    "anode_effect_minutes": F64,
    "concentration": F64,
}


FILING_SCHEMA: dict[str, Any] = {
    "fid": pl.UInt32,
    "year": pl.Int32,
    "adcode": pl.String,
    "industry": pl.String,
    "method": pl.String,
    "output_value_wan": F64,
    "value_added_wan": F64,
    "employees": pl.Int64,
    "water_withdrawal_m3": F64,
    "water_reused_m3": F64,
    "solid_waste_generated_t": F64,
    "solid_waste_utilised_t": F64,
    "land_area_m2": F64,
    "floor_area_m2": F64,
    "building_footprint_m2": F64,
}


_RESOURCES = (
    ("water_withdrawal_m3", "resources", "water_withdrawal", "m3"),
    ("water_reused_m3", "resources", "water_reused", "m3"),
    ("solid_waste_generated_t", "resources", "solid_waste_generated", "t"),
    ("solid_waste_utilised_t", "resources", "solid_waste_utilised", "t"),
    ("land_area_m2", "resources", "land_area", "m2"),
    ("floor_area_m2", "resources", "floor_area", "m2"),
    ("building_footprint_m2", "resources", "building_footprint_area", "m2"),
    ("output_value_wan", "economics", "output_value", "万元"),
    ("value_added_wan", "economics", "value_added", "万元"),
)


class BatchFrames:
    """The four input frames of the batch path."""

    def __init__(
        self,
        filings: pl.DataFrame,
        energy: pl.DataFrame,
        process: pl.DataFrame,
        products: pl.DataFrame,
    ) -> None:
        self.filings = filings
        self.energy = energy
        self.process = process
        self.products = products


def frames_from_filings(filings: Sequence[Filing]) -> BatchFrames:
    """Long frames from validated filings (``fid`` = position in ``filings``)."""
    from greenmfg.core.accounting.engine import _measured, _product_codes

    frows: dict[str, list[Any]] = {k: [] for k in FILING_SCHEMA}
    erows: dict[str, list[Any]] = {k: [] for k in ENERGY_SCHEMA}
    prows: dict[str, list[Any]] = {k: [] for k in PROCESS_SCHEMA}
    qrows: dict[str, list[Any]] = {k: [] for k in PRODUCT_SCHEMA}
    for fid, f in enumerate(filings):
        frows["fid"].append(fid)
        frows["year"].append(f.year)
        frows["adcode"].append(f.enterprise.adcode)
        frows["industry"].append(f.enterprise.industry)
        frows["method"].append(str(f.method) if f.method else None)
        tags = _product_codes(f)
        frows["employees"].append(f.economics.employees)
        for col, section, field, target in _RESOURCES:
            frows[col].append(
                _measured(getattr(getattr(f, section), field), target, f"{section}.{field}: ")
            )
        for seq, ln in enumerate(f.energy):
            erows["fid"].append(fid)
            erows["seq"].append(seq)
            erows["carrier"].append(ln.carrier)
            erows["unit"].append(ln.unit)
            erows["quantity"].append(ln.quantity)
            erows["origin"].append(str(ln.origin))
            erows["ncv_value"].append(ln.ncv.value if ln.ncv else None)
            erows["ncv_unit"].append(ln.ncv.unit if ln.ncv else None)
            erows["cc_value"].append(ln.carbon_content.value if ln.carbon_content else None)
            erows["cc_unit"].append(ln.carbon_content.unit if ln.carbon_content else None)
            erows["oxidation"].append(ln.oxidation)
            erows["ef_value"].append(ln.emission_factor.value if ln.emission_factor else None)
            erows["ef_unit"].append(ln.emission_factor.unit if ln.emission_factor else None)
            erows["product"].append(tags.get(ln.product, ln.product) if ln.product else None)
            erows["heat_gj"].append(
                heat_gj_per_t(
                    ln.carrier, ln.enthalpy, ln.pressure, ln.temperature,
                    where=f"energy line {seq + 1} of filing {fid}: ",
                )
                if ln.carrier in _STEAM_CARRIERS
                else None
            )  # fmt: skip
        base = len(f.energy)
        for seq, p in enumerate(f.process):
            prows["fid"].append(fid)
            prows["seq"].append(base + seq)
            prows["material"].append(p.material)
            prows["quantity"].append(p.quantity)
            prows["unit"].append(p.unit)
            prows["ef_value"].append(p.emission_factor.value if p.emission_factor else None)
            prows["ef_unit"].append(p.emission_factor.unit if p.emission_factor else None)
            for k in ("purity", "cao", "mgo", "cao_noncarb", "mgo_noncarb"):
                prows[k].append(getattr(p, k))
            prows["product"].append(tags.get(p.product, p.product) if p.product else None)
            prows["line_json"].append(p.model_dump_json(exclude_none=True))
        for pseq, q in enumerate(f.products):
            qrows["fid"].append(fid)
            qrows["pseq"].append(pseq)
            qrows["product"].append(q.product)
            qrows["quantity"].append(q.quantity)
            qrows["unit"].append(q.unit)
            qrows["anode_effect_minutes"].append(q.anode_effect_minutes)
            qrows["concentration"].append(q.concentration)
    return BatchFrames(
        pl.DataFrame(frows, schema=FILING_SCHEMA),
        pl.DataFrame(erows, schema=ENERGY_SCHEMA),
        pl.DataFrame(prows, schema=PROCESS_SCHEMA),
        pl.DataFrame(qrows, schema=PRODUCT_SCHEMA),
    )
