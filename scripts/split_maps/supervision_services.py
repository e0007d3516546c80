"""How ``scripts/split_module.py`` splits ``greenmfg/platform/supervision/services.py``."""

MAPPING = {
    "default": "units",
    "shared": "base",
    "docstrings": {
        "base": "Helpers that several supervision service modules share.",
        "units": "The listed unit (enterprise or park) a supervision write concerns, and its listing.",
        "filings": (
            "Annual dynamic-management filings (动态管理填报): prefill, drafts, submission."
        ),
        "tables": "The filed table (填报表): validation, key indicators, fingerprint.",
        "bulk": "Many filings submitted in one transaction (批量填报).",
        "checks": "Quality flags (数据质量标记) on submitted filings and the filing audit.",
        "reminders": "Reminders of filing deadlines (填报提醒).",
        "spot_checks": "Spot checks (抽查): the reproducible draw and the recheck record.",
        "removals": "Removal from the list (撤销名单): proposals and decisions.",
        "changes": "Changes a listed unit declares (变更申报) and their verification.",
        "support": "Support measures (支持政策) a listed unit takes up.",
    },
    "modules": {
        "units": [
            "Unit",
            "AUTHORITIES",
            "unit_fields",
            "unit_listings",
            "active_listing",
            "unit_identity",
            "active_listings",
        ],
        "tables": [
            "standard_key_metrics",
            "_validate_table",
            "_table_for",
            "_with_key_indicators",
            "_fingerprint",
        ],
        "filings": [
            "filing_prefill",
            "filing_save_draft",
            "filing_submit",
        ],
        "bulk": ["Submission", "BulkSubmitted", "active_listings_of", "filings_submit_bulk"],
        "checks": [
            "_store_flags",
            "_flag_row",
            "_flag_identical_groups",
            "_flag_identical_group",
            "flag_decide",
            "filing_audit",
        ],
        "reminders": ["reminders_send"],
        "spot_checks": [
            "LOW_PERCENTILE",
            "spot_check_draw",
            "spot_check_reproduce",
            "recheck_record",
        ],
        "removals": ["removal_propose", "removal_decide", "removals_propose_for_year"],
        "changes": ["CHANGE_FIELDS", "change_declare", "change_verify"],
        "support": ["support_uptake_record"],
    },
}
