"""What a pupil is shown of his AS (seed 000, the four tabs: AS, Animateurs, Activités encadrées,
Sections sportives). The animateurs and sections are those of the AS's latest affiliation the
regional service accepted: a form still in progress is not yet the AS's word."""

from dataclasses import dataclass, field

from opuss.affiliations.enums import AffiliationState
from opuss.affiliations.models import Affiliation, AffiliationAnimateur, SportsSection
from opuss.associations.models import SportsAssociation
from opuss.associations.signals import generation
from opuss.core.caching import kept


@dataclass(frozen=True)
class Panel:
    association: object
    animateurs: list[AffiliationAnimateur] = field(default_factory=list)
    sections: list[SportsSection] = field(default_factory=list)

    @property
    def activities(self) -> list[str]:
        """ "Activités encadrées": every activity one of its animateurs leads."""
        return sorted(
            {activity.name for a in self.animateurs for activity in a.activities.all()},
            key=str.casefold,
        )


def latest_accepted_affiliation(association) -> Affiliation | None:
    return (
        Affiliation.objects.filter(association=association, state=AffiliationState.AFFILIATED)
        .order_by("-season__start_year")
        .first()
    )


# A change to the AS or its affiliation shows at once (opuss.associations.signals); this
# bounds what no signal tells.
PANEL_SECONDS = 300


def kept_association(pk: int):
    """The AS with its establishment and territories, kept: every page of its pupils shows
    them (their header, their home). A change to the AS shows at once, one to its
    establishment's address within PANEL_SECONDS."""
    return kept(
        [generation(pk)],
        f"associations:as:{pk}",
        lambda: SportsAssociation.objects.select_related(
            "establishment", "department__academy", "district"
        ).get(pk=pk),
        PANEL_SECONDS,
    )


def panel(association) -> Panel:
    """Kept per AS: each of its pupils' homes shows the same (issue #14)."""
    return kept(
        [generation(association.pk)],
        f"associations:panel:{association.pk}",
        lambda: _panel(association),
        PANEL_SECONDS,
    )


def _panel(association) -> Panel:
    affiliation = latest_accepted_affiliation(association)
    if affiliation is None:
        return Panel(association)
    return Panel(
        association,
        animateurs=list(
            affiliation.animateurs.prefetch_related("activities").order_by(
                "last_name", "first_name"
            )
        ),
        sections=list(affiliation.sections.select_related("activity")),
    )
