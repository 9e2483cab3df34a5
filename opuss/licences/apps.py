from django.apps import AppConfig


class LicencesConfig(AppConfig):
    name = "opuss.licences"
    verbose_name = "Licenciés et licences"
