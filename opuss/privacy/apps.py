from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "opuss.privacy"
    verbose_name = "Données personnelles"
