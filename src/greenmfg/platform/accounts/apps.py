from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "greenmfg.platform.accounts"
    label = "accounts"
