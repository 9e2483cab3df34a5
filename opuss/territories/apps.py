from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "opuss.territories"
    verbose_name = "Territoires et établissements"
