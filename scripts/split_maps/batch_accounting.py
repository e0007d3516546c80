"""How ``scripts/split_module.py`` splits ``greenmfg/core/batch/accounting.py``."""

MAPPING = {
    "default": "metrics",
    "shared": "base",
    "docstrings": {
        "base": "Helpers the batch accounting steps share.",
        "frames": "Filings as column frames: the schemas and the conversion from filings.",
        "tables": "Lookup tables of the batch path: carrier and product combinations, sums.",
        "computation": "Accounting of whole frames at once, line for line as the single path.",
        "metrics": "Per-filing metrics from the accounted frames, and the one-call entry.",
    },
    "modules": {
        "base": ["F64", "_STEAM_CARRIERS"],
        "frames": [
            "ENERGY_SCHEMA",
            "PROCESS_SCHEMA",
            "PRODUCT_SCHEMA",
            "FILING_SCHEMA",
            "BatchFrames",
            "frames_from_filings",
        ],
        "tables": [
            "_KIND_CODE",
            "_pair_key",
            "_combo_table",
            "_unit_table",
            "_key_counts",
            "_sequential_sums",
        ],
        "computation": ["account_frames"],
        "metrics": ["metrics_by_filing", "account_filings"],
    },
}
