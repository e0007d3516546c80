from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "greenmfg.platform.accounts"
    label = "accounts"

    def ready(self) -> None:
        # counts failed logins per address and per account (signal receiver)
        from greenmfg.platform.accounts import throttle  # noqa: F401
