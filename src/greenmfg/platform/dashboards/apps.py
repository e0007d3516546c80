from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "greenmfg.platform.dashboards"
    label = "dashboards"
