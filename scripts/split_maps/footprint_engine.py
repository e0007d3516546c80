"""How ``scripts/split_module.py`` splits ``greenmfg/core/footprint/engine.py``."""

MAPPING = {
    "default": "results",
    "shared": "base",
    "docstrings": {
        "base": "Sections of a footprint input and the rules shared by the engine's steps.",
        "parsing": "Reading a footprint input, with every problem located (section, line, field).",
        "coefficients": "Coefficients (kgCO2e per unit) and the unit multipliers of raw lines.",
        "allocation": "Allocation (分配) shares among co-products, GB/T 24067-2024 order.",
        "resolution": "Resolving each input line to its amount, coefficient, share and factors.",
        "results": "The footprint result (per line and per declared unit) and its computation.",
    },
    "modules": {
        "base": ["SHARE_TOLERANCE", "SECTIONS", "ALLOCATED_SECTIONS", "PRIMARY_RULE"],
        "parsing": ["parse_input"],
        "coefficients": ["flow_multiplier", "energy_coefficient", "RawLine", "raw_multipliers"],
        "allocation": ["_shares"],
        "resolution": ["_Resolved", "Resolution", "_user_ref", "resolve_lines"],
        "results": ["LineResult", "FootprintResult", "compute"],
    },
}
