from django.apps import AppConfig


class JoConfig(AppConfig):
    name = "opuss.jo"
    verbose_name = "Jeunes Officiels"
