"""Who may write through which URL. Every URL that takes a POST is declared, with a body that
works for the allowed actors: each actor in turn posts it (anonymous, side A's roles, DN, side B's
roles), the allowed ones must change something, and the others must get their refusal with the
database exactly as it was, no audit entry and no e-mail waiting for the commit.

Then the inner ids: a URL with side A's code and an id of side B's object inside it (a basket
line, an entry, a licence...) is a 404 and changes nothing, even for DN, who sees both.

Each actor posts inside a savepoint rolled back afterwards (tests/writes.py), so that every one
of them meets the same world, built once per URL."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import (
    ACTORS,
    DONE,
    HOME,
    LOGIN,
    Write,
    affiliated_a,
    body_of,
    everyone,
    tables_from_modules,
    writers,
)
from tests.factories import (
    PASSWORD,
    AffiliationFactory,
    BankAccountFactory,
    DistrictFactory,
    EstablishmentFactory,
)
from tests.test_access_matrix import MATRIX
from tests.writes import (  # noqa: F401 - fixtures
    database_state,
    effects_since,
    fast_passwords,
    in_season,
    post_as,
    rolled_back,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_season", "fast_passwords")]

NEW_PASSWORD = "un autre mot de passe encore plus long"


# --- the base table: core, accounts, affiliations, AS and districts -------------------------


def md5_passwords(w):
    from django.contrib.auth.hashers import make_password

    for user in filter(None, map(w.actor, ACTORS)):
        user.password = make_password(PASSWORD)
        user.save(update_fields=["password"])


def code_a(w):
    return {"code": w.a.association.code}


def draft_a(w):
    """Side A's form of the season, complete and still a draft."""
    return AffiliationFactory(association=w.a.association, season=w.season, state="DRAFT")


def affiliation_body(affiliation, **changes) -> dict:
    from opuss.affiliations.forms import (
        AffiliationForm,
        AnimateurFormSet,
        SectionFormSet,
        officer_forms,
    )

    forms = [
        AffiliationForm(instance=affiliation),
        *(form for _, form in officer_forms(affiliation)),
        AnimateurFormSet(instance=affiliation, prefix="animateurs"),
        SectionFormSet(instance=affiliation, prefix="sections"),
    ]
    return body_of(*forms) | changes


def draft_code_a(w):
    draft_a(w)
    return code_a(w)


def draft_body(w, k):
    from opuss.affiliations.models import Affiliation

    affiliation = Affiliation.objects.get(association__code=k["code"], season=w.season)
    return affiliation_body(affiliation, boys="320")


def pending_a(w):
    return {"pk": w.affiliation.pk}


def pending_with_bank_a(w):
    BankAccountFactory(association=w.a.association, created_by=w.a.sr)
    return pending_a(w)


def affiliated_code_a(w):
    affiliated_a(w)
    return code_a(w)


def creation_kwargs(w):
    EstablishmentFactory(department=w.a.association.department)
    return None


def creation_body(w, k):
    from opuss.territories.models import Establishment

    return {
        "establishment": Establishment.objects.get(
            associations=None, department=w.a.association.department
        ).pk,
        "code": "24002",
        "department": "",
        "district": w.a.association.district_id,
        "civility": "MME",
        "last_name": "Nouvelle",
        "first_name": "Secrétaire",
        "email": "secretaire.24002@example.fr",
    }


def other_district_a(w):
    DistrictFactory(department=w.a.association.department, label="68-Autre district")
    return code_a(w)


def other_district_body(w, k):
    from opuss.territories.models import District

    district = District.objects.get(label="68-Autre district")
    return {"district": district.pk}


def last_licensed_last_season_a(w):
    """Side A's pupil was licensed last season, not yet this one: he may ask to renew."""
    from opuss.licences.models import Licence
    from tests.factories import SeasonFactory

    last = SeasonFactory(start_year=2024, is_current=False)
    Licence.objects.filter(pk=w.a.licence.pk).update(season=last)


def with_as_addresses(w):
    from opuss.associations.models import SportsAssociation

    for side in (w.a, w.b):
        address = f"as.{side.association.code}@example.fr"
        SportsAssociation.objects.filter(pk=side.association.pk).update(email=address)


WRITES = {
    # The space of a person holding several roles: only his own assignments exist for him.
    "core:switch_role": Write(
        None,
        lambda w, k: {"assignment": w.a.teacher.role_assignments.get().pk},
        everyone(404, anonymous=LOGIN) | {"teacher": 302},
    ),
    # Logging in (the last login's time); a person already logged in goes home.
    "accounts:login": Write(
        md5_passwords,
        lambda w, k: {"username": w.a.teacher.email, "password": PASSWORD},
        everyone(HOME, anonymous=DONE),
    ),
    "accounts:logout": Write(None, lambda w, k: {}, everyone(302, anonymous=LOGIN)),
    # Public forms that e-mail a link (after the commit), whoever asks.
    "accounts:first_connection": Write(
        None,
        lambda w, k: {
            "licence_number": w.a.licence.number,
            "birth_date": w.a.licence.pupil.birth_date.isoformat(),
        },
        everyone(DONE),
    ),
    "accounts:password_reset": Write(
        None, lambda w, k: {"login": w.a.teacher.email}, everyone(DONE)
    ),
    # A wrong link: the page says so and changes nothing.
    "accounts:password_reset_confirm": Write(
        lambda w: {"uidb64": "MQ", "token": "x-y"},
        lambda w, k: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        everyone(200),
    ),
    "accounts:password_change": Write(
        md5_passwords,
        lambda w, k: {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        everyone(DONE, anonymous=LOGIN),
    ),
    # The pupil's own space: his request, his messages (side B's pupil is licensed already).
    "licences:pupil_renewal": Write(
        last_licensed_last_season_a,
        lambda w, k: {"message": "Je voudrais continuer le volley."},
        writers({"pupil"}) | {"pupil_b": 200},
    ),
    "licences:pupil_contact": Write(
        with_as_addresses,
        lambda w, k: {
            "subject": "Entraînement de mercredi",
            "body": "Est-il maintenu malgré la pluie ?",
            "reply_to": "eleve@example.fr",
        },
        writers({"pupil", "pupil_b"}),
    ),
    # The AS fills in its own form; the services decide.
    "affiliations:start": Write(code_a, lambda w, k: {}, writers({"teacher", "secretary"})),
    "affiliations:transmit": Write(
        draft_code_a, lambda w, k: {}, writers({"teacher", "secretary"})
    ),
    "affiliations:form": Write(draft_code_a, draft_body, writers({"teacher", "secretary"})),
    "affiliations:enrolment": Write(
        affiliated_code_a,
        lambda w, k: {"establishment_type": "LYC", "boys": "320", "girls": "290", "deducted": "0"},
        writers({"teacher", "secretary", "sr", "dn"}),
    ),
    "affiliations:send_back": Write(
        pending_a,
        lambda w, k: {"comment": "Le SIRET est celui de l'établissement."},
        writers({"sr", "dn"}),
    ),
    "affiliations:affiliate": Write(
        pending_with_bank_a, lambda w, k: {"verified": "on"}, writers({"sr", "dn"})
    ),
    # The bank details and the password typed again before them: tests/access/bank.py.
    # A new AS in side A's académie: side B's SR may create AS, not with A's establishment.
    "associations:create": Write(
        creation_kwargs, creation_body, writers({"sr", "dn"}) | {"sr_b": 200}
    ),
    "associations:move_district": Write(
        other_district_a, other_district_body, writers({"sd", "sr", "dn"})
    ),
    "associations:change_email": Write(
        code_a,
        lambda w, k: {
            "email": "nouvelle.adresse.24001@example.fr",
            "civility": "M",
            "last_name": "Nouveau",
            "first_name": "Secrétaire",
        },
        writers({"sr", "dn"}),
    ),
    # Districts: side B's services manage theirs, not in side A's department.
    "territories:district_create": Write(
        None,
        lambda w, k: {"label": "68-Nouveau district", "department": w.a.association.department_id},
        writers({"sd", "sr", "dn"}) | {"sd_b": 200, "sr_b": 200},
    ),
    "territories:district_edit": Write(
        lambda w: {"pk": w.a.association.district_id},
        lambda w, k: {"label": "68-District renommé"},
        writers({"sd", "sr", "dn"}),
    ),
}
WRITES |= tables_from_modules("WRITES")

# URLs with two ids that are not an outer object and one of its own.
NO_INNER_ID = {
    "accounts:password_reset_confirm": "a user's id and the token that proves it",
    "association_life:entry": "a season's label: reference data every AS shares",
}
INNER_IDS = tables_from_modules("INNER_IDS")


# --- the checks -----------------------------------------------------------------------------


def url_patterns(patterns=None, namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def post(client, world, actor, url, write: Write, kwargs, data=None):
    session = write.session(world, kwargs) if write.session else None
    body = write.data(world, kwargs) if data is None else data
    return post_as(client, world, actor, url, body, session)


def check(response, effects, expected, where) -> None:
    status = response.status_code
    where = (*where, status, effects)
    if expected == DONE:
        assert status in (200, 302), where
        assert effects, where
        return
    assert not effects, where
    if expected in (LOGIN, HOME):
        assert status == 302, where
        sent_to_login = response["Location"].startswith(reverse("accounts:login"))
        assert sent_to_login == (expected == LOGIN), where
    else:
        assert status == expected, where


def probed_urls(world):
    """Each URL with the kwargs of the GET matrix, or none if it takes none (a URL missing from
    the GET matrix with parameters fails that matrix)."""
    for name, pattern in url_patterns():
        if name.startswith("admin:"):
            continue
        if name in MATRIX:
            kwargs_of = MATRIX[name][0]
            yield name, lambda kwargs_of=kwargs_of: kwargs_of(world) if kwargs_of else None
        elif not pattern.pattern.converters:
            yield name, lambda: None


def test_every_url_that_takes_a_post_is_declared(client, world):
    """Probed as DN with an empty body: anything but 405 takes a POST."""
    world.affiliation  # noqa: B018 - built once, outside the rolled-back probes
    takes_post = set()
    for name, kwargs in probed_urls(world):
        with rolled_back():
            client.force_login(world.dn)
            if client.post(reverse(name, kwargs=kwargs())).status_code != 405:
                takes_post.add(name)
    undeclared, stale = sorted(takes_post - set(WRITES)), sorted(set(WRITES) - takes_post)
    assert not undeclared, f"POST URLs without a declared write: {undeclared}"
    assert not stale, f"declared writes that take no POST: {stale}"


@pytest.mark.parametrize("name", sorted(WRITES))
def test_write(client, world, name):
    write = WRITES[name]
    assert set(write.expect) == set(ACTORS), name
    kwargs = write.kwargs(world) if write.kwargs else None
    url = reverse(name, kwargs=kwargs)
    for actor in ACTORS:
        with rolled_back():
            response, effects = post(client, world, actor, url, write, kwargs)
            check(response, effects, write.expect[actor], (name, actor))


def test_every_url_with_an_inner_id_is_declared():
    with_two = {
        name
        for name, pattern in url_patterns()
        if len(pattern.pattern.converters) >= 2 and not name.startswith("admin:")
    }
    undeclared = sorted(with_two - set(NO_INNER_ID) - set(INNER_IDS))
    assert not undeclared, f"URLs with an inner id and no declared foreign one: {undeclared}"
    assert set(INNER_IDS) <= with_two


@pytest.mark.parametrize("name", sorted(INNER_IDS))
def test_an_inner_id_of_another_as_does_not_exist_under_an_own_code(client, world, name):
    kwargs = INNER_IDS[name].kwargs(world)
    url = reverse(name, kwargs=kwargs)
    write = WRITES[name]
    doers = [actor for actor, expected in write.expect.items() if expected == DONE]
    assert doers, name
    for actor in [*doers, "dn"]:
        with rolled_back():
            response, effects = post(client, world, actor, url, write, kwargs)
            check(response, effects, 404, (name, actor, "POST"))
            assert client.get(url).status_code in (404, 405), (name, actor, "GET")


def test_the_fingerprint_sees_an_update_and_a_mail_waiting_for_the_commit():
    from django.db import connection, transaction

    from opuss.seasons.models import Season

    Season.objects.create(start_year=2030, is_current=False)
    before = database_state()
    with rolled_back():
        queued = len(connection.run_on_commit)
        Season.objects.filter(start_year=2030).update(is_current=True)
        transaction.on_commit(lambda: None)
        effects = effects_since(before, queued)
        assert effects.tables == ("seasons_season",) and effects.after_commit == 1
    assert not effects_since(before, len(connection.run_on_commit))
