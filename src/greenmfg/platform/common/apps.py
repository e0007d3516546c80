from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "greenmfg.platform.common"
    label = "common"
