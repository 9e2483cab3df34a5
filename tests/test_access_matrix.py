"""Who may open which URL. Every URL of the project is enumerated from the resolver and must be
declared here: a new page that is not in the table fails this test until someone says who may
see it.

Expectations: 200 (shown), LOGIN (sent to the login page), 404 (does not exist for him),
HOME (sent to his home), 405 (wrong method: the URL takes POST only)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import (  # noqa: F401 - names used by the table below
    ACTORS,
    HOME,
    LOGIN,
    POST_ONLY,
    PUBLIC,
    SIDE_A_AS,
    STAFF,
    everyone,
    only,
    rules_from_modules,
)

pytestmark = pytest.mark.django_db


def with_bank_account(w):
    """Side A's pending affiliation, its SR having entered the AS's bank details."""
    from opuss.finance.models import BankAccount

    BankAccount.objects.get_or_create(
        association=w.affiliation.association,
        rum="UNSS-MATRIX-001",
        defaults={
            "holder": "AS",
            "iban": "FR7630006000011234567890189",
            "bic": "AGRIFRPPXXX",
            "created_by": w.a.sr,
        },
    )
    return {"code": w.affiliation.association.code}


# name -> (kwargs from the world, expectations)
MATRIX = {
    "core:home": (None, everyone(HOME, anonymous=LOGIN)),
    "core:switch_role": (None, everyone(405, anonymous=LOGIN)),
    "core:staff_home": (None, only(STAFF)),
    "core:terms": (None, PUBLIC),
    "core:cookies": (None, PUBLIC),
    "core:health": (None, PUBLIC),
    "accounts:login": (None, everyone(HOME, anonymous=200)),
    "accounts:logout": (None, everyone(405, anonymous=LOGIN)),
    "accounts:first_connection": (None, PUBLIC),
    "accounts:password_reset": (None, PUBLIC),
    "accounts:password_reset_confirm": (lambda w: {"uidb64": "MQ", "token": "x-y"}, PUBLIC),
    "accounts:password_change": (None, everyone(200, anonymous=LOGIN)),
    "accounts:no_role": (None, everyone(200, anonymous=LOGIN)),
    "seasons:fee_simulator": (None, PUBLIC),
    "associations:list": (None, only(STAFF)),
    "associations:detail": (lambda w: {"code": w.a.association.code}, only(SIDE_A_AS)),
    "associations:licences": (lambda w: {"code": w.a.association.code}, only(SIDE_A_AS)),
    "seasons:circular": (lambda w: {"label": "2025-2026"}, PUBLIC),
    "affiliations:form": (
        lambda w: {"code": w.affiliation.association.code},
        only({"teacher", "secretary"}),
    ),
    "affiliations:start": (lambda w: {"code": w.a.association.code}, POST_ONLY),
    "affiliations:transmit": (lambda w: {"code": w.a.association.code}, POST_ONLY),
    "affiliations:enrolment": (
        lambda w: {"code": w.affiliation.association.code},
        only({"teacher", "secretary", "sr", "dn"}),
    ),
    "affiliations:worklist": (None, only(STAFF)),
    "affiliations:review": (lambda w: {"pk": w.affiliation.pk}, only({"sd", "sr", "dn"})),
    "affiliations:send_back": (lambda w: {"pk": w.affiliation.pk}, POST_ONLY),
    "affiliations:affiliate": (lambda w: {"pk": w.affiliation.pk}, POST_ONLY),
    "affiliations:bank_details": (lambda w: {"pk": w.affiliation.pk}, POST_ONLY),
    # Printed documents (PDF): the form for whoever sees the affiliation; the mandate for the AS
    # and those who decide (SR, DN); the invoice only once affiliated, so side A's pending
    # affiliation has none for anyone (its 200 is in tests/affiliations/test_documents.py).
    "affiliations:pdf_form": (
        lambda w: {"code": w.affiliation.association.code},
        only({"teacher", "secretary", "sd", "sr", "dn"}),
    ),
    # The mandate shows the full IBAN: the SR and DN are first sent to confirm their password
    # (tests/finance/test_bank_masking.py).
    "affiliations:pdf_mandate": (
        with_bank_account,
        only({"teacher", "secretary"}) | {"sr": HOME, "dn": HOME},
    ),
    "affiliations:pdf_invoice": (lambda w: {"code": w.affiliation.association.code}, only(set())),
    "licences:pupil_home": (None, only({"pupil", "pupil_b"})),
    "licences:pupil_licences": (None, only({"pupil", "pupil_b"})),
    "licences:pupil_renewal": (None, only({"pupil", "pupil_b"})),
    "licences:pupil_contact": (None, only({"pupil", "pupil_b"})),
    "licences:pupil_detail": (lambda w: {"pk": w.a.licence.pupil.pk}, only(SIDE_A_AS | {"pupil"})),
    # Districts and AS management: the SD manages his department's districts and moves an AS
    # between them; the SR (his académie) and DN also create an AS and change its e-mail.
    "territories:district_list": (None, only(STAFF)),
    "territories:district_create": (None, only(STAFF)),
    "territories:district_edit": (
        lambda w: {"pk": w.a.association.district.pk},
        only({"sd", "sr", "dn"}),
    ),
    "associations:create": (None, only({"sr", "dn", "sr_b"})),
    "associations:manage": (lambda w: {"code": w.a.association.code}, only({"sd", "sr", "dn"})),
    "associations:move_district": (lambda w: {"code": w.a.association.code}, POST_ONLY),
    "associations:change_email": (lambda w: {"code": w.a.association.code}, POST_ONLY),
}
MATRIX |= rules_from_modules()



def url_names(patterns=None, namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def is_admin(name: str) -> bool:
    return name.startswith("admin:")


def test_every_url_is_declared():
    missing = {name for name in url_names() if not is_admin(name)} - set(MATRIX)
    assert not missing, f"URLs without a declared access rule: {sorted(missing)}"


def test_every_declared_url_exists():
    assert set(MATRIX) <= set(url_names())


def check(client, world, actor: str, url: str, expected):
    client.logout()
    user = world.actor(actor)
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    if expected == LOGIN:
        assert response.status_code == 302, (actor, url, response.status_code)
        landed = client.get(url, follow=True)
        assert landed.request["PATH_INFO"] == reverse("accounts:login"), (actor, url)
    elif expected == HOME:
        assert response.status_code == 302, (actor, url, response.status_code)
        assert not response["Location"].startswith(reverse("accounts:login")), (actor, url)
    else:
        assert response.status_code == expected, (actor, url, response.status_code)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access(client, world, name):
    """Every actor in turn (one world per URL keeps the suite fast)."""
    kwargs_of, expectations = MATRIX[name]
    url = reverse(name, kwargs=kwargs_of(world) if kwargs_of else None)
    for actor in ACTORS:
        check(client, world, actor, url, expectations[actor])


def admin_urls(world):
    """The admin index and each model's list: enough to prove the guard on the whole site,
    which wraps every admin view the same way."""
    from django.contrib import admin

    yield reverse("admin:index")
    for model in admin.site._registry:
        yield reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.parametrize("actor", ACTORS)
def test_the_admin_is_for_the_national_direction_only(client, world, actor):
    expected = {"anonymous": LOGIN, "dn": 200}.get(actor, 404)
    for url in admin_urls(world):
        check(client, world, actor, url, expected)


def test_every_admin_url_is_guarded(client, world):
    """Admin views that take an object answer 404 to a non-DN user too."""
    client.force_login(world.a.sr)
    assert client.get(reverse("admin:app_list", args=["licences"])).status_code == 404
    assert (
        client.get(reverse("admin:licences_licence_change", args=[world.a.licence.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("admin:accounts_user_change", args=[world.a.sr.pk])).status_code == 404
    )
