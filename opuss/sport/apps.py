from django.apps import AppConfig


class SportConfig(AppConfig):
    name = "opuss.sport"
    verbose_name = "Sport"
