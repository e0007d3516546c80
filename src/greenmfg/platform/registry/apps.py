from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "greenmfg.platform.registry"
    label = "registry"
