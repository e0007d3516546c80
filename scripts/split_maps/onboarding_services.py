"""How ``scripts/split_module.py`` splits ``greenmfg/platform/onboarding/services.py``."""

MAPPING = {
    "default": "lists_review",
    "shared": "base",
    "docstrings": {
        "base": "Helpers that several onboarding service modules share.",
        "enterprises": "Enterprise master data (企业主数据) import and renames (曾用名).",
        "lists_upload": "Official list files (公布名单): who may import them, reading, upload.",
        "lists_review": (
            "The review queue of an official list import: staging, matching, row decisions."
        ),
        "lists_apply": "Applying or discarding a reviewed list import, and the CLI import.",
        "past_filings": "Past filings (历史填报) imported from earlier years.",
        "city_tables": "City summary tables (市级汇总表) uploaded by municipal authorities.",
    },
    "modules": {
        "base": ["Row", "list_authority"],
        "enterprises": [
            "enterprise_rename",
            "EnterpriseImportResult",
            "enterprises_import",
        ],
        "lists_upload": [
            "ListFile",
            "list_file_read",
            "list_import_upload",
        ],
        "lists_review": [
            "list_import_confirm",
            "list_row_pick",
            "list_row_create",
            "list_row_reject",
            "list_row_reopen",
        ],
        "lists_apply": [
            "ListCounts",
            "list_import_counts",
            "list_import_apply",
            "list_import_discard",
            "ListImportOutcome",
            "lists_import",
        ],
        "past_filings": ["PastFilingsResult", "past_filings_import"],
        "city_tables": ["CARRIER_ZH", "LEVEL_ZH", "city_of_actor", "city_table_upload"],
    },
}
