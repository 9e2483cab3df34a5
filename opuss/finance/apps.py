from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "opuss.finance"
    verbose_name = "Finances"
