from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "opuss.core"
    verbose_name = "Socle"

    def ready(self) -> None:
        import opuss.core.checks  # noqa: F401 - registers the checks
        import opuss.core.lookups  # noqa: F401 - registers `__any`
        from opuss.core.auditing import register_models

        register_models()
        connect_request_ids()
        from opuss.core import search

        search.connect()  # the unaccent function of SQLite, and the `unaccented` lookup


def connect_request_ids() -> None:
    """Log lines carry the id of their request, or of their task in a worker (core/logs.py)."""
    from django.core.signals import request_finished, request_started
    from django_tasks.signals import task_finished, task_started

    from opuss.core import logs

    request_started.connect(logs.on_request_started, dispatch_uid="opuss-request-id")
    request_finished.connect(logs.on_request_finished, dispatch_uid="opuss-request-id")
    task_started.connect(logs.on_task_started, dispatch_uid="opuss-request-id")
    task_finished.connect(logs.on_task_finished, dispatch_uid="opuss-request-id")


class OpussAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "opuss.core.admin_site.NationalAdminSite"
