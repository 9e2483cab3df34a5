"""Who may be entered in a competition (seed 000, "Je peux m'inscrire : Liste des compétitions
auxquelles le licencié peut s'inscrire par l'intermédiaire de son enseignant EPS").

Plain Python, no Django: the facts about a pupil and a competition go in, a verdict with a French
reason for each refusal comes out. A pupil may be entered when he holds an active licence of the
competition's season, his licence's age category is one the competition is open to, his sex fits
(a mixed competition takes both), the competition is of his territory (his AS's district,
department or académie, or national) and its entry deadline has not passed."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

# The values shared with the database's choices (opuss.competitions.enums).
MIXED = "X"
DISTRICT = "DISTRICT"
DEPARTMENT = "DEPARTMENT"
ACADEMY = "ACADEMY"

PARIS = ZoneInfo("Europe/Paris")
SEX_RESERVED = {"F": "aux filles", "M": "aux garçons"}

Territory = tuple[str, int]  # (level, primary key of the district, department or académie)


@dataclass(frozen=True)
class Candidate:
    """A pupil as the rule sees him, through his licence of the competition's season."""

    sex: str  # "F" or "M"
    category: str | None  # the licence's age category; None: no licence that season
    licence_active: bool
    territories: frozenset[Territory]  # his AS's district, department and académie


@dataclass(frozen=True)
class Terms:
    """What a competition asks of its entrants."""

    season: str  # "2025-2026"
    categories: tuple[str, ...]  # in the season's order, youngest first
    sex: str  # "F", "M" or MIXED
    territory: Territory | None  # None: national
    territory_phrase: str  # "du district 68-Mulhouse lycées", "de l'académie de Strasbourg"
    entry_deadline: datetime  # aware


@dataclass(frozen=True)
class Verdict:
    reasons: tuple[str, ...]

    @property
    def eligible(self) -> bool:
        return not self.reasons


def entries_open(entry_deadline: datetime, now: datetime) -> bool:
    """The deadline is the last moment an entry is accepted."""
    return now <= entry_deadline


def judge(candidate: Candidate, terms: Terms, now: datetime) -> Verdict:
    """Every reason at once; without an active licence the others (his category, his AS's
    territory) are not known, so that one is the only one said, with the deadline."""
    licence = _licence_reason(candidate, terms)
    if licence:
        reasons: tuple[str | None, ...] = (licence, _deadline_reason(terms, now))
    else:
        reasons = (
            _category_reason(candidate, terms),
            _sex_reason(candidate, terms),
            _territory_reason(candidate, terms),
            _deadline_reason(terms, now),
        )
    return Verdict(tuple(reason for reason in reasons if reason))


def moment_text(moment: datetime) -> str:
    """ "03/10/2025 à 18h00", in Paris time."""
    local = moment.astimezone(PARIS)
    return f"{local:%d/%m/%Y} à {local:%H}h{local:%M}"


def deadline_text(moment: datetime) -> str:
    return f"le {moment_text(moment)}"


def _licence_reason(candidate: Candidate, terms: Terms) -> str | None:
    if candidate.category is None or not candidate.licence_active:
        return f"pas de licence active pour la saison {terms.season}"
    return None


def _category_reason(candidate: Candidate, terms: Terms) -> str | None:
    if candidate.category in terms.categories:
        return None
    if len(terms.categories) == 1:
        wanted = f"à la catégorie {terms.categories[0]}"
    else:
        wanted = f"aux catégories {', '.join(terms.categories[:-1])} et {terms.categories[-1]}"
    return f"catégorie {candidate.category} : la compétition est réservée {wanted}"


def _sex_reason(candidate: Candidate, terms: Terms) -> str | None:
    if terms.sex == MIXED or terms.sex == candidate.sex:
        return None
    return f"la compétition est réservée {SEX_RESERVED[terms.sex]}"


def _territory_reason(candidate: Candidate, terms: Terms) -> str | None:
    if terms.territory is None or terms.territory in candidate.territories:
        return None
    return f"la compétition est réservée aux AS {terms.territory_phrase}"


def _deadline_reason(terms: Terms, now: datetime) -> str | None:
    if entries_open(terms.entry_deadline, now):
        return None
    return f"les inscriptions sont closes depuis {deadline_text(terms.entry_deadline)}"
