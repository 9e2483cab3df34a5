"""System checks of an installation (`opuss check --deploy`)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def legal_host_is_named(app_configs, **kwargs) -> list[checks.CheckMessage]:
    if settings.LEGAL_HOST.strip():
        return []
    return [
        checks.Warning(
            "LEGAL_HOST is empty: the « Mentions légales » page does not name the host.",
            hint="Set LEGAL_HOST to the host's name, address and telephone number.",
            id="opuss.W001",
        )
    ]
