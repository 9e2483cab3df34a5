"""The JO questionnaire's rules (no Django here): drawing the questions, reading what was posted,
scoring.

Seed 000, "QUESTIONNAIRE JO : module qui permet aux Jeunes Officiel et aux licenciés UNSS de
renforcer, de tester, et d'évaluer leurs connaissances JO". A question is right only when the
boxes ticked are exactly its correct answers: one missing or one too many and it is wrong."""

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

QUESTIONS_PER_QUIZ = 10
FIELD_PREFIX = "question-"


@dataclass(frozen=True)
class AskedChoice:
    id: int
    text: str
    correct: bool


@dataclass(frozen=True)
class AskedQuestion:
    """A question as it was put to the pupil: later edits of the bank do not change it."""

    id: int
    text: str
    explanation: str
    choices: tuple[AskedChoice, ...]

    @property
    def correct_ids(self) -> frozenset[int]:
        return frozenset(c.id for c in self.choices if c.correct)

    @property
    def multiple(self) -> bool:
        """Several correct answers: the pupil ticks boxes; otherwise he picks one."""
        return len(self.correct_ids) > 1

    @property
    def field_name(self) -> str:
        return f"{FIELD_PREFIX}{self.id}"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "explanation": self.explanation,
            "choices": [{"id": c.id, "text": c.text, "correct": c.correct} for c in self.choices],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "AskedQuestion":
        return cls(
            id=int(data["id"]),
            text=str(data["text"]),
            explanation=str(data.get("explanation", "")),
            choices=tuple(
                AskedChoice(id=int(c["id"]), text=str(c["text"]), correct=bool(c["correct"]))
                for c in data["choices"]
            ),
        )


def draw(
    bank: Sequence[AskedQuestion], rng: random.Random, count: int = QUESTIONS_PER_QUIZ
) -> list[AskedQuestion]:
    """`count` questions of the bank, or all of them if it has fewer, in a random order, each
    with its answers shuffled (authors often write the right one first). The same bank, in the
    same order, and the same seed give the same questionnaire."""
    drawn = rng.sample(list(bank), min(count, len(bank)))
    return [replace(q, choices=tuple(rng.sample(q.choices, len(q.choices)))) for q in drawn]


class TamperedAnswers(Exception):
    """What was posted is not an answer to the questions asked."""


def read_answers(
    asked: Sequence[AskedQuestion], posted: Mapping[str, Sequence[str]]
) -> dict[int, frozenset[int]]:
    """The choices ticked for each question asked (an empty set when none), from the posted
    fields named `question-<id>`. Raises TamperedAnswers for a question that was not asked, a
    choice that is not one of its question's, or several choices where one only may be picked."""
    by_id = {q.id: q for q in asked}
    answers: dict[int, frozenset[int]] = {q.id: frozenset() for q in asked}
    for name, values in posted.items():
        question_id = _question_id(name)
        question = by_id.get(question_id) if question_id is not None else None
        if question is None:
            raise TamperedAnswers(f"question non posée : {name}")
        chosen = frozenset(_choice_id(value) for value in values)
        if not chosen <= {c.id for c in question.choices}:
            raise TamperedAnswers(f"réponse inconnue à la question {question.id}")
        if len(chosen) > 1 and not question.multiple:
            raise TamperedAnswers(f"plusieurs réponses à la question {question.id}")
        answers[question.id] = chosen
    return answers


def _question_id(name: str) -> int | None:
    digits = name.removeprefix(FIELD_PREFIX)
    return int(digits) if digits != name and _is_number(digits) else None


def _choice_id(value: str) -> int:
    if not _is_number(value):
        raise TamperedAnswers(f"réponse illisible : {value!r}")
    return int(value)


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdigit()


def unanswered(asked: Sequence[AskedQuestion], answers: Mapping[int, frozenset[int]]) -> set[int]:
    return {q.id for q in asked if not answers.get(q.id)}


def is_right(question: AskedQuestion, chosen: frozenset[int]) -> bool:
    return chosen == question.correct_ids


@dataclass(frozen=True)
class Score:
    right: int
    total: int

    def __str__(self) -> str:
        return f"{self.right} / {self.total}"


def score(asked: Sequence[AskedQuestion], answers: Mapping[int, frozenset[int]]) -> Score:
    right = sum(is_right(q, answers.get(q.id, frozenset())) for q in asked)
    return Score(right=right, total=len(asked))
