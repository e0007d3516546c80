"""Warnings and notes of the accounting engine (核算提示) as message templates + params.

A :class:`~greenmfg.core.notices.Notice` is the English sentence (it *is* a ``str``, so the CLI prints it and a
test can look for a factor id in it) that also keeps its constant template and its
params.  The platform translates the template (each one below is a msgid of the zh-Hans
catalogue) and fills in the params in the reader's language, as it does for
:class:`~greenmfg.core.errors.ImportIssue`.  A result stores both: ``warnings`` (the
English text) and ``messages`` (template + params).

Every template the engine uses is a constant of this module and listed in
:data:`TEMPLATES`; a test checks that each has a Chinese translation and that the
engine builds its warnings only from these constants.
"""

from __future__ import annotations

from greenmfg.core.notices import Notice, message_dict
from greenmfg.core.notices import (
    _rebuild_notice as _rebuild_notice,  # notices pickled under this name
)

__all__ = [
    "CAUSTIC_SODA_100",
    "EQUAL_VALUE_YEAR_MISSING",
    "GRID_BASIS_NATIONAL_ONLY",
    "GRID_ETS_YEAR_MISSING",
    "GRID_NO_PROVINCIAL",
    "GRID_NO_REGION",
    "GRID_REGIONAL",
    "GRID_YEAR_MISSING",
    "NO_COMBUSTION_FACTOR",
    "PRODUCT_UNASSIGNED",
    "QUOTA_ALTITUDE",
    "QUOTA_CLINKER_SHARE",
    "QUOTA_FEED_GRADE",
    "QUOTA_FURNACE_BAND",
    "QUOTA_HOT_METAL_RATIO",
    "QUOTA_SCRAP_RATIO",
    "RAW_COAL_DEFAULTS",
    "TEMPLATES",
    "Notice",
    "message_dict",
]

# --- energy (GB/T 2589) ---
EQUAL_VALUE_YEAR_MISSING = (
    "Electricity 等价值: no 供电标准煤耗 is tabled for %(year)s; "
    "%(factor_id)s (%(value)s %(unit)s, data year %(data_year)s) is used."
)
# --- fuel combustion (GB/T 32151) ---
RAW_COAL_DEFAULTS = (
    "Raw coal: GB/T 32151 has no raw-coal default; the bituminous-coal NCV, carbon "
    "content and oxidation rate are used."
)
NO_COMBUSTION_FACTOR = (
    "%(carrier)s: no default combustion emission factor; give emission_factor on the "
    "line to count its CO2."
)
# --- purchased electricity (电网排放因子) ---
GRID_NO_PROVINCIAL = "No provincial grid factor for %(region)s; the national factor is used."
GRID_NO_REGION = "Adcode %(adcode)s maps to no regional grid; the national factor is used."
GRID_REGIONAL = (
    "Regional grid %(name)s (%(code)s) from adcode %(adcode)s: mapping status %(status)s."
)
GRID_BASIS_NATIONAL_ONLY = (
    "The %(basis)s grid factor exists only nationally; the national factor is used."
)
GRID_ETS_YEAR_MISSING = (
    "No ETS grid factor is set for %(year)s; "
    "%(factor_id)s (%(value)s %(unit)s, data year %(data_year)s) is used."
)
GRID_YEAR_MISSING = (
    "No grid factor is published for data year %(target)s (accounting year %(year)s); "
    "%(factor_id)s = %(value)s %(unit)s (data year %(data_year)s) is used."
)
# --- products ---
CAUSTIC_SODA_100 = (
    "Product %(product)s: the quantity is taken as 折百 tonnes (100 %% NaOH); give its "
    "concentration to convert a commercial quantity."
)
PRODUCT_UNASSIGNED = (
    "Product %(product)s: no energy line is assigned to it (set product on its lines), "
    "so it has no intensity and no quota grade."
)

# --- quota corrections (限额修正), listed beside a quota grade ---
QUOTA_FURNACE_BAND = "furnace capacity %(capacity)s t < %(below)s t"
QUOTA_ALTITUDE = "altitude: level %(levels)s × %(k)s"
QUOTA_CLINKER_SHARE = "clinker share %(share)s %% (reference %(reference)s %%)"
QUOTA_FEED_GRADE = "feed grade %(grade)s %%: +%(amount)s"
QUOTA_SCRAP_RATIO = "scrap ratio %(ratio)s %%"
QUOTA_HOT_METAL_RATIO = "hot metal ratio %(ratio)s %%"

TEMPLATES: tuple[str, ...] = (
    EQUAL_VALUE_YEAR_MISSING,
    RAW_COAL_DEFAULTS,
    NO_COMBUSTION_FACTOR,
    GRID_NO_PROVINCIAL,
    GRID_NO_REGION,
    GRID_REGIONAL,
    GRID_BASIS_NATIONAL_ONLY,
    GRID_ETS_YEAR_MISSING,
    GRID_YEAR_MISSING,
    CAUSTIC_SODA_100,
    PRODUCT_UNASSIGNED,
    QUOTA_FURNACE_BAND,
    QUOTA_ALTITUDE,
    QUOTA_CLINKER_SHARE,
    QUOTA_FEED_GRADE,
    QUOTA_SCRAP_RATIO,
    QUOTA_HOT_METAL_RATIO,
)
