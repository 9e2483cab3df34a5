"""What each home lists under « À faire »: what the person has to do now, counted, with the page
where it is done. A few aggregate queries per home, whatever the number of AS in the territory."""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from opuss.affiliations import perms as affiliation_perms
from opuss.affiliations.enums import AffiliationState, BankDetailsState
from opuss.affiliations.models import Affiliation
from opuss.affiliations.selectors import affiliation_open, bank_details_missing, missing_items
from opuss.association_life.selectors import association_home_alerts, staff_home_alerts
from opuss.associations.models import SportsAssociation
from opuss.core import clock
from opuss.finance.mode_changes import decidable_by
from opuss.finance.models import ModeChangeState
from opuss.finance.settlement_selectors import OPEN, open_reject_count
from opuss.guardians.enums import CorrectionState
from opuss.guardians.models import GuardianRequest, GuardianResponse
from opuss.guardians.perms import handled_corrections

# How far ahead an entry deadline counts as « closing soon » on the AS home.
CLOSING_SOON = timedelta(days=14)
# The services' home counts the corrections to handle up to this many.
CORRECTIONS_COUNTED = 999


@dataclass(frozen=True)
class Task:
    label: str
    count: int
    url: str


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _counted(count: int, singular: str, plural: str, url: str) -> list[Task]:
    """A task when there is something to count, none otherwise."""
    return [Task(_plural(count, singular, plural), count, url)] if count else []


def unanswered() -> Q:
    """A licence whose guardian was sent a link and has not answered."""
    sent = Exists(GuardianRequest.objects.filter(licence=OuterRef("pk")))
    answered = Exists(GuardianResponse.objects.filter(licence=OuterRef("pk")))
    return Q(sent) & ~Q(answered)


def association_tasks(user, association, season, *, affiliation, figures) -> list[Task]:
    """The AS home's list: its affiliation (`season_affiliation`), and what its figures
    (opuss.associations.home) count: renewal requests, guardians, competitions closing."""
    if season is None or not affiliation_perms.can_fill_in(user, association):
        return []
    code = association.code
    tasks = _affiliation_tasks(association, season, affiliation)
    tasks += _counted(
        figures.renewals,
        "demande de renouvellement en attente",
        "demandes de renouvellement en attente",
        reverse("baskets:basket", args=[code]),
    )
    url = reverse("guardians:association", args=[code]) + "?etat=PENDING"
    tasks += _counted(
        figures.unanswered,
        "réponse de responsable légal manquante",
        "réponses de responsables légaux manquantes",
        url,
    )
    tasks += _counted(
        figures.closing,
        "compétition dont les inscriptions ferment sous 14 jours",
        "compétitions dont les inscriptions ferment sous 14 jours",
        reverse("competitions:association", args=[code]),
    )
    now = clock.now()
    tasks += [Task(label, 1, url) for label, url in association_home_alerts(association, now)]
    return tasks


def _affiliation_tasks(association, season, affiliation) -> list[Task]:
    form = reverse("affiliations:form", args=[association.code])
    if affiliation is None:
        if not affiliation_open(season).open:
            return []
        return [Task(f"S'affilier pour la saison {season}", 1, "#affiliation")]
    if affiliation.state == AffiliationState.RETURNED:
        return [Task("Affiliation renvoyée par le service régional : à corriger", 1, form)]
    if affiliation.state != AffiliationState.DRAFT:
        return []
    missing = len(missing_items(affiliation))
    if not missing:
        return [Task("Affiliation complète : à transmettre au service régional", 1, form)]
    label = "Affiliation à compléter : " + _plural(
        missing, "élément manquant", "éléments manquants"
    )
    return [Task(label, missing, form)]


def season_counts(user, season) -> dict[str, int]:
    """The season's affiliations in the user's territory, by state, with those whose direct
    debit still waits for bank details, and the AS that have not started a form."""
    affiliations = Affiliation.objects.for_user(user).filter(season=season)
    counts = affiliations.aggregate(
        **{state.value: Count("pk", filter=Q(state=state)) for state in AffiliationState},
        bank_missing=Count("pk", filter=Q(state=AffiliationState.PENDING) & bank_details_missing()),
    )
    started = Affiliation.objects.filter(season=season, association=OuterRef("pk"))
    counts["NOT_STARTED"] = (
        SportsAssociation.objects.for_user(user).filter(~Q(Exists(started))).count()
    )
    return counts


def staff_tasks(user, season, counts: dict[str, int]) -> list[Task]:
    """The services' list: forms to check, bank details missing, payment-mode changes to decide
    (SR, DN), guardians' corrections and unanswered links in their territory."""
    if season is None:
        return []
    worklist = reverse("affiliations:worklist")
    tasks = []
    tasks += _counted(
        counts["PENDING"],
        "formulaire d'affiliation à vérifier",
        "formulaires d'affiliation à vérifier",
        f"{worklist}?etat=PENDING",
    )
    bank_missing = urlencode({"etat": AffiliationState.PENDING, "banque": BankDetailsState.MISSING})
    tasks += _counted(
        counts["bank_missing"],
        "AS en prélèvement sans coordonnées bancaires",
        "AS en prélèvement sans coordonnées bancaires",
        f"{worklist}?{bank_missing}",
    )
    tasks += _counted(
        decidable_by(user).filter(season=season, state=ModeChangeState.REQUESTED).count(),
        "changement de mode de paiement à décider",
        "changements de mode de paiement à décider",
        reverse("mode_changes:list") + f"?etat={ModeChangeState.REQUESTED}",
    )
    tasks += _counted(
        open_reject_count(user),
        "rejet de prélèvement à régulariser",
        "rejets de prélèvement à régulariser",
        reverse("settlements:rejects") + f"?etat={OPEN}",
    )
    corrections = handled_corrections(
        user,
        GuardianResponse.objects.for_user(user).filter(
            licence__season=season, data_correct=False, handling__isnull=True
        ),
    )
    # Counted up to the cap: the whole country's (some 13,000 at 1.2 million pupils) took
    # 65 ms on every view of DN's home; past it the number is said as « plus de » (issue #14).
    todo = corrections.order_by()[: CORRECTIONS_COUNTED + 1].count()
    url = reverse("guardians:corrections") + f"?etat={CorrectionState.TODO}"
    if todo > CORRECTIONS_COUNTED:
        label = f"plus de {CORRECTIONS_COUNTED} corrections demandées par des responsables légaux"
        tasks += [Task(label, todo, url)]
    else:
        tasks += _counted(
            todo,
            "correction demandée par un responsable légal",
            "corrections demandées par des responsables légaux",
            url,
        )
    staff_page = reverse("guardians:staff")
    tasks += _counted(
        counts["unanswered"],
        "lien envoyé à un responsable légal sans réponse",
        "liens envoyés aux responsables légaux sans réponse",
        staff_page,
    )
    for count, label, url in staff_home_alerts(user, clock.now()):
        tasks += _counted(
            count,
            f"AS sans vie de l'AS {label} renseignée",
            f"AS sans vie de l'AS {label} renseignée",
            url,
        )
    return tasks
