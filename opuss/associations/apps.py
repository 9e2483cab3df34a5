from django.apps import AppConfig


class AssociationsConfig(AppConfig):
    name = "opuss.associations"
    verbose_name = "Associations sportives"

    def ready(self) -> None:
        from opuss.associations import signals

        signals.connect()
