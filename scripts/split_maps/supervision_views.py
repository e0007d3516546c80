"""How ``scripts/split_module.py`` splits ``greenmfg/platform/supervision/views.py``."""

MAPPING = {
    "default": "filing_pages",
    "shared": "base",
    "docstrings": {
        "base": "Helpers that several supervision view modules share.",
        "filing_pages": (
            "Supervision home, the annual filing form (年度填报), flags, audit queue, report PDF."
        ),
        "sampling": "Spot checks (抽查) and rechecks (复核).",
        "removal_pages": "Removal proposals and decisions (撤销名单).",
        "declarations": "Declared changes (变更申报) and support measures (支持政策).",
    },
    "modules": {
        "filing_pages": [
            "ENTERPRISE_FIELDS",
            "home",
            "filing_form",
            "filing_detail",
            "flag_decide",
            "filing_audit",
            "audit_queue",
            "report_pdf",
        ],
        "sampling": ["spot_checks", "spot_check_detail", "recheck_create"],
        "removal_pages": ["removals", "removal_decide"],
        "declarations": ["changes", "change_verify", "support"],
    },
}
