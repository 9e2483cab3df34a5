"""The ministry's « Annuaire de l'éducation » (data.education.gouv.fr, fr-en-annuaire-education)
read the federation's way: which of the circular's establishment types a row is, the name
without its type, the department's code as the federation writes it.

Readings (docs/rules.md, « L'annuaire de l'éducation »):
- Collège is COL; EREA is EEA (the circular's « Établissement d'enseignement adapté (EREA) »);
  the directory's « Médico-social » (IME, ITEP...) is ES, the circular's « établissement
  spécialisé »; its « Autre » is AUT, the circular's « Autre ».
- A Lycée is told apart by its tracks (Voie_generale, Voie_technologique,
  Voie_professionnelle) and Lycee_Agricole: agricultural with the professional track only, LPA,
  other agricultural ones LA; general or technological with the professional track, LPO (the
  ministry's « lycée polyvalent »); the professional track only, LP; otherwise LYC. A lycée
  without any track flag is read from its nature code (320 LP, 306 LPO, 307 LA), else LYC.
- Écoles, administrative services and CIOs have no AS: such rows are refused with the reason.
  So is a type the directory may add one day: guessing it would set an AS's fee.
"""

import re
import unicodedata
from dataclasses import dataclass

from opuss.rules.text import name_key


class OutOfScope(ValueError):
    """A row the federation has no establishment for. The message is in French."""


@dataclass(frozen=True)
class DirectoryType:
    """What the directory says of an establishment's kind."""

    label: str  # Type_etablissement: "Collège", "Lycée", "EREA", "Ecole"...
    general: bool = False
    technological: bool = False
    professional: bool = False
    agricultural: bool = False
    nature: str = ""  # code_nature: "300", "320"...


_FIRST_DEGREE = (
    "une école du premier degré n'a pas d'AS : l'UNSS est le sport scolaire du second degré"
)
_NOT_A_SCHOOL = "n'est pas un établissement scolaire et n'a pas d'AS"
_BY_LABEL = {"college": "COL", "erea": "EEA", "medicosocial": "ES", "autre": "AUT"}
_LYCEE_BY_NATURE = {"320": "LP", "306": "LPO", "307": "LA"}
_REFUSED = {
    "ecole": _FIRST_DEGREE,
    "serviceadministratif": f"un service administratif {_NOT_A_SCHOOL}",
    "informationetorientation": f"un centre d'information et d'orientation {_NOT_A_SCHOOL}",
}


def circular_type(kind: DirectoryType) -> str:
    """The circular's type code of a directory row, or OutOfScope with the reason."""
    key = name_key(kind.label)
    if key in _BY_LABEL:
        return _BY_LABEL[key]
    if key == "lycee":
        return _lycee_type(kind)
    if key in _REFUSED:
        raise OutOfScope(f"Type « {kind.label} » : {_REFUSED[key]}.")
    shown = kind.label.strip() or "vide"
    raise OutOfScope(
        f"Type « {shown} » inconnu : seuls Collège, Lycée, EREA, Médico-social et Autre sont "
        "importés."
    )


def _lycee_type(kind: DirectoryType) -> str:
    general = kind.general or kind.technological
    if kind.agricultural:
        return "LPA" if kind.professional and not general else "LA"
    if kind.professional:
        return "LPO" if general else "LP"
    if general:
        return "LYC"
    return _LYCEE_BY_NATURE.get(kind.nature.strip(), "LYC")


# How the directory's names start: « Lycée polyvalent Charles de Gaulle », « Collège privé
# Saint-Joseph », « Lycée général et technologique agricole ... ». Compared without accents.
_HEADS = ("etablissement regional d'enseignement adapte", "college", "lycee", "erea")
_FOLLOWERS = (
    "general",
    "generale",
    "technologique",
    "professionnel",
    "professionnelle",
    "polyvalent",
    "polyvalente",
    "agricole",
    "prive",
    "privee",
    "public",
    "publique",
    "d'enseignement",
    "des metiers",
    "de l'enseignement",
    "college",
    "lycee",
    "erea",
)
_JOINERS = ("et", "-", ",")


def _fold(text: str) -> str:
    """Lower case without accents, one character for one (so positions match the original)."""
    return "".join(_fold_char(char) for char in text.lower())


def _fold_char(char: str) -> str:
    return unicodedata.normalize("NFD", char)[0]


def _starts_with_word(folded: str, words: tuple[str, ...]) -> int:
    """The length of the word of `words` that `folded` starts with (followed by a space or the
    end), 0 if none."""
    for word in sorted(words, key=len, reverse=True):
        if folded.startswith(word) and (len(folded) == len(word) or folded[len(word)] == " "):
            return len(word)
    return 0


def bare_name(name: str) -> str:
    """The name without the type in front, as the federation files it: « Lycée polyvalent
    Charles de Gaulle » is « Charles de Gaulle » (opuss shows « Lycée polyvalent Charles de
    Gaulle » from the type). A name that is nothing but its type is kept whole."""
    text = " ".join(name.split())
    rest = text
    length = _starts_with_word(_fold(rest), _HEADS)
    if not length:
        return text
    rest = rest[length:].lstrip()
    while rest:
        folded = _fold(rest)
        length = _starts_with_word(folded, _FOLLOWERS)
        if not length:
            joiner = _starts_with_word(folded, _JOINERS)
            after = folded[joiner:].lstrip()
            if not joiner or not _starts_with_word(after, _FOLLOWERS):
                break
            length = joiner
        rest = rest[length:].lstrip()
    return rest or text


_DEPARTMENT = re.compile(r"^(\d{2}|2[AB]|9[78]\d)$")


def department_code(value: str) -> str:
    """The department's code as the federation writes it (« 68 », « 2A », « 971 »): the
    directory writes three characters (« 068 », « 02A », « 971 »). ValueError if it is none."""
    code = value.strip().upper()
    if len(code) == 3 and code.startswith("0"):
        code = code[1:]
    if not _DEPARTMENT.match(code):
        raise ValueError(f"Code de département « {value.strip()} » invalide.")
    return code


def flag(value: str) -> bool:
    """The directory's 0/1 columns (empty is no)."""
    return value.strip().lower() in {"1", "oui", "o", "true", "vrai"}


def sector(value: str) -> str:
    """« Public » or « Privé » as PUBLIC or PRIVATE; anything else unknown (empty)."""
    key = name_key(value)
    if key.startswith("public"):
        return "PUBLIC"
    if key.startswith("prive"):
        return "PRIVATE"
    return ""
