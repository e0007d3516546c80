"""Per-filing metrics from the accounted frames, and the one-call entry."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import polars as pl

from greenmfg.core.batch.accounting.computation import account_frames
from greenmfg.core.batch.accounting.frames import frames_from_filings
from greenmfg.core.filing.model import Filing


def metrics_by_filing(per_filing: pl.DataFrame, products: pl.DataFrame) -> list[dict[str, float]]:
    """Metric mappings (same keys and values as ``AccountingResult.metrics()``), by fid."""
    from greenmfg.core.metrics import product_metric

    out: list[dict[str, float]] = []
    prods: dict[int, list[dict[str, Any]]] = {}
    for row in products.iter_rows(named=True):
        prods.setdefault(int(row["fid"]), []).append(row)
    for r in per_filing.sort("fid").iter_rows(named=True):
        m: dict[str, float] = {}
        eq, ev, ren, s1, s2 = r["eq"], r["ev"], r["ren"], r["s1"], r["s2"]
        has_energy = r["n_energy"] > 0
        has_emissions = r["n_lines"] > 0
        total = s1 + s2
        if has_energy:
            m["energy_total_tce"] = eq
            m["energy_total_equal_value_tce"] = ev
            if eq > 0:
                m["renewable_share"] = ren / eq * 100.0
        if has_emissions:
            m["co2_scope1_t"] = s1
            m["co2_scope2_t"] = s2
            m["co2_total_t"] = total
        va, ov = r["value_added_wan"], r["output_value_wan"]
        water, reused = r["water_withdrawal_m3"], r["water_reused_m3"]
        if va:
            if has_energy:
                m["energy_per_value_added"] = eq * 1000.0 / va
            if has_emissions:
                m["co2_per_value_added"] = total * 1000.0 / va
            if water is not None:
                m["water_per_value_added"] = water / va
        if ov:
            if has_energy:
                m["energy_per_output_value"] = eq * 1000.0 / ov
            if has_emissions:
                m["co2_per_output_value"] = total * 1000.0 / ov
        land = r["land_area_m2"]
        if ov is not None:
            if land:
                m["output_per_land_area"] = ov / (land / 10000.0)
            if r["employees"]:
                m["output_per_employee"] = ov / r["employees"]
        plist = prods.get(int(r["fid"]), [])
        for p in plist:
            if p["energy_tce"] is not None:
                m[product_metric("energy_per_product", p["product"])] = (
                    p["energy_tce"] * 1000.0 / p["quantity"]
                )
            if p["co2e_t"] is not None:
                m[product_metric("co2_per_product", p["product"])] = p["co2e_t"] / p["quantity"]
        if water is not None and len(plist) == 1:
            m[product_metric("water_per_product", plist[0]["product"])] = (
                water / plist[0]["quantity"]
            )
        if water is not None and reused is not None:
            denom = reused + water
            if denom > 0:
                m["water_reuse_rate"] = reused / denom * 100.0
        gen, used = r["solid_waste_generated_t"], r["solid_waste_utilised_t"]
        if gen and used is not None:
            m["solid_waste_utilisation_rate"] = used / gen * 100.0
        if land:
            if r["floor_area_m2"] is not None:
                m["floor_area_ratio"] = r["floor_area_m2"] / land
            if r["building_footprint_m2"] is not None:
                m["building_coverage"] = r["building_footprint_m2"] / land * 100.0
        out.append(m)
    return out


def account_filings(filings: Iterable[Filing], **options: Any) -> list[dict[str, float]]:
    """Metrics of many filings through the batch path (convenience for callers with
    Filing objects)."""
    frames = frames_from_filings(list(filings))
    per_filing, products = account_frames(frames, **options)
    return metrics_by_filing(per_filing, products)
