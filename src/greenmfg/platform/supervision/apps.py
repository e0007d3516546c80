from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "greenmfg.platform.supervision"
    label = "supervision"
