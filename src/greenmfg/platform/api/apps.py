from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "greenmfg.platform.api"
    label = "api"
