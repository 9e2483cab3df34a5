from django.apps import AppConfig


class AffiliationsConfig(AppConfig):
    name = "opuss.affiliations"
    verbose_name = "Affiliations"
