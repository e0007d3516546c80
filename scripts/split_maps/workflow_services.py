"""How ``scripts/split_module.py`` splits ``greenmfg/platform/workflow/services.py``."""

MAPPING = {
    "default": "applications",
    "shared": "base",
    "docstrings": {
        "base": "Helpers that several workflow service modules share.",
        "rounds": "Application rounds (批次) and their calendar dates.",
        "audit": "The application's content, its audit records (审计链) and their verification.",
        "notifications": "Inbox notifications (通知) and deadline reminders.",
        "applications": (
            "Applications (申报): creation, the state machine's transitions, reports, batches."
        ),
        "review": "Expert review (专家评审): panels, conflict declarations, assignments, scores.",
        "publicity": "Publicity (公示): objections filed against a proposed listing.",
        "cultivation": "Cultivation plans (培育计划).",
        "institutions": "Third-party evaluation institutions (第三方评价机构): reports and records.",
    },
    "modules": {
        # What review_services.py needs too, so that it imports base, not applications.
        "base": ["_check_actor_on", "_lock", "_audit", "_notify", "_users_to_act"],
        "rounds": ["RoundDate", "OPERATOR_SET", "round_date", "round_dates", "round_create"],
        "audit": ["application_content", "to_core_record", "AuditVerification", "audit_verify"],
        "notifications": ["notification_mark_read", "reminders_create"],
        "applications": [
            "LISTED_LEVEL",
            "NATIONAL_STAGE",
            "application_create",
            "national_projects",
            "gather_facts",
            "application_transition",
            "application_attach_report",
            "application_submit",
            "BatchResult",
            "application_transition_batch",
        ],
        "review": [
            "expert_panel_create",
            "expert_conflict_declare",
            "expert_conflicts",
            "expert_assign",
            "expert_assign_batch",
            "expert_score_submit",
        ],
        "publicity": ["OBJECTIONS_PER_HOUR", "objection_file", "objection_resolve"],
        "cultivation": ["cultivation_plan_create"],
        "institutions": ["institution_annual_report_file", "institution_record_create"],
    },
}
