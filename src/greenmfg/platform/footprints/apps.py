from django.apps import AppConfig


class FootprintsConfig(AppConfig):
    name = "greenmfg.platform.footprints"
    label = "footprints"
