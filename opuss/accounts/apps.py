from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "opuss.accounts"
    verbose_name = "Comptes et rôles"

    def ready(self):
        # Signing out forgets the session's record (« Mes sessions »).
        from opuss.accounts import sessions  # noqa: F401
