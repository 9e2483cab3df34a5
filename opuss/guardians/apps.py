from django.apps import AppConfig


class GuardiansConfig(AppConfig):
    name = "opuss.guardians"
    verbose_name = "Responsables légaux"
