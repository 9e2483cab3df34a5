"""Importing a school's pupil list into the licence basket: a CSV or XLSX file as the school's
software exports it (SIECLE, ONDE, Pronote), read into rows, each one to create, to renew or
rejected with its reasons, and the probable mistakes flagged as the basket flags them."""

import csv
import io
import re
import unicodedata
import warnings
import zipfile
import zlib
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from itertools import product
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from openpyxl import load_workbook

from opuss.core.archives import ArchiveError, ArchiveTooLarge, check_archive
from opuss.licences.basket_checks import review, shared_guardian_emails
from opuss.licences.enums import BasketState, LineSource, Sex
from opuss.licences.models import Basket, BasketLine, Licence, Pupil
from opuss.licences.services import (
    INE_TAKEN,
    basket_add_renewals,
    basket_new_lines,
    category_for,
    former_licensees,
)
from opuss.rules.errors import RulesError
from opuss.rules.text import same_person

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 3000
# Longer files are read and checked by a task, their progress shown (opuss.licences.import_jobs).
IMMEDIATE_LINES = 200
CHECKED_AT_ONCE = 500
# A school's export may have a title line or two above its header.
HEADER_SEARCH_ROWS = 10
MAX_COLUMNS = 200
# A sheet's lines read, blank ones included: a sheet may jump to row 1 000 000, read as empty
# rows. (A CSV's blank lines cost little, and MAX_BYTES bounds them.)
MAX_LINES = 10_000
# One shared string may fill every cell of a sheet: longer than any name, cut when read.
MAX_CELL_CHARS = 1000


class ImportFileError(Exception):
    """A file that cannot be imported at all; the message is shown as it is."""


class Decision(models.TextChoices):
    CREATE = "CREATE", "À créer"
    RENEW = "RENEW", "À renouveler"
    REJECT = "REJECT", "Rejetées"


# --- columns --------------------------------------------------------------------------------


def normalise(text) -> str:
    """Case, accents and punctuation aside: "Né(e) le" and "NE E LE" are the same header,
    "Élodie" and "ELODIE" the same name."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"(?<=[a-z])(?=[0-9])", " ", text)  # "Prénom1" is "Prénom 1"
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _names(*parts: tuple[str, ...]) -> frozenset[str]:
    return frozenset(" ".join(w for w in words if w) for words in product(*parts))


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(","))


_EMAIL = _words("email, e mail, mail, mel, courriel, adresse email, adresse e mail, adresse mail")
_PHONE = _words(
    "telephone, tel, telephone portable, tel portable, portable, telephone mobile, "
    "tel mobile, mobile"
)
_OF = ("", "du", "des", "de l")
_GUARDIAN = _words(
    "responsable legal, responsable, resp legal, resp, representant legal, representant, parent"
)


@dataclass(frozen=True)
class Column:
    field: str
    label: str
    required: bool
    # The names of the usual exports, shown on the upload page; variants are matched too.
    examples: tuple[str, ...]
    variants: frozenset[str] = frozenset()

    @property
    def aliases(self) -> frozenset[str]:
        return frozenset(normalise(name) for name in self.examples) | self.variants


COLUMNS = (
    Column(
        "last_name",
        "nom",
        True,
        ("Nom", "Nom de famille", "Nom d'usage", "Nom élève"),
        _names(("nom",), _OF, ("eleve", "d usage eleve")),
    ),
    Column(
        "first_name",
        "prénom",
        True,
        ("Prénom", "Prénom 1", "Premier prénom", "Prénom élève"),
        _names(("prenom", "prenom 1", "prenom usuel"), _OF, ("", "eleve")),
    ),
    Column("sex", "sexe", True, ("Sexe", "Genre"), _names(("sexe", "genre"), _OF, ("eleve",))),
    Column(
        "birth_date",
        "date de naissance",
        True,
        ("Date de naissance", "Date Naissance", "Né(e) le"),
        _names(
            ("date de naissance", "date naissance", "date de naiss", "date naiss"),
            _OF,
            ("", "eleve"),
        )
        | {"ne le", "nee le", "naissance"},
    ),
    Column(
        "ine",
        "INE",
        False,
        ("INE", "N° INE", "Numéro national", "Identifiant national élève"),
        _names(
            ("ine", "numero ine", "num ine", "no ine", "numero national", "identifiant national"),
            _OF,
            ("", "eleve"),
        ),
    ),
    Column(
        "class_level",
        "classe",
        False,
        ("Classe", "Division"),
        _names(("classe", "division", "div"), _OF, ("", "eleve")),
    ),
    Column(
        "guardian_email",
        "e-mail du responsable légal",
        False,
        ("Email responsable légal", "Courriel représentant légal 1", "Mél. resp. légal 1"),
        _names(_EMAIL, _OF, _GUARDIAN, ("", "1")),
    ),
    Column(
        "guardian1_phone",
        "téléphone du parent 1",
        False,
        ("Téléphone responsable 1", "Tél. portable resp. légal 1"),
        _names(_PHONE, _OF, _GUARDIAN, ("", "1")),
    ),
    Column(
        "guardian2_phone",
        "téléphone du parent 2",
        False,
        ("Téléphone responsable 2", "Tél. portable resp. légal 2"),
        _names(_PHONE, _OF, _GUARDIAN, ("2",)),
    ),
    Column(
        "email",
        "e-mail de l'élève",
        False,
        ("Email élève", "Courriel élève"),
        _names(_EMAIL, _OF, ("eleve",)),
    ),
)
REQUIRED = frozenset(column.field for column in COLUMNS if column.required)
_BY_ALIAS = {alias: c.field for c in reversed(COLUMNS) for alias in c.aliases}
_LABELS = {column.field: column.label for column in COLUMNS}


def map_columns(header) -> dict[str, int]:
    """Field → index of the first column of the header that carries it."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = _BY_ALIAS.get(normalise(cell or ""))
        if name and name not in found:
            found[name] = index
    return found


# --- reading the file -----------------------------------------------------------------------

Table = list[tuple[int, list]]  # (row number in the file, cells), blank rows left out


def read_table(upload) -> Table:
    return table_of(read_upload(upload))


def read_upload(upload) -> bytes:
    """The file's bytes, once it is known to be neither too big, empty, nor of a format that is
    not read."""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            f"Le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo : "
            "découpez-le ou retirez les colonnes inutiles."
        )
    if not data.strip():
        raise ImportFileError("Le fichier est vide.")
    name = (getattr(upload, "name", "") or "").lower()
    if name.endswith((".xls", ".ods")) or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            "Ce format n'est pas lu : enregistrez le fichier au format XLSX "
            "(Excel) ou CSV, puis importez-le à nouveau."
        )
    return data


def table_of(data: bytes) -> Table:
    if data.startswith(b"PK"):
        return _xlsx_table(data)
    return _csv_table(data)


def count_lines(data: bytes) -> int:
    """At least as many lines as the file holds, counted without reading it: a CSV's lines that
    are not blank, a workbook's rows in all its sheets (0 for a workbook that is not read: it is
    refused at once, when read). It decides whether the file is read in the request or by a
    task (`IMMEDIATE_LINES`)."""
    if not data.startswith(b"PK"):
        return sum(1 for line in data.splitlines() if line.strip())
    try:
        check_archive(data)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(_rows_in(archive, entry) for entry in archive.namelist()
                       if entry.startswith("xl/worksheets/") and entry.endswith(".xml"))
    except (ArchiveError, zipfile.BadZipFile, expat.ExpatError, RuntimeError, zlib.error):
        return 0


def _rows_in(archive: zipfile.ZipFile, entry: str) -> int:
    rows = 0

    def start(name, _attributes):
        nonlocal rows
        rows += name == "row" or name.endswith(":row")

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    with archive.open(entry) as part:
        parser.ParseFile(part)
    return rows


def _csv_table(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:  # French spreadsheets save CSV in Windows-1252
        text = data.decode("cp1252", errors="replace")
    first = next((line for line in text.splitlines() if line.strip()), "")
    separator = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        return _collect(row[:MAX_COLUMNS] for row in reader)
    except csv.Error:
        raise ImportFileError(
            "Ce fichier CSV n'a pas pu être lu : enregistrez-le à nouveau "
            "au format « CSV (séparateur : point-virgule) »."
        ) from None


_UNREADABLE = (
    "Ce classeur n'a pas pu être lu : enregistrez-le à nouveau au format XLSX (Excel) ou CSV."
)


def _xlsx_table(data: bytes) -> Table:
    try:
        check_archive(data)
    except ArchiveTooLarge:
        raise ImportFileError(
            "Ce classeur n'a pas pu être lu : une fois décompressé, il est anormalement "
            "volumineux. Enregistrez-le à nouveau au format XLSX (Excel) ou CSV, ou découpez-le."
        ) from None
    except ArchiveError:
        raise ImportFileError(_UNREADABLE) from None
    try:
        with warnings.catch_warnings():  # styles or extensions openpyxl ignores
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error on a broken or hostile workbook
        raise ImportFileError(_UNREADABLE) from None
    try:
        if not workbook.worksheets:
            raise ImportFileError(_UNREADABLE)
        return _collect(_sheet_rows(workbook.worksheets[0]))
    finally:
        workbook.close()


def _sheet_rows(sheet):
    # One line more than allowed, to tell a sheet that goes beyond from one that stops there.
    rows = sheet.iter_rows(max_row=MAX_LINES + 1, max_col=MAX_COLUMNS, values_only=True)
    for number, cells in enumerate(_unless_broken(rows), start=1):
        if number > MAX_LINES:
            raise ImportFileError(
                f"Le classeur va au-delà de la ligne {_thousands(MAX_LINES)}, lignes vides "
                "comprises : supprimez les lignes vides en fin de feuille ou découpez le fichier."
            )
        yield cells


def _unless_broken(rows):
    """The sheet's XML is parsed as its rows are read: a broken one fails here."""
    try:
        yield from rows
    except Exception:  # as in load_workbook
        raise ImportFileError(_UNREADABLE) from None


def _collect(rows) -> Table:
    table: Table = []
    for number, cells in enumerate(rows, start=1):
        cells = [_clip(cell) for cell in cells]
        if any(_text(cell) for cell in cells):
            table.append((number, cells))
            if len(table) > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise _too_many_rows()
    return table


def _clip(cell):
    return cell[:MAX_CELL_CHARS] if isinstance(cell, str) else cell


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")  # 3 000, as French writes it


LIMITS = f"{MAX_BYTES // (1024 * 1024)} Mo et {_thousands(MAX_ROWS)} lignes d'élèves au plus"


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        f"Le fichier compte plus de {_thousands(MAX_ROWS)} lignes d'élèves : découpez-le en "
        "plusieurs fichiers."
    )


def _split_header(table: Table) -> tuple[list, dict[str, int], Table]:
    if not table:
        raise ImportFileError("Le fichier est vide.")
    for position, (_number, cells) in enumerate(table[:HEADER_SEARCH_ROWS]):
        columns = map_columns(cells)
        if columns.keys() >= REQUIRED:
            data = table[position + 1 :]
            if len(data) > MAX_ROWS:
                raise _too_many_rows()
            return cells, columns, data
    raise ImportFileError(_missing_columns_message(table[0][1]))


def _missing_columns_message(header) -> str:
    present = map_columns(header).keys()
    missing = [c.label for c in COLUMNS if c.required and c.field not in present]
    found = ", ".join(f"« {_text(cell)} »" for cell in header if _text(cell)) or "aucune"
    return (
        f"Colonnes obligatoires manquantes : {', '.join(missing)}. Colonnes trouvées : "
        f"{found}. La première ligne doit porter les noms des colonnes (voir le modèle)."
    )


# --- one row --------------------------------------------------------------------------------

# The model's lengths: a longer text would not fit in the basket.
_TEXT_LIMITS = {
    name: BasketLine._meta.get_field(name).max_length
    for name in ("last_name", "first_name", "class_level", "guardian1_phone", "guardian2_phone")
}
_SEXES = dict.fromkeys(
    ("m", "g", "h", "masculin", "garcon", "homme", "1"), Sex.MALE
) | dict.fromkeys(("f", "feminin", "fille", "femme", "2"), Sex.FEMALE)
_FRENCH_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T].*)?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?")
_INE = re.compile(r"[0-9A-Z]{11}")
_LINE_VALUES = _words(
    "last_name, first_name, sex, birth_date, ine, class_level, email, "
    "guardian_email, guardian1_phone, guardian2_phone"
)


@dataclass
class ImportRow:
    line: int
    last_name: str = ""
    first_name: str = ""
    sex: str = ""
    birth_date: date | None = None
    ine: str = ""
    class_level: str = ""
    email: str = ""
    guardian_email: str = ""
    guardian1_phone: str = ""
    guardian2_phone: str = ""
    birth_date_text: str = ""  # as written, shown when it cannot be read
    sex_text: str = ""
    problems: list[str] = field(default_factory=list)  # what the file alone shows
    # Decided against the federation (`decide`):
    decision: str = Decision.REJECT
    pupil_id: int | None = None
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def sex_label(self) -> str:
        return Sex(self.sex).label if self.sex else self.sex_text

    def key(self) -> tuple:
        return (normalise(self.last_name), normalise(self.first_name), self.birth_date)

    def line_values(self) -> dict:
        """What `basket_add_new` takes."""
        return {name: getattr(self, name) for name in _LINE_VALUES}

    def to_json(self) -> dict:
        """The parsed row (not its decision, taken again on confirmation), JSON-ready."""
        values = asdict(self)
        for name in ("decision", "pupil_id", "reasons", "warnings"):
            del values[name]
        values["birth_date"] = self.birth_date.isoformat() if self.birth_date else None
        return values

    def to_preview_json(self) -> dict:
        """The row and its decision, JSON-ready: what a background import keeps to show."""
        return asdict(self) | {"birth_date": self.birth_date.isoformat() if self.birth_date
                               else None}

    @classmethod
    def from_json(cls, values: dict) -> "ImportRow":
        born = values.get("birth_date")
        return cls(**values | {"birth_date": date.fromisoformat(born) if born else None})


def parse_row(number: int, cells: list, columns: dict[str, int]) -> ImportRow:
    def cell(name):
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    row = ImportRow(line=number)
    row.last_name = _text(cell("last_name"))
    row.first_name = _text(cell("first_name"))
    row.sex_text = _text(cell("sex"))
    row.sex = _SEXES.get(normalise(row.sex_text), "")
    row.birth_date_text = _text(cell("birth_date"))
    row.birth_date = _date(cell("birth_date"))
    row.ine = re.sub(r"\s", "", _text(cell("ine"))).upper()
    row.class_level = _text(cell("class_level"))
    row.email = _text(cell("email")).lower()
    row.guardian_email = _text(cell("guardian_email")).lower()
    row.guardian1_phone = _phone(cell("guardian1_phone"))
    row.guardian2_phone = _phone(cell("guardian2_phone"))
    row.problems = _problems(row)
    return row


def _problems(row: ImportRow) -> list[str]:
    problems = []
    if not row.last_name:
        problems.append("Nom manquant.")
    if not row.first_name:
        problems.append("Prénom manquant.")
    if not row.sex:
        problems.append(
            f"Sexe non compris : « {row.sex_text} » (attendu : M ou F, G ou F, "
            "Masculin ou Féminin, 1 ou 2)."
            if row.sex_text
            else "Sexe manquant."
        )
    if not row.birth_date:
        problems.append(
            f"Date de naissance illisible : « {row.birth_date_text} » (attendue au "
            "format jj/mm/aaaa)."
            if row.birth_date_text
            else "Date de naissance manquante."
        )
    if row.ine and not _INE.fullmatch(row.ine):
        problems.append(f"INE invalide : « {row.ine} » (11 chiffres et lettres attendus).")
    for name, label in (("guardian_email", "du responsable légal"), ("email", "de l'élève")):
        if getattr(row, name) and not _is_email(getattr(row, name)):
            problems.append(f"E-mail {label} invalide : « {getattr(row, name)} ».")
    for name, limit in _TEXT_LIMITS.items():
        if len(getattr(row, name)) > limit:
            problems.append(
                f"Texte trop long pour « {_LABELS[name]} » : {limit} caractères au plus."
            )
    return problems


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return f"{value:%d/%m/%Y}"
    return " ".join(str(value).split())


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if match := _FRENCH_DATE.fullmatch(text):
        day, month, year = match.groups()
    elif match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:  # 31/02/2010
        return None


def _phone(value) -> str:
    text = _text(value)
    # A spreadsheet keeps 06 12 34 56 78 typed without spaces as the number 612345678.
    return f"0{text}" if text.isdigit() and len(text) == 9 else text


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


# --- the file -------------------------------------------------------------------------------


@dataclass
class ParsedFile:
    rows: list[ImportRow]
    columns: list[str]  # the labels of the columns read
    ignored: list[str]  # the headers of the columns left aside


def read_rows(upload) -> ParsedFile:
    """Raises ImportFileError for a file that cannot be read at all."""
    return rows_of(read_upload(upload))


def rows_of(content: bytes) -> ParsedFile:
    header, columns, data = _split_header(table_of(content))
    used = set(columns.values())
    return ParsedFile(
        rows=[parse_row(number, cells, columns) for number, cells in data],
        columns=[c.label for c in COLUMNS if c.field in columns],
        ignored=[_text(cell) for i, cell in enumerate(header) if i not in used and _text(cell)],
    )


# --- decisions against the federation -------------------------------------------------------


class _Index:
    """Pupils (or basket lines) found by INE, else by name and birth date."""

    def __init__(self, items):
        self.by_ine, self.by_key = {}, {}
        for item in items:
            if item.ine:
                self.by_ine.setdefault(item.ine.upper(), item)
            key = (normalise(item.last_name), normalise(item.first_name), item.birth_date)
            self.by_key.setdefault(key, item)

    def find(self, row: ImportRow):
        return (row.ine and self.by_ine.get(row.ine)) or self.by_key.get(row.key())


@dataclass
class _Known:
    former: _Index
    licensed: _Index
    in_basket: _Index
    basket_pupils: set[int]
    numbers: dict[int, str]
    holders: dict[str, Pupil]  # the pupils of the federation with an INE of the file

    @classmethod
    def load(cls, association, season, actor, ines) -> "_Known":
        licences = Licence.objects.filter(association=association, season=season)
        lines = list(
            BasketLine.objects.filter(
                basket__association=association,
                basket__season=season,
                basket__created_by=actor,
                basket__state=BasketState.OPEN,
            )
        )
        return cls(
            former=_Index(former_licensees(association, season)),
            licensed=_Index(Pupil.objects.filter(licences__in=licences).distinct()),
            in_basket=_Index(lines),
            basket_pupils={line.pupil_id for line in lines if line.pupil_id},
            numbers=dict(licences.values_list("pupil_id", "number")),
            holders={pupil.ine: pupil for pupil in Pupil.objects.filter(ine__in=ines)},
        )


def decide(rows: list[ImportRow], *, association, season, actor) -> list[ImportRow]:
    """Each row to renew (a former licensee of the AS), to create, or rejected with reasons."""
    known = _Known.load(association, season, actor, {row.ine for row in rows if row.ine})
    seen: dict = {}
    for row in rows:
        row.pupil_id, row.warnings = None, []
        row.reasons = list(row.problems) or _reasons(row, season, known, seen)
        pupil = known.former.find(row) if not row.reasons else None
        if pupil and pupil.pk in known.basket_pupils:
            row.reasons.append("Déjà dans le panier.")
        if row.reasons:
            row.decision = Decision.REJECT
        elif pupil:
            row.decision, row.pupil_id = Decision.RENEW, pupil.pk
            row.warnings += _renewal_warnings(row, pupil)
        else:
            row.decision = Decision.CREATE
    return rows


def _reasons(row: ImportRow, season, known: _Known, seen: dict) -> list[str]:
    reasons = []
    first = (row.ine and seen.get(row.ine)) or seen.get(row.key())
    if first:
        reasons.append(f"Ligne en double dans le fichier : même élève qu'à la ligne {first}.")
    else:
        seen.setdefault(row.key(), row.line)
        if row.ine:
            seen.setdefault(row.ine, row.line)
    try:
        category_for(season, row.birth_date)
    except RulesError as error:
        reasons.append(str(error))
    licensed = known.licensed.find(row)
    if licensed:
        reasons.append(
            f"Déjà licencié(e) cette saison dans l'AS (licence n° {known.numbers[licensed.pk]})."
        )
    elif _ine_of_someone_else(row, known):
        reasons.append(INE_TAKEN)
    if known.in_basket.find(row):
        reasons.append("Déjà dans le panier.")
    return reasons


def _ine_of_someone_else(row: ImportRow, known: _Known) -> bool:
    """The basket's rule (`services._check_ine`): a known INE goes with its pupil's names and
    birth date. A former licensee of the AS is renewed by his INE, the AS knows him already."""
    holder = known.holders.get(row.ine)
    if holder is None or row.ine in known.former.by_ine:
        return False
    return not same_person(holder, row)


def _renewal_warnings(row: ImportRow, pupil) -> list[str]:
    found = []
    if normalise(f"{pupil.last_name} {pupil.first_name}") != normalise(
        f"{row.last_name} {row.first_name}"
    ):
        found.append(
            f"Nom connu : {pupil} (le fichier indique {row.last_name} {row.first_name}) ; le "
            "renouvellement garde celui connu."
        )
    if pupil.birth_date != row.birth_date:
        found.append(
            f"Date de naissance connue : {pupil.birth_date:%d/%m/%Y} (le fichier indique "
            f"{row.birth_date:%d/%m/%Y}) ; le renouvellement garde celle connue."
        )
    return found


def add_warnings(rows: list[ImportRow], *, association, season, actor, progress=None) -> None:
    """The basket's own warnings (`basket_checks.review`: probable duplicates in the federation,
    a guardian e-mail shared by too many pupils), computed on lines that are not saved, saying
    nothing of a pupil outside the actor's scope. CHECKED_AT_ONCE lines at a time, each time in
    the same few queries; `progress(lines checked, lines to check)` after each."""
    kept = [row for row in rows if row.decision != Decision.REJECT]
    basket = Basket(association=association, season=season)
    lines = [_unsaved_line(index, row, basket) for index, row in enumerate(kept, start=1)]
    shared = shared_guardian_emails(lines)
    for start in range(0, len(lines), CHECKED_AT_ONCE):
        chunk = lines[start : start + CHECKED_AT_ONCE]
        found = review(chunk, actor, shared=shared).warnings
        for line in chunk:
            kept[line.pk - 1].warnings += found[line.pk]
        if progress is not None:
            progress(start + len(chunk), len(lines))


def _unsaved_line(index: int, row: ImportRow, basket: Basket) -> BasketLine:
    # The index stands for the primary key `line_warnings` keys its answer by.
    return BasketLine(
        pk=index,
        basket=basket,
        pupil_id=row.pupil_id,
        source=LineSource.RENEWAL if row.pupil_id else LineSource.IMPORT,
        **row.line_values(),
    )


def grouped(rows: list[ImportRow]) -> list[tuple[Decision, list[ImportRow]]]:
    return [(decision, [row for row in rows if row.decision == decision]) for decision in Decision]


def preview(rows: list[ImportRow], *, association, season, actor, progress=None
            ) -> list[ImportRow]:
    decide(rows, association=association, season=season, actor=actor)
    add_warnings(rows, association=association, season=season, actor=actor, progress=progress)
    return rows


# --- into the basket ------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    created: int
    renewed: int
    rejected: int

    @property
    def added(self) -> int:
        return self.created + self.renewed


# What the school's file knows better than last season's licence: this year's class, the
# latest contacts (they go on this season's licence, never on the pupil's own addresses).
_REFRESHED = ("class_level", "email", "guardian_email", "guardian1_phone", "guardian2_phone")


def import_rows(*, basket: Basket, rows: list[ImportRow], actor) -> ImportResult:
    """Adds the rows to the basket, decided again: the basket may have changed since the
    preview. New pupils and renewals are each written in one INSERT."""
    decide(rows, association=basket.association, season=basket.season, actor=actor)
    created = basket_new_lines(
        basket=basket,
        values=[row.line_values() for row in rows if row.decision == Decision.CREATE],
        source=LineSource.IMPORT,
    )
    renewals = [row for row in rows if row.decision == Decision.RENEW]
    renewed = basket_add_renewals(
        basket=basket,
        pupils=Pupil.objects.filter(pk__in=[r.pupil_id for r in renewals]),
        actor=actor,
        refreshed={
            row.pupil_id: {name: getattr(row, name) for name in _REFRESHED if getattr(row, name)}
            for row in renewals
        },
    )
    return ImportResult(created=created, renewed=renewed, rejected=len(rows) - created - renewed)


# --- the template offered for download ------------------------------------------------------


def template_csv(season) -> str:
    """The expected headers and one example pupil (13 years old this season), as a French
    spreadsheet opens it: BOM, semicolons."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.examples[0] for column in COLUMNS])
    example = {
        "last_name": "DURAND",
        "first_name": "Léa",
        "sex": "F",
        "ine": "0123456789A",
        "birth_date": f"14/03/{season.start_year - 13}",
        "class_level": "5e B",
        "guardian_email": "parent.durand@example.fr",
        "guardian1_phone": "06 12 34 56 78",
    }
    writer.writerow([example.get(column.field, "") for column in COLUMNS])
    return "\ufeff" + buffer.getvalue()
