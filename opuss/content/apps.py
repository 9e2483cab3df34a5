from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "opuss.content"
    verbose_name = "Contenus"
