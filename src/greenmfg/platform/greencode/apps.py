from django.apps import AppConfig


class GreencodeConfig(AppConfig):
    name = "greenmfg.platform.greencode"
    label = "greencode"
