from django.urls import reverse


def log_in(client, username: str, password: str, **extra):
    """Log in through the login form, as a person does (django-axes needs the request)."""
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password, **extra}
    )


def logs_in(client, username: str, password: str) -> bool:
    return log_in(client, username, password).status_code == 302


def confirm_bank_password(client, affiliation_pk: int, password: str):
    """The SR types his password again before he may see or change an AS's IBAN."""
    return client.post(
        reverse("affiliations:bank_password", args=[affiliation_pk]), {"password": password}
    )
