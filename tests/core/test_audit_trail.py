"""The audit trail does not depend on each service remembering to write it: every save of a
licence, a pupil, an AS, an affiliation, bank details, a ledger line, a guardian's answer or a
role is recorded by django-auditlog, and each object's « Historique » shows it, merged with the
business actions, in French."""

import html
import re

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment
from opuss.affiliations import services as affiliation_services
from opuss.core.audit import entries_for, record
from opuss.core.auditing import TRACKED
from opuss.jo.numbering import give_jo_number
from opuss.licences import corrections
from opuss.sport.models import Activity
from tests.factories import AffiliationFactory, AssociationFactory, affiliated_as

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_season(settings):
    settings.OPUSS_NOW = "2025-10-06T10:00:00+02:00"


def history_page(client, world) -> str:
    """The licence's page as its SR sees it: the « Historique » is its last table."""
    client.force_login(world.a.sr)
    page = client.get(reverse("corrections:manage", args=[world.a.licence.pk]))
    text = html.unescape(page.content.decode())
    return text[text.index("<h2>Historique</h2>") :]


def visible(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))


def changes_of(entry) -> dict:
    return {change.label: (change.before, change.after) for change in entry.changes}


def test_every_model_holding_evidence_is_tracked():
    for label in TRACKED:
        assert auditlog.contains(apps.get_model(label)), label


def test_a_category_changed_by_save_alone_is_in_the_licence_history_in_french(client, world):
    licence = world.a.licence
    licence.category = "Junior"
    licence.state = "TRANSFERRED"
    licence.sport_partage = True
    licence.save()  # no record(): the trail must not depend on it

    history = visible(history_page(client, world))
    assert "Modification" in history
    assert "Catégorie : Cadet → Junior" in history
    assert "État : Active → Transférée" in history
    assert "Sport partagé : Non → Oui" in history
    for raw in ("category", "TRANSFERRED", "sport_partage", "True"):
        assert raw not in history


def test_the_author_of_a_change_made_through_a_page_is_recorded(client, world):
    client.force_login(world.a.sr)
    client.post(
        reverse("corrections:identity", args=[world.a.licence.pk]),
        {"last_name": "Dupont", "first_name": "Jeanne", "sex": "F", "birth_date": "2008-05-17"},
    )
    change = LogEntry.objects.get_for_object(world.a.licence.pupil).get(
        action=LogEntry.Action.UPDATE
    )
    assert change.actor == world.a.sr


def test_a_business_action_and_the_changes_it_made_are_one_line(client, world):
    client.force_login(world.a.sr)
    client.post(
        reverse("corrections:identity", args=[world.a.licence.pk]),
        {"last_name": "Dupont", "first_name": "Jeanne", "sex": "F", "birth_date": "2008-05-17"},
    )
    timeline = entries_for(world.a.licence, world.a.licence.pupil)
    corrected = [e for e in timeline if e.action == "licencié corrigé"]
    assert len(corrected) == 1
    assert not [e for e in timeline if e.action == "Modification"]
    changes = changes_of(corrected[0])
    assert changes["Date de naissance"] == ("17/05/2009", "17/05/2008")
    assert changes["Nom"][1] == "DUPONT"
    assert corrected[0].actor == world.a.sr.display_name
    recategorised = next(e for e in timeline if e.action == "catégorie recalculée")
    assert changes_of(recategorised) == {"Catégorie": ("Cadet", "Junior")}
    assert recategorised.subject == str(world.a.licence)


def test_a_foreign_key_is_shown_as_the_object_it_points_to(world):
    licence = world.a.licence
    licence.association = world.b.association
    licence.save()
    [entry] = [e for e in entries_for(licence) if e.action == "Modification"]
    assert changes_of(entry)["AS"] == (str(world.a.association), str(world.b.association))


def test_field_names_of_business_entries_become_their_labels(world):
    affiliation = AffiliationFactory(association=world.a.association, season=world.season)
    record(
        actor=world.a.sr,
        action="effectifs modifiés",
        obj=affiliation,
        before={"boys": 310, "establishment_type": "LYC"},
        after={"boys": 400, "establishment_type": "LPO"},
        at=affiliation.created_at.replace(year=2024),  # apart from the factory's own entries
    )
    entry = next(e for e in entries_for(affiliation) if e.action == "effectifs modifiés")
    changes = changes_of(entry)
    assert changes["Garçons scolarisés"] == ("310", "400")
    assert changes["Type d'établissement"] == ("Lycée", "Lycée polyvalent")


def test_a_creation_lists_what_was_entered_without_empty_fields(world):
    association = AssociationFactory(establishment__department=world.a.association.department)
    [created] = entries_for(association)
    assert created.action == "Création" and created.actor == "système"
    changes = changes_of(created)
    assert changes["Code AS"] == (None, association.code)
    assert "Téléphone de l'AS" not in changes  # left empty
    assert "ID" not in changes and "Id" not in changes
    # Other models' links to the AS (its licences, baskets...) are not part of it.
    assert "Licences" not in changes
    assert "licences" not in LogEntry.objects.get_for_object(association).get().changes


def test_the_rows_of_an_affiliation_form_are_in_its_history(world):
    affiliation = AffiliationFactory(association=world.a.association, season=world.season)
    animateur = affiliation.animateurs.get()
    animateur.activities.add(Activity.objects.get_or_create(name="Escalade")[0])
    officer = affiliation.officers.get(role="SECRETARY")
    officer.phone = "0607080910"
    officer.save()

    timeline = entries_for(affiliation)
    subjects = {e.subject for e in timeline}
    assert str(officer) in subjects and str(animateur) in subjects
    lines = [(e.action, c.label, c.after) for e in timeline for c in e.changes]
    assert ("Modification", "Activités encadrées", "ajout : Escalade") in lines
    assert ("Modification", "Téléphone", "0607080910") in lines


def test_a_history_takes_the_same_number_of_queries_however_long(world):
    licence, pupil = world.a.licence, world.a.licence.pupil

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            entries_for(licence, pupil)
        return len(captured)

    licence.association = world.b.association
    licence.save()
    few = queries()
    department = world.a.association.department
    for number in range(8):
        licence.association = AssociationFactory(establishment__department=department)
        licence.class_level = f"{number}e"
        licence.save()
        pupil.first_name = f"Prénom {number}"
        pupil.save()
        record(actor=world.a.sr, action="vérifiée", obj=licence, after={"n°": number})
    assert len(entries_for(licence, pupil)) > 20
    assert queries() == few


# --- writes that signals do not see (QuerySet.update) are each covered by an explicit entry ---


def test_a_transfer_made_by_update_is_in_the_old_licence_history(world):
    affiliated_as(world.b.association, world.season)
    licence = world.a.licence
    corrections.transfer(licence=licence, actor=world.a.sr, target=world.b.association)
    entry = next(e for e in entries_for(licence) if e.action == "licence transférée")
    assert changes_of(entry)["État"] == ("Active", "Transférée")


def test_a_jo_number_given_by_update_is_in_the_pupil_history(world):
    pupil = world.a.licence.pupil
    number = give_jo_number(pupil, actor=world.a.teacher)
    entry = next(e for e in entries_for(pupil) if e.action == "N° Jeune Officiel attribué")
    assert changes_of(entry)["N° Jeune Officiel"] == ("—", number)


def test_an_affiliation_decided_by_update_keeps_what_the_decision_set(world):
    affiliation = AffiliationFactory(
        association=world.a.association,
        season=world.season,
        state="PENDING",
        payment_mode="PREPAYMENT",
    )
    affiliation_services.affiliation_affiliate(
        affiliation=affiliation, actor=world.a.sr, verified=True
    )
    entry = next(e for e in entries_for(affiliation) if e.action == "affilier")
    changes = changes_of(entry)
    assert changes["État"] == ("En attente", "Affiliée")
    assert changes["N° de facture"] == ("—", "F2025-00001")
    assert changes["Affiliée par"] == ("—", world.a.sr.display_name)
    assert changes["Affiliée le"] == ("—", "06/10/2025 10:00")


def test_roles_removed_by_a_queryset_delete_are_recorded(world):
    secretary = world.a.secretary
    RoleAssignment.objects.filter(user=secretary, role=Role.AS_SECRETARY).delete()
    deleted = LogEntry.objects.filter(
        content_type__model="roleassignment", action=LogEntry.Action.DELETE
    ).get()
    assert str(world.a.association.code) in deleted.object_repr
