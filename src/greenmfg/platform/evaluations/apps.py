from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "greenmfg.platform.evaluations"
    label = "evaluations"
