"""The rentrée's baskets (issue #14): the basket page and its validation take the same number of
queries whatever the number of lines, the duplicate checks go through indexed keys, and the
guardians' e-mails are rendered by a task after the commit, never in the request."""

import datetime as dt
import html
from itertools import count

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opuss.core import mail as core_mail
from opuss.core.models import AuditEntry
from opuss.guardians.models import GuardianRequest
from opuss.guardians.tasks import send_guardian_links
from opuss.licences import services
from opuss.licences.models import BasketLine, Licence, LicenceSequence, Pupil
from opuss.rules.season import load_season
from tests.factories import LicenceFactory, PupilFactory, SeasonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_season")]

CHECKS = [*load_season("2025-2026").licences.checks, services.DUPLICATES_CHECK]
BORN = dt.date(2011, 5, 4)
SERIAL = count(1)


@pytest.fixture
def last_season():
    return SeasonFactory(start_year=2024, is_current=False)


def text(response) -> str:
    return html.unescape(response.content.decode())


def new_line(basket, **values) -> BasketLine:
    n = next(SERIAL)
    fields = {"last_name": f"NOM{n}", "first_name": "Léa", "sex": "F", "birth_date": BORN,
              "guardian_email": f"parent{n}@example.fr"} | values
    return BasketLine.objects.create(basket=basket, source="NEW", **fields)


def renewal_line(world, basket, last_season, *, licensed_elsewhere=False) -> BasketLine:
    pupil = LicenceFactory(association=world.a.association, season=last_season,
                           number=f"{world.a.association.code}{5000 + next(SERIAL)}").pupil
    if licensed_elsewhere:  # taken meanwhile by another AS this season
        LicenceFactory(pupil=pupil, association=world.b.association, season=world.season,
                       number=f"{world.b.association.code}{5000 + next(SERIAL)}")
    return BasketLine.objects.create(
        basket=basket, source="RENEWAL", pupil=pupil, last_name=pupil.last_name,
        first_name=pupil.first_name, sex=pupil.sex, birth_date=pupil.birth_date,
    )


def namesake_line(basket, side, last_season) -> BasketLine:
    """A new pupil with the names and birth date of a former licensee of the side's AS."""
    n = next(SERIAL)
    LicenceFactory(association=side.association, season=last_season,
                   number=f"{side.association.code}{5000 + n}",
                   pupil=PupilFactory(last_name=f"Homonyme-{n}", first_name="Zoé",
                                      birth_date=BORN))
    return new_line(basket, last_name=f"HOMONYME {n}", first_name="ZOE")


def few_lines(world, basket, last_season) -> None:
    """Three lines that ask every check once: a renewal licensed elsewhere this season, a
    namesake, another pupil's INE with a shared guardian e-mail."""
    renewal_line(world, basket, last_season, licensed_elsewhere=True)
    namesake_line(basket, world.a, last_season)
    new_line(basket, ine=PupilFactory(ine=f"{next(SERIAL):011d}").ine,
             guardian_email="famille@example.fr")


def every_kind_of_line(world, basket, last_season) -> None:
    """One line of each warning: a renewal, one licensed elsewhere this season, a namesake the
    teacher sees (his AS's), one he does not (another académie's), another pupil's INE, and
    a guardian e-mail that many pupils share."""
    renewal_line(world, basket, last_season)
    renewal_line(world, basket, last_season, licensed_elsewhere=True)
    namesake_line(basket, world.a, last_season)
    namesake_line(basket, world.b, last_season)
    new_line(basket, ine=PupilFactory(ine=f"{next(SERIAL):011d}").ine)
    for _ in range(6):
        new_line(basket, guardian_email="famille@example.fr")


def page_queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), text(response)


def test_the_basket_page_takes_the_same_queries_for_3_lines_as_for_30(
    client, world, affiliated, last_season, django_assert_num_queries
):
    basket = services.basket_open(association=world.a.association, season=world.season,
                                  actor=world.a.teacher)
    few_lines(world, basket, last_season)
    client.force_login(world.a.teacher)
    url = reverse("baskets:basket", args=[world.a.association.code])
    client.get(url)  # the session, the menus' caches
    small, page = page_queries(client, url)
    assert "Doublon probable" in page and "Cet INE est déjà celui d'un autre élève" in page

    for _ in range(2):
        every_kind_of_line(world, basket, last_season)
    for _ in range(5):
        new_line(basket)
    assert basket.lines.count() == 30
    client.get(url)  # the AS, kept, is read anew after the changes to its licences
    with django_assert_num_queries(small):
        page = text(client.get(url))
    assert page.count("Cet élève a déjà une licence cette saison.") == 3
    assert page.count(", licencié(e) à l'AS 24001.") == 3  # the namesakes he sees, named
    assert page.count("Doublon probable : un élève de mêmes nom") == 2  # the others, not
    assert page.count("Cet INE est déjà celui d'un autre élève") == 3
    assert page.count("est celle du responsable légal de 13 élèves") == 13


def test_a_namesake_is_found_whatever_the_accents_hyphens_and_case(world, affiliated):
    known = PupilFactory(last_name="LEFÈVRE-MARTIN", first_name="Élodie", birth_date=BORN)
    basket = services.basket_open(association=world.a.association, season=world.season,
                                  actor=world.a.teacher)
    line = new_line(basket, last_name="LEFEVRE MARTIN", first_name="elodie")
    other = new_line(basket, last_name="LEFEVRE", first_name="Elodie")
    assert services.probable_duplicates(basket.lines.all()) == [line]
    assert known.person_key == "lefevremartin|elodie|2011-05-04"
    assert other not in services.probable_duplicates(basket.lines.all())


def test_the_person_key_follows_the_names_and_birth_date_on_save(world):
    pupil = world.a.licence.pupil
    # A name of our own: Faker's may bear accents the key drops (« Lefèvre »).
    pupil.last_name, pupil.first_name, pupil.birth_date = "Le Gall", "Anaïs", dt.date(2010, 1, 2)
    pupil.save(update_fields=["last_name", "first_name", "birth_date"])
    pupil.refresh_from_db()
    assert pupil.person_key == "legall|anais|2010-01-02"


def test_the_migration_fills_the_key_of_every_pupil_already_known(world):
    fill = __import__("opuss.licences.migrations.0009_fill_pupil_person_keys",
                      fromlist=["fill"]).fill
    PupilFactory(last_name="D'Almeida", first_name="Anaïs", birth_date=BORN)
    Pupil.objects.update(person_key="")
    fill(apps, None)
    keys = dict(Pupil.objects.values_list("last_name", "person_key"))
    assert keys["D'Almeida"] == "dalmeida|anais|2011-05-04"
    assert all(keys.values()) and len(keys) == 3


# --- validation -----------------------------------------------------------------------------


def basket_of(world, actor, last_season, size: int):
    """A basket as the rentrée's: a fifth of renewals, new pupils with a guardian e-mail, some
    insured « MAIF individuelle »."""
    basket = services.basket_open(association=world.a.association, season=world.season,
                                  actor=actor)
    for n in range(size):
        if n % 5 == 0:
            renewal_line(world, basket, last_season)
        else:
            new_line(basket, insurance="MAIF_INDIVIDUAL" if n % 3 == 0 else "MAIF_COLLECTIVE")
    return basket


def validation_queries(world, basket) -> int:
    with CaptureQueriesContext(connection) as queries:
        services.basket_validate(basket=basket, actor=basket.created_by, confirmed=CHECKS)
    return len(queries)


def test_validating_5_lines_or_50_takes_the_same_queries(world, affiliated, last_season):
    LicenceSequence.objects.create(association=world.a.association, last=1)
    validation_queries(world, basket_of(world, world.a.teacher, last_season, 1))  # warm caches
    five = validation_queries(world, basket_of(world, world.a.teacher, last_season, 5))
    fifty = validation_queries(world, basket_of(world, world.a.teacher, last_season, 50))
    assert five == fifty
    assert Licence.objects.filter(association=world.a.association,
                                  season=world.season).count() == 1 + 1 + 5 + 50
    assert GuardianRequest.objects.count() == 4 + 40


def test_the_links_are_rendered_by_a_task_given_ids_after_the_commit(
    client, world, affiliated, last_season, settings, monkeypatch,
    django_capture_on_commit_callbacks,
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    rendered = []
    render = core_mail._render
    monkeypatch.setattr(core_mail, "_render",
                        lambda name, context: rendered.append(name) or render(name, context))
    basket_of(world, world.a.teacher, last_season, 10)
    client.force_login(world.a.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("baskets:validate", args=[world.a.association.code]),
                               {"checks": CHECKS})
    assert response.status_code == 302
    assert rendered == [] and mail.outbox == []  # nothing rendered nor sent by the request

    from django_tasks import default_task_backend

    [queued] = default_task_backend.results
    assert queued.task.func == send_guardian_links.func
    assert sorted(queued.args[0]) == sorted(GuardianRequest.objects.values_list("pk", flat=True))
    assert len(queued.args[0]) == 8

    send_guardian_links.call(*queued.args)  # what the worker does
    assert len(mail.outbox) == 8 and len(rendered) == 16  # a subject and a body each
    assert {message.to[0] for message in mail.outbox} == set(
        GuardianRequest.objects.values_list("email", flat=True))
    assert all("/reponse/" in message.body for message in mail.outbox)


def test_a_basket_of_many_links_is_sent_by_several_tasks(
    world, affiliated, last_season, settings, django_capture_on_commit_callbacks, monkeypatch
):
    from opuss.guardians import services as guardian_services

    monkeypatch.setattr(guardian_services, "LINKS_PER_TASK", 3)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    basket = basket_of(world, world.a.teacher, last_season, 10)
    with django_capture_on_commit_callbacks(execute=True):
        services.basket_validate(basket=basket, actor=world.a.teacher, confirmed=CHECKS)

    from django_tasks import default_task_backend

    assert [len(result.args[0]) for result in default_task_backend.results] == [3, 3, 2]


def test_the_validation_is_one_business_entry_with_its_numbers(world, affiliated, last_season):
    basket = basket_of(world, world.a.teacher, last_season, 6)
    licences = services.basket_validate(basket=basket, actor=world.a.teacher, confirmed=CHECKS)
    entry = AuditEntry.objects.get(action="panier validé")
    assert entry.actor == world.a.teacher and entry.after["licences"] == 6
    assert entry.after["numéros"] == [licence.number for licence in licences]


def test_each_row_written_in_bulk_has_its_creation_in_its_history(world, affiliated,
                                                                  last_season):
    basket = basket_of(world, world.a.teacher, last_season, 6)
    licences = services.basket_validate(basket=basket, actor=world.a.teacher, confirmed=CHECKS)
    new = next(licence for licence in licences if licence.pupil.last_name.startswith("NOM"))
    for obj in (new, new.pupil):
        created = LogEntry.objects.get_for_object(obj).get(action=LogEntry.Action.CREATE)
        assert created.actor == world.a.teacher
    created = LogEntry.objects.get_for_object(new).get().changes
    assert created["number"] == [None, new.number]
    assert "person_key" not in LogEntry.objects.get_for_object(new.pupil).get().changes


def test_a_known_pupil_given_an_address_has_it_in_his_history(world, affiliated):
    """« Un INE déjà connu »: a pupil without any address gets the AS's, and his « Historique »
    says so, though the change was written in bulk."""
    known = PupilFactory(ine="12345678901", last_name="SANS", first_name="Adresse",
                         birth_date=BORN, user=None)
    basket = services.basket_open(association=world.a.association, season=world.season,
                                  actor=world.a.teacher)
    new_line(basket, last_name="SANS", first_name="Adresse", ine=known.ine,
             guardian_email="parent.sans@example.fr")
    services.basket_validate(basket=basket, actor=world.a.teacher, confirmed=CHECKS)
    known.refresh_from_db()
    assert known.guardian_email == "parent.sans@example.fr"
    changes = LogEntry.objects.get_for_object(known).filter(action=LogEntry.Action.UPDATE)
    assert {change.actor for change in changes} == {world.a.teacher}
    assert [change.changes["guardian_email"] for change in changes
            if "guardian_email" in change.changes] == [["", "parent.sans@example.fr"]]
    assert known.user is not None  # and his account, to make his first connection


def test_the_basket_page_takes_the_same_queries_with_or_without_duplicates(
    client, world, affiliated, last_season
):
    """The demo's basket holds probable duplicates, a national one of renewals none: whether
    the page names them or not, it asks the same queries (the scope and the latest AS of the
    pupils found come with them)."""
    basket = services.basket_open(association=world.a.association, season=world.season,
                                  actor=world.a.teacher)
    for _ in range(3):
        renewal_line(world, basket, last_season)
    basket.lines.update(guardian_email="parent@example.fr")  # as new lines have
    LicenceFactory(association=world.a.association, season=last_season,
                   number=f"{world.a.association.code}{5000 + next(SERIAL)}")  # to renew
    client.force_login(world.a.teacher)
    url = reverse("baskets:basket", args=[world.a.association.code])
    client.get(url)
    clean, page = page_queries(client, url)
    assert "Doublon probable" not in page and "Licenciés 2024-2025 de l'AS" in page
    namesake_line(basket, world.a, last_season)
    namesake_line(basket, world.b, last_season)
    client.get(url)  # the AS, kept, is read anew after the changes to its licences
    with_duplicates, page = page_queries(client, url)
    assert with_duplicates == clean
    assert page.count(", licencié(e) à l'AS 24001.") == 1  # the one he sees, named
    assert "Doublon probable : un élève de mêmes nom" in page  # the other, not


def test_each_basket_line_has_its_removal_button(client, world, affiliated, last_season):
    basket = services.basket_open(association=world.a.association, season=world.season,
                                  actor=world.a.teacher)
    line = new_line(basket, last_name="D'Arc <Jeanne>", first_name="Zoé")
    client.force_login(world.a.teacher)
    page = client.get(reverse("baskets:basket", args=[world.a.association.code])).content.decode()
    remove = reverse("baskets:remove_line", args=[world.a.association.code, line.pk])
    # One form with the CSRF field; each line's button sends it to its own line's address.
    assert '<form method="post" id="basket-remove"><input type="hidden" ' \
           'name="csrfmiddlewaretoken"' in page
    assert f'<button type="submit" form="basket-remove" formaction="{remove}"' in page
    assert "D&#x27;ARC &lt;JEANNE&gt; Zoé" in page and "<JEANNE>" not in page
    response = client.post(remove)
    assert response.status_code == 302 and not basket.lines.exists()
