from django.apps import AppConfig


class FilingsConfig(AppConfig):
    name = "greenmfg.platform.filings"
    label = "filings"
