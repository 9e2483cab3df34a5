"""How long the federation keeps each kind of personal data, and why: one table read by
`opuss retention` (what it erases, and when) and by the « Données personnelles » page (what it
tells families). docs/privacy.md gives the reasoning at length.

RGPD art. 5-1-e: personal data are kept in a form that identifies people no longer than their
purposes need. Each period below names the purpose that sets it."""

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Period:
    key: str
    what: str  # the data, as the page names them
    years: int | None  # None: not erased by age (see `kept`)
    counted_from: str  # "après la réponse": completes "10 ans …"
    then: str  # what happens at the end
    why: str  # the reason, with its source
    kept_text: str = ""  # says the duration when it is not a number of years

    @property
    def kept(self) -> str:
        if self.years is None:
            return self.kept_text
        unit = "an" if self.years == 1 else "ans"
        return f"{self.years} {unit} {self.counted_from}"


GUARDIAN_ANSWERS = Period(
    key="guardian_answers",
    what=(
        "Réponses des responsables légaux : éléments de la licence confirmés ou à corriger, "
        "droit à l'image, mentions RGPD et assurances lues, option IA Sport+, nom du "
        "responsable, et les textes exacts qui lui ont été présentés"
    ),
    years=10,
    counted_from="après la réponse",
    then=(
        "Le nom du responsable, la correction demandée et les textes présentés sont effacés ; "
        "les réponses (oui / non) restent, sans personne derrière, pour les statistiques."
    ),
    why=(
        "La circulaire UNSS 2025-2026 demande de conserver et d'archiver ce consentement "
        "pendant 10 ans ; l'autorisation de droit à l'image est elle-même donnée pour 10 ans à "
        "compter de la prise de licence. Jamais effacées avant ces 10 ans."
    ),
)
PUPIL_IDENTITY = Period(
    key="pupil_identity",
    what=(
        "Identité et coordonnées du licencié : nom, prénom, date de naissance exacte, INE, "
        "e-mail, téléphones, e-mail et téléphones des responsables légaux, n° de Jeune Officiel, "
        "handicap, message de renouvellement, les copies de ces données dans les paniers de "
        "licences de son AS, et son compte de connexion"
    ),
    years=10,
    counted_from="après la fin (le 31 août) de sa dernière saison de licence",
    then=(
        "Anonymisées : le nom devient « ANONYME », la date de naissance le 1er janvier de son "
        "année, le compte est fermé. Le sexe, l'année de naissance et les licences (saison, AS, "
        "catégorie, assurance) restent, pour que les effectifs et les statistiques restent justes."
    ),
    why=(
        "Une licence et la réponse de ses responsables se renvoient l'une à l'autre : la réponse "
        "ne prouve rien si l'on ne sait plus de quel enfant elle parle. L'identité reste donc "
        "tant qu'une réponse de ses responsables est conservée, et jamais moins de 10 ans après "
        "sa dernière saison."
    ),
)
LICENCES = Period(
    key="licences",
    what=(
        "Licences (saison, AS, numéro, catégorie, assurance, état), inscriptions et résultats "
        "aux compétitions, certifications et questionnaires de Jeune Officiel"
    ),
    years=None,
    counted_from="",
    kept_text="Sans limite de durée",
    then="Jamais supprimées : une fois l'identité anonymisée, elles ne désignent plus personne.",
    why=(
        "« Une licence saisie ne peut pas être supprimée » (mémento OPUSS) : elle prouve "
        "l'assurance, la cotisation de l'AS et les effectifs de la fédération."
    ),
)
INACTIVE_ACCOUNTS = Period(
    key="inactive_accounts",
    what="Mot de passe des comptes de connexion qui ne servent plus",
    years=3,
    counted_from="sans connexion",
    then=(
        "Le mot de passe est effacé et les sessions fermées. Le titulaire retrouve son compte "
        "par « Mot de passe oublié » ou « Ma 1re connexion »."
    ),
    why=(
        "Un compte oublié est une porte d'entrée à fermer (sécurité des données, article 32 du "
        "RGPD). Trois ans sans activité est la durée que la CNIL retient dans ses référentiels "
        "pour considérer une personne comme inactive."
    ),
)
CONTACT_MESSAGES = Period(
    key="contact_messages",
    what=(
        "Traces des messages qu'un licencié envoie à son AS ou à un animateur : destinataire, "
        "objet, date (le texte n'est pas conservé)"
    ),
    years=1,
    counted_from="après l'envoi",
    then="Supprimées.",
    why=(
        "Elles ne servent qu'à limiter le nombre de messages par jour et à répondre à une "
        "question sur un envoi récent."
    ),
)
ABANDONED_BASKETS = Period(
    key="abandoned_baskets",
    what=(
        "Élèves saisis ou importés dans un panier de licences jamais validé (aucune licence "
        "n'a été prise pour eux)"
    ),
    years=1,
    counted_from="après la création du panier",
    then="Supprimés.",
    why="Sans licence, ces données n'ont plus d'usage une fois la saison de licences passée.",
)
ACCESS_LOGS = Period(
    key="access_logs",
    what=(
        "Journaux de connexion : identifiant saisi, adresse IP, navigateur, date, connexions "
        "refusées"
    ),
    years=1,
    counted_from="après la connexion",
    then="Supprimés.",
    why=(
        "La CNIL recommande de conserver les journaux de connexion de six mois à un an : assez "
        "pour détecter une intrusion et l'instruire."
    ),
)
SESSIONS = Period(
    key="sessions",
    what="Sessions de connexion (le cookie qui vous garde connecté)",
    years=None,
    counted_from="",
    kept_text="Jusqu'à leur expiration, 14 jours au plus",
    then="Supprimées.",
    why="Une session expirée ne sert plus à rien.",
)
AUDIT = Period(
    key="audit",
    what=(
        "Journal des modifications : qui a modifié une licence, une AS ou une réponse, quand, "
        "avant et après"
    ),
    years=10,
    counted_from="après la modification",
    then=(
        "Supprimées. Dès l'anonymisation d'un licencié, les entrées qui le concernent perdent "
        "les valeurs qui le nommaient."
    ),
    why=(
        "Le journal prouve les corrections apportées aux licences et aux réponses des "
        "responsables : il suit leur durée de 10 ans."
    ),
)
EXPORTS = Period(
    key="exports",
    what=(
        "Fichiers d'export préparés en arrière-plan pour le personnel (listes XLSX, liste des "
        "licenciés à faire certifier) : les lignes de la liste telle qu'elle était demandée"
    ),
    years=None,
    counted_from="",
    kept_text="7 jours après la demande",
    then="Supprimés, avec la trace de la demande.",
    why=(
        "Le fichier n'est qu'une copie de données gardées ailleurs : il ne sert que le temps de "
        "le télécharger."
    ),
)

IMPORT_JOB_DAYS = 7
IMPORTS = Period(
    key="imports",
    what=(
        "Listes d'élèves qu'une AS importe et qui sont vérifiées en arrière-plan : le fichier, "
        "jusqu'à sa lecture, puis l'aperçu de l'import (élèves, classes, contacts des "
        "responsables légaux)"
    ),
    years=None,
    counted_from="",
    kept_text=f"{IMPORT_JOB_DAYS} jours après l'import",
    then="Supprimées.",
    why=(
        "L'aperçu ne sert qu'à choisir ce qui va au panier ; ce qui y est ajouté y est gardé, "
        "avec sa propre durée."
    ),
)

PERIODS = (
    GUARDIAN_ANSWERS,
    PUPIL_IDENTITY,
    LICENCES,
    INACTIVE_ACCOUNTS,
    CONTACT_MESSAGES,
    ABANDONED_BASKETS,
    ACCESS_LOGS,
    SESSIONS,
    AUDIT,
    EXPORTS,
    IMPORTS,
)


def years_before(moment: datetime, years: int) -> datetime:
    """The same day and time `years` earlier; 29 February becomes 28 February."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def season_end(start_year: int) -> date:
    """The day after a season (1 September): a school year runs from September to August."""
    return date(start_year + 1, 9, 1)


def last_season_over(today: date, years: int) -> int:
    """The start year of the latest season that ended at least `years` years before `today`."""
    latest = today.year - years - 1
    ended = season_end(latest)
    return latest if ended.replace(year=ended.year + years) <= today else latest - 1
