from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "opuss.core"
    verbose_name = "Socle"

    def ready(self) -> None:
        import opuss.core.checks  # noqa: F401 - registers the checks
        from opuss.core.auditing import register_models

        register_models()


class OpussAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "opuss.core.admin_site.NationalAdminSite"
