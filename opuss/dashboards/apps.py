from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "opuss.dashboards"
    verbose_name = "Tableaux de bord"
