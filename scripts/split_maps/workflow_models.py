"""How ``scripts/split_module.py`` splits ``greenmfg/platform/workflow/models.py``."""

MAPPING = {
    "default": "applications",
    "shared": "applications",
    "docstrings": {
        "applications": "Application rounds (批次) and applications (申报) with their states.",
        "audit": "The application's hash-chained audit records (审计链).",
        "review": ("Expert review (专家评审): panels, conflict declarations, assignments, scores."),
        "checks": (
            "Formal-check checklist entries (形式审查) and requests for material (补充材料)."
        ),
        "publicity": "Objections filed during publicity (公示) and inbox notifications (通知).",
        "cultivation": "Cultivation plans (培育计划) and their targets.",
        "institutions": (
            "Third-party evaluation institutions (第三方评价机构): records and annual reports."
        ),
    },
    "modules": {
        "applications": ["KIND_CHOICES", "LEVEL_CHOICES", "STATE_CHOICES", "Round", "Application"],
        "audit": ["AuditRecord"],
        "review": ["ExpertPanel", "ConflictDeclaration", "ExpertAssignment", "ExpertScore"],
        "checks": ["ChecklistEntry", "material_path", "MaterialRequest"],
        "publicity": ["Objection", "Notification"],
        "cultivation": ["CultivationPlan", "PlanTarget"],
        "institutions": ["InstitutionRecord", "InstitutionAnnualReport"],
    },
}
