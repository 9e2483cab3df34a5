from dataclasses import dataclass, field
from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject

from opuss.accounts.enums import AS_ROLES, STAFF_ROLES, Role
from opuss.accounts.perms import holds_any_role
from opuss.accounts.roles import active_assignment, home_url, sorted_assignments


def active_role(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    assignment = active_assignment(request)
    return {
        "active_assignment": assignment,
        "all_assignments": sorted_assignments(user),
        # Read only where the header is drawn: a pupil's is his latest licence's AS, a query.
        "header_association": SimpleLazyObject(lambda: _association_of(user, assignment)),
        "holds_staff_role": holds_any_role(user, STAFF_ROLES),  # « Sécurité du compte »
        # A callable: the template engine calls it only where the menu is drawn (not in fragments).
        "main_menu": lambda: main_menu(request.path, assignment),
    }


def _association_of(user, assignment):
    """The AS shown in the header (seed 000: "AS 24214 Licencié"): the role's, or for a pupil
    the AS of his latest licence."""
    if assignment is None:
        return None
    if assignment.role == Role.PUPIL:
        from opuss.licences.selectors import latest_licence_of

        licence = latest_licence_of(user)
        return licence.association if licence else None
    return assignment.association


# --- the main menu --------------------------------------------------------------------------


@dataclass
class MenuEntry:
    """A link, or a group of links (`children`) drawn as a disclosure, as seed 000 groups them."""

    label: str
    url: str = ""
    children: list["MenuEntry"] = field(default_factory=list)
    current: bool = False


def link(label: str, name: str, *args) -> MenuEntry:
    return MenuEntry(label, _address(name, args, get_script_prefix(), get_urlconf()))


# The menu is drawn on every page with the same few dozen addresses per AS: reversed once per
# process (the prefix and the URL configuration are part of the key, for tests that change them).
@lru_cache(maxsize=32768)
def _address(name: str, args: tuple, prefix: str, urlconf) -> str:
    return reverse(name, args=args, urlconf=urlconf)


def group(label: str, *children: MenuEntry) -> MenuEntry:
    return MenuEntry(label, children=list(children))


def main_menu(path: str, assignment) -> list[MenuEntry]:
    entries = [MenuEntry("Accueil", home_url(assignment)), *_entries_of(assignment)]
    for entry in entries:
        for child in entry.children:
            child.current = child.url == path
        entry.current = entry.url == path or any(child.current for child in entry.children)
    return entries


def _entries_of(assignment) -> list[MenuEntry]:
    if assignment is None:
        return []
    if assignment.role == Role.PUPIL:
        return _pupil_entries()
    if assignment.role in AS_ROLES:
        return _association_entries(assignment.association.code)
    return _staff_entries(assignment.role)


def _pupil_entries() -> list[MenuEntry]:
    """Seed 000's menu of the licencié's space, in its order."""
    return [
        group(
            "Licences",
            link("Mes licences", "licences:pupil_licences"),
            link("Renouvellement", "licences:pupil_renewal"),
        ),
        link("J.O.", "jo:pupil_jo"),
        group(
            "Compétitions",
            link("Je peux m'inscrire", "competitions:pupil_open"),
            link("J'ai participé", "competitions:pupil_participated"),
        ),
        link("Mon actualité", "content:pupil_news"),
        link("Mes partenaires", "content:pupil_partners"),
        link("Registre de mon AS", "register:pupil_register"),
        link("Questionnaire JO", "jo:quiz"),
    ]


def _association_entries(code: str) -> list[MenuEntry]:
    return [
        link("Affiliation", "affiliations:form", code),
        group(
            "Finances",
            link("Compte de l'AS", "finances:association", code),
            link("Rejets et aides", "settlements:association", code),
        ),
        group(
            "Licences",
            link("Prendre des licences", "baskets:basket", code),
            link("Licenciés", "associations:licences", code),
            link("Responsables légaux", "guardians:association", code),
            link("Licences adultes", "cards:adults", code),
        ),
        group(
            "Vie de l'AS",
            link("Compétitions", "competitions:association", code),
            link("Jeunes Officiels", "jo:association", code),
            link("Registre de l'AS", "register:association", code),
            link("Tableau de bord", "dashboards:dashboard"),
            link("Statistiques de la saison", "association_life:association", code),
        ),
        group(
            "Communication",
            link("Articles", "content:manage"),
            link("Partenaires", "content:partners_manage"),
        ),
    ]


def _staff_entries(role: str) -> list[MenuEntry]:
    deciders = role in (Role.SR, Role.DN)
    associations = [
        link("Associations sportives", "associations:list"),
        link("Districts", "territories:district_list"),
        link("Vie des AS", "association_life:staff_list"),
        *([link("Créer une AS", "associations:create")] if deciders else []),
    ]
    jo = [
        link("Jeunes Officiels", "jo:staff"),
        *([link("Questionnaire JO", "jo:questions")] if deciders else []),
    ]
    return [
        link("Tableau de bord", "dashboards:dashboard"),
        link("Affiliations", "affiliations:worklist"),
        group("Associations", *associations),
        group(
            "Licences",
            link("Licences", "cards:region_licences"),
            *([link("Licence à l'unité (CNED)", "unit_licences:create")] if deciders else []),
            link("Responsables légaux", "guardians:staff"),
        ),
        group("Compétitions et J.O.", link("Compétitions", "competitions:manage"), *jo),
        group(
            "Communication",
            link("Articles", "content:manage"),
            link("Partenaires", "content:partners_manage"),
        ),
        group("Finances", *_staff_finance_entries(role)),
        *([link("Administration", "admin:index")] if role == Role.DN else []),
    ]


def _staff_finance_entries(role: str) -> list[MenuEntry]:
    """The SD reads its AS's accounts; the SR and DN keep the accounts, DN the national runs."""
    deciders = role in (Role.SR, Role.DN)
    national = role == Role.DN
    return [
        link("Finances des AS", "finances:list"),
        *([link("Comptabilité", "finances:accounting")] if deciders else []),
        *([link("Prélèvements SEPA", "debits:batches")] if national else []),
        *([link("Rejets et règlements", "settlements:rejects")] if deciders else []),
        *([link("Aides nationales", "settlements:aids")] if national else []),
        link("Changements de mode de paiement", "mode_changes:list"),
    ]
