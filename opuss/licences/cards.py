"""The licence card and the lists an AS prints (memento 2011-2012).

"Le Carton Licence": the licence is printed in two copies, one for the AS and one for the pupil;
its verso carries the holder's photo, his signature and the head of establishment's, the
establishment's stamp "à cheval sur la licence ET la photo". Ours also carries a QR code: it opens
a public page that says whether the licence is valid, showing nothing personal beyond the name,
the category and the AS.

"Les élèves licenciés par Internet et n'ayant pas reçu leurs licences à temps pour la compétition
: L'AS a la possibilité d'éditer à partir du serveur la liste de ses licenciés, avec la date et
l'heure de prise de licence. Cette liste doit être certifiée par le chef d'établissement."
"""

from dataclasses import dataclass
from datetime import datetime

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from opuss.affiliations.documents import as_name
from opuss.core import clock
from opuss.licences.enums import LicenceState
from opuss.licences.models import Licence

TOKEN_SALT = "licence-card"


# --- the verification token and its QR code -------------------------------------------------


def verification_token(licence: Licence) -> str:
    """The licence's primary key, signed. No expiry: a card is valid for its season, and what
    the page says (valid, past, transferred) is read from the licence on each visit."""
    return signing.Signer(salt=TOKEN_SALT).sign(str(licence.pk))


def licence_pk_from_token(token: str) -> int | None:
    """The licence's primary key, or None for a token we did not sign."""
    try:
        value = signing.Signer(salt=TOKEN_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def verification_url(licence: Licence) -> str:
    """Absolute, on SITE_URL: the card is read by a phone that has never seen this server."""
    path = reverse("cards:verify", args=[verification_token(licence)])
    return settings.SITE_URL.rstrip("/") + path


def qr_data_uri(text: str) -> str:
    """A PNG QR code as a `data:` URI, the one kind of address the PDF printer accepts besides
    our static files. Medium error correction survives a fold or a stamp across a corner."""
    return segno.make_qr(text, error="m").png_data_uri(scale=10, border=2)


# --- what the verification page says --------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    valid: bool
    message: str


def verdict(licence: Licence) -> Verdict:
    if licence.state == LicenceState.TRANSFERRED:
        return Verdict(False, "Licence transférée : elle n'est plus valable dans cette AS")
    if licence.season.is_current:
        return Verdict(True, f"Licence valide pour la saison {licence.season}")
    return Verdict(False, "Licence d'une saison passée")


def verification_context(licence: Licence) -> dict:
    """Only what a referee at a competition needs to match the card with the pupil in front of
    him: name, category, AS, season and the verdict. No birth date, no contact, and no licence
    number (it is the pupil's login)."""
    association = licence.association
    return {
        "last_name": licence.pupil.last_name.upper(),
        "first_name": licence.pupil.first_name,
        "category": licence.category,
        "association_code": association.code,
        "establishment": str(association.establishment),
        "season": licence.season,
        "verdict": verdict(licence),
    }


# --- printed documents ----------------------------------------------------------------------


def moment(value: datetime | None) -> str:
    """ "06/10/2025 à 10h32", in the federation's time zone."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%d/%m/%Y} à {local:%H}h{local:%M}"


def card_context(licence: Licence) -> dict:
    url = verification_url(licence)
    association = licence.association
    return {
        "licence": licence,
        "pupil": licence.pupil,
        "association": association,
        "establishment": association.establishment,
        "season": licence.season,
        "verify_url": url,
        "qr": qr_data_uri(url),
        # The memento: "La licence est établie en 2 exemplaires (1 ex pour l'AS et 1 ex pour
        # l'élève)".
        "copies": ["Exemplaire de l'élève", "Exemplaire de l'AS"],
        "printed_at": moment(clock.now()),
    }


def certified_list_context(association, season, licences) -> dict:
    establishment = association.establishment
    return {
        "association": association,
        "establishment": establishment,
        "as_name": as_name(establishment),
        "season": season,
        "head": establishment.head_display,
        "rows": [(licence, moment(licence.created_at)) for licence in licences],
        "printed_at": moment(clock.now()),
    }


def adult_list_context(association, season, adult_licences) -> dict:
    establishment = association.establishment
    return {
        "association": association,
        "establishment": establishment,
        "as_name": as_name(establishment),
        "season": season,
        "rows": [(adult, moment(adult.created_at)) for adult in adult_licences],
        "printed_at": moment(clock.now()),
    }
