from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "greenmfg.platform.workflow"
    label = "workflow"
