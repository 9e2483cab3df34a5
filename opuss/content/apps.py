from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "opuss.content"
    verbose_name = "Contenus"

    def ready(self) -> None:
        from opuss.content import signals

        signals.connect()
