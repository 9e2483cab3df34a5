from django.apps import AppConfig


class CompetitionsConfig(AppConfig):
    name = "opuss.competitions"
    verbose_name = "Compétitions"
