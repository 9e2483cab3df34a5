from django.apps import AppConfig


class AssociationsConfig(AppConfig):
    name = "opuss.associations"
    verbose_name = "Associations sportives"
