"""How ``scripts/split_module.py`` splits ``greenmfg/core/accounting/engine.py``."""

MAPPING = {
    "default": "calculation",
    "shared": "base",
    "docstrings": {
        "base": "Helpers the accounting engine's steps share.",
        "results": "Accounting results: per energy line, per product and per filing.",
        "checks": "Checks of a filing before accounting, each problem located.",
        "options": "Accounting options: grid scope and basis, GWP set, method choice.",
        "calculation": "The accounting of one filing (核算) and the metrics derived from it.",
    },
    "modules": {
        "results": ["SOURCE_SCOPE", "EnergyLineResult", "ProductResult", "AccountingResult"],
        "checks": ["check_filing", "check_filing_located"],
        "options": ["GridScope", "GridBasis", "GWP_SETS", "check_options", "method_choice"],
        "calculation": ["account", "compute_metrics"],
    },
}
