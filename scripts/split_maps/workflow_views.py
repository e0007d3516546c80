"""How ``scripts/split_module.py`` splits ``greenmfg/platform/workflow/views.py``."""

MAPPING = {
    "default": "applications",
    "shared": "base",
    "docstrings": {
        "base": "Helpers that several workflow view modules share.",
        "applications": "Pages of one application (申报): list, detail, actions, reports.",
        "review": (
            "Review pages (评审): checklist, requests for material, queue, panels, scoring."
        ),
        "lists": "Publicity (公示), objections and the annual lists (年度名单).",
        "planning": "Inbox, cultivation plans, rounds (批次) and conflict declarations.",
        "third_parties": "Third-party institutions (第三方评价机构) and API tokens.",
    },
    "modules": {
        "applications": [
            "my_applications",
            "application_detail",
            "application_act",
            "attach_report",
        ],
        "review": [
            "MATERIAL_ANSWER_DAYS",
            "checklist_record",
            "material_request",
            "material_answer",
            "material_file",
            "queue",
            "diagnostics",
            "assign_experts",
            "objections",
            "expert_home",
            "expert_score",
            "batch_assign",
        ],
        "lists": [
            "publicity",
            "objection_form",
            "annual_list",
            "annual_list_xlsx",
            "annual_list_pdf",
        ],
        "planning": ["inbox", "plans", "rounds", "conflict_declare"],
        "third_parties": ["institutions", "institution_detail", "api_tokens", "institution_report"],
    },
}
