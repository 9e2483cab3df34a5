"""The question bank: the national direction writes the national bank, each SR his académie's;
a question has 2 to 5 answers with at least one right and one wrong."""

import pytest
from django.urls import reverse

from opuss.core.models import AuditEntry
from opuss.jo import services
from opuss.jo.models import Question
from opuss.jo.services import JoError
from opuss.territories.models import Academy
from tests.jo.factories import QuestionFactory, activity

pytestmark = pytest.mark.django_db


def question_data(**changes) -> dict:
    return {
        "role": "REFEREE",
        "level": "DISTRICT",
        "activity": activity("Handball").pk,
        "text": "Combien de pas un joueur peut-il faire en tenant le ballon ?",
        "explanation": "Au-delà, c'est un marcher.",
        "active": "on",
        "choice_1": "3",
        "correct_1": "on",
        "choice_2": "2",
        "choice_3": "4",
    } | changes


def test_the_national_direction_writes_in_the_national_bank(client, world):
    client.force_login(world.dn)
    response = client.post(reverse("jo:question_create"), question_data())
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.academy is None and question.created_by == world.dn
    assert [(c.text, c.correct) for c in question.choices.all()] == [
        ("3", True),
        ("2", False),
        ("4", False),
    ]
    assert AuditEntry.objects.filter(action="Question JO rédigée", actor=world.dn).exists()


def test_an_sr_writes_in_his_academies_bank(client, world):
    client.force_login(world.a.sr)
    client.post(reverse("jo:question_create"), question_data())
    assert Question.objects.get().academy == Academy.objects.get(code="24")


def test_an_sr_edits_his_academies_questions_but_not_the_national_ones(client, world):
    own = QuestionFactory(academy=Academy.objects.get(code="24"))
    national = QuestionFactory()
    client.force_login(world.a.sr)
    url = reverse("jo:question_edit", args=[own.pk])
    assert client.post(url, question_data(text="Nouvelle version ?")).status_code == 302
    own.refresh_from_db()
    assert own.text == "Nouvelle version ?"
    assert client.get(reverse("jo:question_edit", args=[national.pk])).status_code == 404
    client.force_login(world.b.sr)
    assert client.get(url).status_code == 404


def test_an_sr_reads_the_national_bank_and_his_own_not_another_academies(client, world):
    QuestionFactory(text="Question nationale ?")
    QuestionFactory(text="Question de Strasbourg ?", academy=Academy.objects.get(code="24"))
    QuestionFactory(text="Question de Nantes ?", academy=Academy.objects.get(code="16"))
    client.force_login(world.a.sr)
    page = client.get(reverse("jo:questions")).text
    assert "Question nationale ?" in page and "Question de Strasbourg ?" in page
    assert "Question de Nantes ?" not in page


def test_the_bank_is_filtered_by_role_level_and_activity(client, world):
    QuestionFactory(text="Arbitre volley ?", activity=activity("Volley Ball"))
    QuestionFactory(text="Juge athlé ?", role="JUDGE", activity=activity("Athlétisme estival"))
    client.force_login(world.dn)
    page = client.get(reverse("jo:questions"), {"role": "JUDGE"}).text
    assert "Juge athlé ?" in page and "Arbitre volley ?" not in page
    page = client.get(reverse("jo:questions"), {"activite": activity("Volley Ball").pk}).text
    assert "Arbitre volley ?" in page and "Juge athlé ?" not in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"choice_2": "", "choice_3": ""}, "Écrivez au moins deux réponses."),
        ({"correct_1": ""}, "Cochez au moins une bonne réponse."),
        ({"correct_2": "on", "correct_3": "on"}, "Au moins une réponse doit être fausse."),
        ({"choice_4": "", "correct_4": "on"}, "Une bonne réponse doit avoir un texte."),
        ({"text": ""}, "Ce champ est obligatoire."),
    ],
)
def test_a_question_needs_two_to_five_answers_some_right_some_wrong(
    client, world, changes, message
):
    client.force_login(world.dn)
    response = client.post(reverse("jo:question_create"), question_data(**changes))
    assert response.status_code == 200
    assert message in response.text
    assert not Question.objects.exists()


def test_an_sr_writes_neither_in_the_national_bank_nor_in_another_academies(world):
    values = {"role": "REFEREE", "level": "DISTRICT", "text": "Question ?", "activity": None}
    choices = [("Oui", True), ("Non", False)]
    for academy in (None, Academy.objects.get(code="16")):
        with pytest.raises(JoError, match="Vous ne pouvez pas écrire dans cette banque"):
            services.save_question(
                actor=world.a.sr,
                question=None,
                values=values | {"academy": academy},
                choices=choices,
            )
    assert not Question.objects.exists()
