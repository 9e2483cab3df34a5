from django.apps import AppConfig


class SeasonsConfig(AppConfig):
    name = "opuss.seasons"
    verbose_name = "Saisons"
    default_auto_field = "django.db.models.BigAutoField"
