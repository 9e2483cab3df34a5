from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "opuss.demo"
    verbose_name = "Données de démonstration"
