"""The AS's register: kept by its teachers, read by its licenciés ("Registre de mon AS") and by
the services of its territory."""

import datetime as dt
import html

import pytest
from django.urls import reverse

from opuss.core.models import AuditEntry
from opuss.register.models import RegisterEvent
from tests.factories import LicenceFactory, SeasonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now(settings):
    settings.OPUSS_NOW = "2025-10-06T10:00:00+02:00"


def text(response) -> str:
    return html.unescape(response.content.decode())


def event(association, author, title, day, kind="TRAINING", **fields) -> RegisterEvent:
    return RegisterEvent.objects.create(
        association=association, created_by=author, title=title, date=day, kind=kind, **fields
    )


def form(**changes) -> dict:
    data = {
        "kind": "TRAINING",
        "title": "Entraînement de volley",
        "date": "2025-10-08",
        "end_date": "",
        "start_time": "13:30",
        "end_time": "15:30",
        "place": "Gymnase du lycée",
        "activity": "",
        "description": "Venir en tenue.",
    }
    return data | changes


def test_a_teacher_adds_an_event_to_his_as_register(client, world):
    client.force_login(world.a.teacher)
    url = reverse("register:create", args=[world.a.association.code])
    response = client.post(url, form(), follow=True)
    assert "« Entraînement de volley » ajouté au registre de l'AS." in text(response)
    made = RegisterEvent.objects.get()
    assert (made.association, made.created_by) == (world.a.association, world.a.teacher)
    assert made.when_text == "08/10/2025, 13h30–15h30"


def test_an_end_before_the_start_is_refused_and_what_was_typed_kept(client, world):
    client.force_login(world.a.teacher)
    url = reverse("register:create", args=[world.a.association.code])
    response = client.post(url, form(end_time="12:00"))
    assert "L'heure de fin doit suivre l'heure de début." in text(response)
    assert 'value="Gymnase du lycée"' in text(response)
    response = client.post(url, form(end_date="2025-10-01"))
    assert "La date de fin ne peut pas précéder la date de début." in text(response)
    assert not RegisterEvent.objects.exists()


def test_the_author_edits_his_event_and_the_change_is_audited(client, world):
    made = event(world.a.association, world.a.teacher, "Réunion", dt.date(2025, 10, 8), "MEETING")
    client.force_login(world.a.teacher)
    url = reverse("register:edit", args=[world.a.association.code, made.pk])
    client.post(url, form(kind="MEETING", title="Assemblée générale"))
    made.refresh_from_db()
    assert made.title == "Assemblée générale"
    audit = AuditEntry.objects.get(action="événement du registre modifié")
    assert (audit.before["intitulé"], audit.after["intitulé"]) == ("Réunion", "Assemblée générale")


def test_another_teacher_does_not_edit_or_delete_it_the_secretary_does(client, world):
    from opuss.accounts.enums import Role
    from tests.factories import user_with_role

    colleague = user_with_role(Role.AS_TEACHER, association=world.a.association)
    made = event(world.a.association, world.a.teacher, "Tournoi", dt.date(2025, 12, 17))
    edit = reverse("register:edit", args=[world.a.association.code, made.pk])
    delete = reverse("register:delete", args=[world.a.association.code, made.pk])
    client.force_login(colleague)
    assert client.get(edit).status_code == 404
    assert client.post(delete).status_code == 404
    client.force_login(world.a.secretary)
    response = client.post(delete, follow=True)
    assert "« Tournoi du 17/12/2025 » supprimé du registre." in text(response)
    assert not RegisterEvent.objects.exists()
    assert AuditEntry.objects.filter(action="événement du registre supprimé").exists()


def test_a_teacher_of_another_as_does_not_reach_the_register(client, world):
    made = event(world.a.association, world.a.teacher, "Tournoi", dt.date(2025, 12, 17))
    client.force_login(world.b.teacher)
    code = world.a.association.code
    assert client.get(reverse("register:association", args=[code])).status_code == 404
    assert client.post(reverse("register:create", args=[code]), form()).status_code == 404
    assert client.post(reverse("register:delete", args=[code, made.pk])).status_code == 404
    # Nor through his own AS's code.
    other = reverse("register:edit", args=[world.b.association.code, made.pk])
    assert client.get(other).status_code == 404


def test_the_as_list_filters_by_kind_and_exports(client, world):
    event(world.a.association, world.a.teacher, "Entraînement volley", dt.date(2025, 10, 8))
    event(
        world.a.association, world.a.teacher, "Réunion de bureau", dt.date(2025, 10, 9), "MEETING"
    )
    client.force_login(world.a.sd)
    url = reverse("register:association", args=[world.a.association.code])
    page = text(client.get(url, {"type": "MEETING"}))
    assert "Réunion de bureau" in page and "Entraînement volley" not in page
    assert "Ajouter un événement" not in page
    export = client.get(url, {"export": "csv"}).getvalue().decode()
    assert "Réunion de bureau" in export and "Entraînement volley" in export


def test_the_pupil_sees_his_as_events_upcoming_first_then_past(client, world):
    association = world.a.association
    event(
        association, world.a.teacher, "Journée du sport scolaire", dt.date(2025, 9, 24), "ANIMATION"
    )
    event(association, world.a.teacher, "Assemblée générale", dt.date(2025, 9, 30), "MEETING")
    event(association, world.a.teacher, "Tournoi de Noël", dt.date(2025, 12, 17), "TOURNAMENT")
    event(association, world.a.teacher, "Entraînement volley", dt.date(2025, 10, 8))
    event(
        association,
        world.a.teacher,
        "Stage de ski",
        dt.date(2025, 10, 4),
        end_date=dt.date(2025, 10, 7),
        kind="OTHER",
    )
    event(world.b.association, world.b.teacher, "Cross de l'AS nantaise", dt.date(2025, 10, 15))
    client.force_login(world.a.pupil)
    page = text(client.get(reverse("register:pupil_register")))
    upcoming, past = page.split("Passés")
    order = ["Stage de ski", "Entraînement volley", "Tournoi de Noël"]
    assert [upcoming.index(title) for title in order] == sorted(
        upcoming.index(title) for title in order
    )
    assert past.index("Assemblée générale") < past.index("Journée du sport scolaire")
    assert "Cross de l'AS nantaise" not in page


def test_the_pupil_filters_his_register_by_kind(client, world):
    event(
        world.a.association, world.a.teacher, "Tournoi de Noël", dt.date(2025, 12, 17), "TOURNAMENT"
    )
    event(world.a.association, world.a.teacher, "Entraînement volley", dt.date(2025, 10, 8))
    client.force_login(world.a.pupil)
    page = text(client.get(reverse("register:pupil_register"), {"type": "TOURNAMENT"}))
    assert "Tournoi de Noël" in page and "Entraînement volley" not in page


def test_the_register_is_his_latest_licences_as(client, world):
    """A pupil licensed at side B's AS last season and at side A's this season reads A's."""
    pupil = world.a.licence.pupil
    LicenceFactory(
        pupil=pupil,
        association=world.b.association,
        season=SeasonFactory(start_year=2024, is_current=False),
    )
    event(world.a.association, world.a.teacher, "Entraînement volley", dt.date(2025, 10, 8))
    event(world.b.association, world.b.teacher, "Cross nantais", dt.date(2025, 10, 15))
    client.force_login(world.a.pupil)
    page = text(client.get(reverse("register:pupil_register")))
    assert "Entraînement volley" in page and "Cross nantais" not in page
