"""The questionnaire's rules without a database: a question is right only when exactly its
correct answers are ticked, the score is out of the number of questions asked, the draw is
reproducible, and answers that do not belong to the questions asked are refused."""

import random

import pytest

from opuss.jo.quiz import (
    AskedChoice,
    AskedQuestion,
    Score,
    TamperedAnswers,
    draw,
    is_right,
    read_answers,
    score,
)


def question(qid: int, correct: set[int], count: int = 4) -> AskedQuestion:
    base = qid * 10
    return AskedQuestion(
        id=qid,
        text=f"Question {qid}",
        explanation="",
        choices=tuple(
            AskedChoice(id=base + n, text=f"Réponse {n}", correct=n in correct)
            for n in range(1, count + 1)
        ),
    )


SINGLE = question(1, {2})  # choices 11..14, 12 right
MULTIPLE = question(2, {1, 3})  # choices 21..24, 21 and 23 right


@pytest.mark.parametrize(
    ("chosen", "right"),
    [
        ({21, 23}, True),
        ({21}, False),  # one of the right answers only: wrong
        ({21, 23, 24}, False),  # one too many: wrong
        (set(), False),
        ({22}, False),
    ],
)
def test_a_question_is_right_only_when_exactly_its_correct_answers_are_chosen(chosen, right):
    assert is_right(MULTIPLE, frozenset(chosen)) is right


def test_the_score_counts_right_questions_out_of_those_asked():
    asked = [question(n, {1}) for n in range(1, 11)]
    answers = {q.id: frozenset({q.id * 10 + 1}) for q in asked[:7]}
    answers |= {q.id: frozenset({q.id * 10 + 2}) for q in asked[7:]}
    result = score(asked, answers)
    assert result == Score(right=7, total=10)
    assert str(result) == "7 / 10"


def test_ten_questions_are_drawn_or_all_of_them_when_the_bank_has_fewer():
    bank = [question(n, {1}) for n in range(1, 16)]
    assert len(draw(bank, random.Random(1))) == 10
    assert {q.id for q in draw(bank[:4], random.Random(1))} == {1, 2, 3, 4}


def test_the_same_seed_draws_the_same_questionnaire():
    bank = [question(n, {1}) for n in range(1, 30)]
    assert draw(bank, random.Random(42)) == draw(bank, random.Random(42))
    assert draw(bank, random.Random(42)) != draw(bank, random.Random(43))


def test_answers_are_shuffled_but_stay_those_of_their_question():
    drawn = draw([MULTIPLE], random.Random(3))[0]
    assert set(drawn.choices) == set(MULTIPLE.choices)
    assert drawn.correct_ids == MULTIPLE.correct_ids


def test_the_answers_posted_are_read_per_question_asked():
    answers = read_answers([SINGLE, MULTIPLE], {"question-2": ["21", "23"]})
    assert answers == {1: frozenset(), 2: frozenset({21, 23})}


@pytest.mark.parametrize(
    "posted",
    [
        {"question-3": ["31"]},  # a question that was not asked
        {"question-1": ["21"]},  # an answer of another question
        {"question-1": ["11", "12"]},  # two answers where one only may be picked
        {"question-1": ["douze"]},
        {"question-x": ["11"]},
        {"autre": ["11"]},
    ],
)
def test_answers_that_do_not_match_the_questions_asked_are_refused(posted):
    with pytest.raises(TamperedAnswers):
        read_answers([SINGLE, MULTIPLE], posted)


def test_a_question_is_shown_with_checkboxes_only_when_several_answers_are_right():
    assert MULTIPLE.multiple and not SINGLE.multiple


def test_a_question_asked_round_trips_through_its_stored_copy():
    assert AskedQuestion.from_json(MULTIPLE.to_json()) == MULTIPLE
