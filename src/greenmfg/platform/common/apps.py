from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "greenmfg.platform.common"
    label = "common"

    def ready(self) -> None:
        # After the admin's autodiscovery: a platform model that its app forgot to
        # register still gets an admin, read-only (writes go through the services).
        from greenmfg.platform.common.admin import register_remaining

        register_remaining()
