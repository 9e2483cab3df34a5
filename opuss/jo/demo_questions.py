"""The demo's question bank, read from opuss/demo/tables/jo_questions.toml: the national bank
and a few questions of the académie de Strasbourg. Each answer starts with "+" (right) or "-"
(wrong)."""

from dataclasses import dataclass
from typing import Any

from opuss.demo.tables import load
from opuss.jo.enums import JoLevel, JoRole


@dataclass(frozen=True)
class DemoQuestion:
    role: JoRole
    level: JoLevel
    activity: str | None
    text: str
    answers: tuple[str, ...]
    explanation: str = ""

    @property
    def choices(self) -> list[tuple[str, bool]]:
        return [(answer[1:].strip(), answer.startswith("+")) for answer in self.answers]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "DemoQuestion":
        return cls(
            role=JoRole[row["role"]],
            level=JoLevel[row["level"]],
            activity=row.get("activity"),
            text=row["text"],
            answers=tuple(row["answers"]),
            explanation=row.get("explanation", ""),
        )


_BANKS = load("jo_questions.toml")
NATIONAL = [DemoQuestion.from_row(row) for row in _BANKS["national"]]
STRASBOURG = [DemoQuestion.from_row(row) for row in _BANKS["strasbourg"]]
