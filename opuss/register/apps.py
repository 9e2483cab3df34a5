from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "opuss.register"
    verbose_name = "Registre des AS"
