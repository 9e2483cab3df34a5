"""The questionnaire as the pupil takes it: questions drawn from the national bank and his
académie's, answered on one page, scored exactly, kept as they were asked; tampered answers
refused; his past questionnaires are his own."""

import random

import pytest
from django.urls import reverse

from opuss.jo import services
from opuss.jo.models import QuizAttempt
from opuss.territories.models import Academy
from tests.jo.factories import QuestionFactory, activity

pytestmark = pytest.mark.django_db

MULTIPLE = [("Juste 1", True), ("Fausse", False), ("Juste 2", True)]


def start(client, **choice):
    response = client.post(reverse("jo:quiz"), {"role": "REFEREE", "level": "DISTRICT"} | choice)
    assert response.status_code == 302, response.content
    return QuizAttempt.objects.latest("pk")


def right_answers(attempt) -> dict:
    return {q.field_name: [str(c) for c in sorted(q.correct_ids)] for q in attempt.asked}


def test_ten_questions_are_drawn_from_a_larger_bank(client, world):
    QuestionFactory.create_batch(12)
    client.force_login(world.a.pupil)
    attempt = start(client)
    assert attempt.total == 10 == len(attempt.questions)
    page = client.get(reverse("jo:attempt", args=[attempt.pk])).text
    assert page.count("<fieldset") == 10 and page.count("<legend>") == 10


def test_fewer_questions_when_the_bank_has_fewer(client, world):
    QuestionFactory.create_batch(3)
    client.force_login(world.a.pupil)
    assert start(client).total == 3


def test_the_bank_is_the_national_one_and_the_pupils_academies(world):
    national = QuestionFactory()
    own = QuestionFactory(academy=Academy.objects.get(code="24"))
    QuestionFactory(academy=Academy.objects.get(code="16"))  # another académie's
    QuestionFactory(active=False)
    QuestionFactory(level="DEPARTMENT")
    QuestionFactory(role="JUDGE")
    bank = services.quiz_bank(
        world.a.licence.pupil, role="REFEREE", level="DISTRICT", activity=None
    )
    assert set(bank) == {national, own}


def test_an_activity_chosen_keeps_its_questions_and_those_for_all_activities(world):
    volley = QuestionFactory(activity=activity("Volley Ball"))
    every = QuestionFactory(activity=None)
    handball = QuestionFactory(activity=activity("Handball"))
    pupil = world.a.licence.pupil
    chosen = services.quiz_bank(pupil, role="REFEREE", level="DISTRICT", activity=volley.activity)
    assert set(chosen) == {volley, every}
    anything = services.quiz_bank(pupil, role="REFEREE", level="DISTRICT", activity=None)
    assert set(anything) == {volley, every, handball}


def test_the_draw_is_reproducible_with_a_seeded_random(world):
    QuestionFactory.create_batch(25)
    pupil = world.a.licence.pupil
    first, second = (
        services.start_attempt(
            pupil=pupil, role="REFEREE", level="DISTRICT", activity=None, rng=random.Random(7)
        )
        for _ in range(2)
    )
    assert first.seed == second.seed
    assert first.questions == second.questions


def test_an_empty_bank_says_so(client, world):
    client.force_login(world.a.pupil)
    response = client.post(reverse("jo:quiz"), {"role": "MEDIATOR", "level": "NATIONAL"})
    assert "Aucune question ne correspond encore à ce choix" in response.text
    assert not QuizAttempt.objects.exists()


def test_questions_with_several_right_answers_get_checkboxes_the_others_radios(client, world):
    QuestionFactory(choices=MULTIPLE)
    QuestionFactory()
    client.force_login(world.a.pupil)
    attempt = start(client)
    page = client.get(reverse("jo:attempt", args=[attempt.pk])).text
    assert page.count('type="checkbox"') == 3 and page.count('type="radio"') == 3
    assert "Plusieurs réponses sont justes" in page


def test_the_score_counts_a_partly_right_answer_as_wrong(client, world):
    QuestionFactory(choices=MULTIPLE)
    QuestionFactory.create_batch(2)
    client.force_login(world.a.pupil)
    attempt = start(client)
    posted = right_answers(attempt)
    multiple = next(q for q in attempt.asked if q.multiple)
    posted[multiple.field_name] = posted[multiple.field_name][:1]
    response = client.post(reverse("jo:attempt", args=[attempt.pk]), posted, follow=True)
    attempt.refresh_from_db()
    assert (attempt.right, attempt.total) == (2, 3)
    assert "2 / 3" in response.text
    assert "Parce que c&#x27;est la règle." in response.text


def test_all_right_is_full_marks(client, world):
    QuestionFactory.create_batch(10, choices=MULTIPLE)
    client.force_login(world.a.pupil)
    attempt = start(client)
    client.post(reverse("jo:attempt", args=[attempt.pk]), right_answers(attempt))
    assert client.get(reverse("jo:quiz")).text.count("10 / 10") == 1


@pytest.mark.parametrize("tamper", ["other_question", "foreign_choice", "two_radios"])
def test_answers_that_do_not_match_the_questions_asked_are_refused(client, world, tamper):
    QuestionFactory.create_batch(2)
    outside = QuestionFactory(role="JUDGE")
    client.force_login(world.a.pupil)
    attempt = start(client)
    posted = right_answers(attempt)
    first = attempt.asked[0]
    if tamper == "other_question":
        posted[f"question-{outside.pk}"] = [str(outside.choices.first().pk)]
    elif tamper == "foreign_choice":
        posted[first.field_name] = [str(outside.choices.first().pk)]
    else:
        posted[first.field_name] = [str(c.id) for c in first.choices[:2]]
    response = client.post(reverse("jo:attempt", args=[attempt.pk]), posted)
    assert response.status_code == 400
    assert "ne correspondent pas aux questions posées" in response.text
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and attempt.right is None


def test_a_question_left_unanswered_is_asked_again_keeping_the_others(client, world):
    QuestionFactory.create_batch(2)
    client.force_login(world.a.pupil)
    attempt = start(client)
    posted = right_answers(attempt)
    del posted[attempt.asked[1].field_name]
    response = client.post(reverse("jo:attempt", args=[attempt.pk]), posted)
    assert response.status_code == 200
    assert "Choisis une réponse." in response.text
    kept = posted[attempt.asked[0].field_name][0]
    assert f'value="{kept}" checked' in response.text
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_a_questionnaire_is_scored_once(client, world):
    QuestionFactory.create_batch(2)
    client.force_login(world.a.pupil)
    attempt = start(client)
    url = reverse("jo:attempt", args=[attempt.pk])
    client.post(url, right_answers(attempt))
    wrong = {
        q.field_name: [str(c.id) for c in q.choices if not c.correct][:1] for q in attempt.asked
    }
    response = client.post(url, wrong, follow=True)
    assert "Ce questionnaire est déjà corrigé." in response.text
    attempt.refresh_from_db()
    assert attempt.right == 2


def test_a_past_score_never_changes_when_the_question_is_edited(client, world):
    question = QuestionFactory(text="Combien de touches ?")
    client.force_login(world.a.pupil)
    attempt = start(client)
    client.post(reverse("jo:attempt", args=[attempt.pk]), right_answers(attempt))
    services.save_question(
        actor=world.dn,
        question=question,
        values={"text": "Combien de touches au plus ?"},
        choices=[("La bonne réponse", False), ("Une erreur", True)],
    )
    page = client.get(reverse("jo:attempt", args=[attempt.pk])).text
    assert "1 / 1" in page and "Combien de touches ?" in page
    assert "Combien de touches au plus ?" not in page


def test_the_quiz_page_lists_the_pupils_own_attempts_only(client, world):
    QuestionFactory(choices=MULTIPLE)
    volley = QuestionFactory(role="JUDGE", activity=activity("Volley Ball"))
    mine = services.start_attempt(
        pupil=world.a.licence.pupil, role="JUDGE", level="DISTRICT", activity=volley.activity
    )
    services.submit_attempt(attempt=mine, posted=right_answers(mine))
    theirs = services.start_attempt(
        pupil=world.b.licence.pupil, role="REFEREE", level="DISTRICT", activity=None
    )
    client.force_login(world.a.pupil)
    page = client.get(reverse("jo:quiz")).text
    assert "Jeune juge" in page and "Volley Ball" in page and "1 / 1" in page
    assert reverse("jo:attempt", args=[mine.pk]) in page
    assert reverse("jo:attempt", args=[theirs.pk]) not in page
    assert client.get(reverse("jo:attempt", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("jo:attempt", args=[theirs.pk]), {}).status_code == 404
