from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "opuss.accounts"
    verbose_name = "Comptes et rôles"
