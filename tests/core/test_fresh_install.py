"""A fresh install: after `migrate`, before anyone has opened a season, every page answers (a
French message where a season is needed), never a server error. And `opuss init`, the first
step of a production install."""

import getpass
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from opuss.accounts.enums import Role
from opuss.accounts.models import User
from opuss.core.models import AuditEntry
from opuss.rules.season import available_seasons
from opuss.seasons.models import Season
from tests.access import ACTORS
from tests.conftest import Side, World
from tests.factories import (
    AcademyFactory,
    AssociationFactory,
    DepartmentFactory,
    EstablishmentFactory,
    PupilFactory,
    SeasonFactory,
    user_with_role,
)
from tests.helpers import log_in
from tests.test_access_matrix import MATRIX

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def assert_no_server_error(world) -> None:
    failures = server_errors(world)
    assert not failures, "\n".join(" ".join(failure) for failure in failures)


def server_errors(world) -> list[tuple[str, str, str]]:
    """(url name, actor, error) for each GET of the access matrix that fails, each URL in a
    savepoint of its own so that what one URL's kwargs create does not reach the next."""
    clients = {actor: client_of(world.actor(actor)) for actor in ACTORS}
    failures = []
    for name, (kwargs_of, _) in sorted(MATRIX.items()):
        try:
            with transaction.atomic():
                try:
                    url = reverse(name, kwargs=kwargs_of(world) if kwargs_of else None)
                except Exception:  # an object that cannot exist without a season
                    if kwargs_of is None:
                        raise
                    raise Rollback from None
                failures += [(name, *failure) for failure in get_as_everyone(clients, url)]
                raise Rollback
        except Rollback:
            pass
    return failures


def client_of(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def get_as_everyone(clients: dict[str, Client], url: str):
    for actor, client in clients.items():
        response = client.get(url)
        if response.status_code >= 500:
            error = response.exc_info[1] if response.exc_info else response.status_code
            yield actor, f"{url}: {error!r}"


def test_no_page_fails_when_the_seasons_exist_but_none_is_open(world):
    Season.objects.update(is_current=False)
    assert_no_server_error(world)


def seasonless_side(academy_code: str, department_code: str) -> Side:
    """People of every role, as the admin creates them before any season: no licence yet."""
    academy = AcademyFactory(code=academy_code, name=f"Académie {academy_code}")
    department = DepartmentFactory(code=department_code, academy=academy)
    association = AssociationFactory(
        establishment=EstablishmentFactory(department=department), code=f"{academy_code}001"
    )
    return Side(
        association=association,
        pupil=PupilFactory().user,
        licence=None,
        teacher=user_with_role(Role.AS_TEACHER, association=association),
        secretary=user_with_role(Role.AS_SECRETARY, association=association),
        sd=user_with_role(Role.SD, department=department),
        sr=user_with_role(Role.SR, academy=academy),
    )


def test_no_page_fails_before_the_first_season_is_created(db):
    world = World(
        a=seasonless_side("24", "68"),
        b=seasonless_side("16", "44"),
        dn=user_with_role(Role.DN),
        season=None,
    )
    assert not Season.objects.exists()
    assert_no_server_error(world)


def test_a_page_that_needs_a_season_says_none_is_open(client, world):
    Season.objects.update(is_current=False)
    client.force_login(world.a.teacher)
    response = client.get(reverse("baskets:basket", args=[world.a.association.code]))
    assert "Aucune saison n'est ouverte pour l'instant." in response.text


# `opuss init`

STRONG = "Cross-du-Haut-Rhin-sous-la-pluie-2026"


def init(*args: str, password: str = STRONG):
    call_command(
        "init",
        "--email",
        "Direction@UNSS.org",
        "--password-stdin",
        *args,
        stdin=io.StringIO(password + "\n"),
    )


def test_init_creates_a_season_per_rules_file_and_opens_the_latest(capsys):
    init()
    assert list(Season.objects.order_by("start_year").values_list("start_year", flat=True)) == [
        int(label[:4]) for label in available_seasons()
    ]
    assert Season.objects.current().label == available_seasons()[-1]
    assert "Saison en cours : 2025-2026." in capsys.readouterr().out


def test_init_creates_the_first_national_account_who_logs_in(client):
    init()
    dn = User.objects.get(email="direction@unss.org")
    assert dn.has_role(Role.DN) and dn.is_staff
    assert AuditEntry.objects.filter(object_id=str(dn.pk), actor=None).exists()
    assert log_in(client, "direction@unss.org", STRONG).status_code == 302
    assert client.get(reverse("core:staff_home")).status_code == 200


def test_init_asks_for_the_password_twice(monkeypatch):
    answers = iter([STRONG, STRONG])
    monkeypatch.setattr(getpass, "getpass", lambda prompt: next(answers))
    call_command("init", "--email", "dn@unss.org")
    assert User.objects.get(email="dn@unss.org").check_password(STRONG)


def test_init_refuses_two_different_passwords(monkeypatch):
    answers = iter([STRONG, STRONG + "x"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="diffèrent"):
        call_command("init", "--email", "dn@unss.org")
    assert not User.objects.exists()


def test_init_refuses_a_password_the_validators_refuse():
    with pytest.raises(CommandError, match="Mot de passe refusé"):
        init(password="unss2026")
    assert not User.objects.exists()
    assert not Season.objects.exists()


def test_init_refuses_when_a_national_account_exists(monkeypatch):
    user_with_role(Role.DN)
    monkeypatch.setattr(getpass, "getpass", lambda prompt: pytest.fail("asked for nothing"))
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("init", "--email", "autre@unss.org")
    assert not Season.objects.exists()


def test_init_keeps_the_seasons_already_there_and_the_one_open():
    SeasonFactory(start_year=2025, is_current=False)
    SeasonFactory(start_year=2024, is_current=True)
    init()
    assert Season.objects.current().start_year == 2024
    assert Season.objects.filter(start_year=2025).count() == 1
