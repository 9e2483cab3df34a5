from django.apps import AppConfig


class AssociationLifeConfig(AppConfig):
    name = "opuss.association_life"
    verbose_name = "Vie des AS"
