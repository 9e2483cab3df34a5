"""Opening the next season (issue #15, « La saison suivante »): DN turns the year once the
season's rules file is on file.

What carries over needs no copy, because none of it is bound to a season: the AS, their bank
details and mandates (`finance.BankAccount`), the JO numbers (`licences.Pupil.jo_number`); the
affiliation form recalls last season's values, contract included, when the AS first opens it
(`affiliations.services.affiliation_open_for`), and the basket offers last season's licensees
for renewal (`licences.services.former_licensees`), both relative to the current season. What
does not carry over, affiliations and licences, is not created: each AS affiliates again and
takes its licences again."""

import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count

from opuss.affiliations.enums import AffiliationState, ContractTypeChoices
from opuss.affiliations.models import Affiliation
from opuss.associations.models import SportsAssociation
from opuss.core.audit import record
from opuss.finance.models import BankAccount
from opuss.licences.models import Licence, Pupil
from opuss.rules.errors import RulesError
from opuss.rules.season import load_season
from opuss.seasons.models import Season, forget

_LABEL = re.compile(r"(\d{4})-(\d{4})")


class SeasonError(Exception):
    """An opening refused; the message is French and shown as it is."""


@dataclass(frozen=True)
class Opening:
    """What an opening did, or found already done (`already_open`)."""

    season: Season
    previous: Season | None
    already_open: bool
    associations: int = 0
    bank_accounts: int = 0  # AS with bank details (their latest mandate stays in force)
    personalised: int = 0  # AS affiliated last season in the personalised contract
    accompanied: int = 0
    renewals: int = 0  # last season's licensees, offered for renewal in their AS's basket
    jo_numbers: int = 0
    affiliations_created: int = 0
    licences_created: int = 0

    def lines(self) -> list[str]:
        """The report of the opening, in French, one fact a line."""
        if self.already_open:
            return [f"La saison {self.season} est déjà ouverte : rien n'a été modifié."]
        return [
            f"Saison {self.season} ouverte"
            + (f" (la saison {self.previous} est close)." if self.previous else "."),
            f"AS reconduites : {self.associations}",
            f"AS avec coordonnées bancaires et mandat reconduits : {self.bank_accounts}",
            f"Contrat proposé par défaut : personnalisé pour {self.personalised} AS, "
            f"accompagné pour {self.accompanied} AS (celui de {self.previous or 'la saison'})",
            f"Licenciés de {self.previous or 'la saison précédente'} proposés au "
            f"renouvellement : {self.renewals}",
            f"Numéros de Jeune Officiel conservés : {self.jo_numbers}",
            f"Affiliations créées : {self.affiliations_created} (chaque AS se réaffilie)",
            f"Licences créées : {self.licences_created} (chaque AS reprend ses licences)",
        ]


def next_label(current: Season | None) -> str | None:
    """The label of the season that may be opened after `current` ("2026-2027")."""
    if current is None:
        return None
    return f"{current.start_year + 1}-{current.start_year + 2}"


def opening_refusal(label: str) -> str | None:
    """Why `label` cannot be opened now (its file missing or invalid, it does not follow the
    current season), or None; read only, for the page that offers to open it."""
    try:
        start_year = _start_year(label)
        _check_rules(label)
        _check_follows(Season.objects.current_or_none(), label, start_year)
    except SeasonError as error:
        return str(error)
    return None


def season_open(*, label: str, actor) -> Opening:
    """Makes the season `label` ("2026-2027") the current one. Refused (SeasonError) unless its
    rules file exists and is valid and it follows the current season; opening it again says so
    and changes nothing."""
    start_year = _start_year(label)
    _check_rules(label)
    with transaction.atomic():
        # One opening at a time: the current season's row is the lock.
        current = Season.objects.select_for_update().filter(is_current=True).first()
        if current is not None and current.start_year == start_year:
            return Opening(season=current, previous=current.previous(), already_open=True)
        _check_follows(current, label, start_year)
        if current is not None:
            current.is_current = False
            current.save(update_fields=["is_current"])
        season, _ = Season.objects.get_or_create(start_year=start_year)
        season.is_current = True
        season.save(update_fields=["is_current"])
        forget()
        opening = _carried_over(season, current)
        record(
            actor=actor,
            action="saison ouverte",
            obj=season,
            before={"saison en cours": current.label if current else ""},
            after=_audit(opening),
        )
    return opening


def _start_year(label: str) -> int:
    found = _LABEL.fullmatch(label.strip())
    if found is None or int(found[2]) != int(found[1]) + 1:
        raise SeasonError(
            f"« {label} » n'est pas une saison : attendu AAAA-AAAA, deux années qui se suivent "
            "(par exemple 2026-2027)."
        )
    return int(found[1])


def _check_rules(label: str) -> None:
    try:
        load_season(label)
    except RulesError as error:
        raise SeasonError(
            f"La saison {label} ne peut pas être ouverte : {error} Déposez son fichier de "
            f"règles (opuss/rules/seasons/{label}.toml) avant de l'ouvrir."
        ) from error


def _check_follows(current: Season | None, label: str, start_year: int) -> None:
    if current is None:
        raise SeasonError("Aucune saison n'est ouverte : la première s'ouvre avec « opuss init ».")
    if start_year != current.start_year + 1:
        expected = f"{current.start_year + 1}-{current.start_year + 2}"
        raise SeasonError(
            f"La saison {label} ne suit pas la saison en cours ({current}) : seule la saison "
            f"{expected} peut être ouverte."
        )


def _carried_over(season: Season, previous: Season | None) -> Opening:
    contracts = dict(
        Affiliation.objects.filter(season=previous, state=AffiliationState.AFFILIATED)
        .values_list("contract_type")
        .annotate(count=Count("pk"))
    )
    return Opening(
        season=season,
        previous=previous,
        already_open=False,
        associations=SportsAssociation.objects.count(),
        bank_accounts=BankAccount.objects.values("association").distinct().count(),
        personalised=contracts.get(ContractTypeChoices.PERSONALISED, 0),
        accompanied=contracts.get(ContractTypeChoices.ACCOMPANIED, 0),
        renewals=Licence.objects.filter(season=previous).values("pupil").distinct().count(),
        jo_numbers=Pupil.objects.exclude(jo_number="").count(),
        affiliations_created=Affiliation.objects.filter(season=season).count(),
        licences_created=Licence.objects.filter(season=season).count(),
    )


def _audit(opening: Opening) -> dict:
    return {
        "saison en cours": opening.season.label,
        "AS reconduites": opening.associations,
        "AS avec coordonnées bancaires": opening.bank_accounts,
        "contrat personnalisé par défaut": opening.personalised,
        "contrat accompagné par défaut": opening.accompanied,
        "licenciés proposés au renouvellement": opening.renewals,
        "numéros de Jeune Officiel": opening.jo_numbers,
        "affiliations créées": opening.affiliations_created,
        "licences créées": opening.licences_created,
    }
