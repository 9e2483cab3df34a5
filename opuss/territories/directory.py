"""Loading the ministry's « Annuaire de l'éducation » (data.education.gouv.fr, dataset
fr-en-annuaire-education): its CSV export, `;`-separated, UTF-8, one row per establishment.

The file is read as a stream, in batches: per batch one query finds the establishments already
known by UAI, one INSERT creates the new ones and one UPDATE corrects those whose name, address,
commune, telephone, e-mail or public/private status changed. Nothing is ever deleted. The whole
run is one transaction and one audit entry (`EstablishmentImport`), since bulk writes escape
django-auditlog.

What the directory decides and what the federation does (docs/rules.md, « L'annuaire de
l'éducation »):
- A new establishment takes the directory's type (`opuss.rules.directory.circular_type`) and,
  for a collège, its REP+ membership. An establishment already known keeps its type and its
  department: the type sets the AS's fee, and is changed on purpose (admin), never by a file;
  the run counts those that differ.
- Académies are the federation's (their two-digit code starts the AS codes, and is not the
  ministry's: Nantes is 16 for UNSS, 17 for the ministry); they are found by name, never created.
  A department missing from opuss is created under its académie when that académie is known;
  a department known under another académie than the file's is refused.
"""

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from opuss.core import clock
from opuss.core.audit import record
from opuss.rules.directory import (
    DirectoryType,
    OutOfScope,
    bare_name,
    circular_type,
    department_code,
    flag,
    sector,
)
from opuss.rules.identifiers import InvalidUAI, normalize_uai
from opuss.rules.text import name_key
from opuss.territories.models import Academy, Department, Establishment, EstablishmentImport

BATCH_SIZE = 1000
ACTION = "import de l'annuaire des établissements"
# Columns read, by their name in the export (compared in lower case: the export "with labels"
# writes Identifiant_de_l_etablissement, the API identifiant_de_l_etablissement).
REQUIRED = (
    "identifiant_de_l_etablissement",
    "nom_etablissement",
    "type_etablissement",
    "statut_public_prive",
    "adresse_1",
    "code_postal",
    "nom_commune",
    "code_departement",
    "libelle_academie",
)
OPTIONAL = (
    "adresse_2",
    "adresse_3",
    "libelle_departement",
    "voie_generale",
    "voie_technologique",
    "voie_professionnelle",
    "lycee_agricole",
    "appartenance_education_prioritaire",
    "telephone",
    "mail",
    "etat",
    "code_nature",
)
# What a run updates on an establishment it already knows; the directory leaving one of
# KEPT_WHEN_EMPTY empty keeps ours.
UPDATED_FIELDS = ("name", "sector", "address", "postcode", "city", "phone", "email")
KEPT_WHEN_EMPTY = ("sector", "phone", "email")
REJECTS_HEADER = ("Ligne", "UAI", "Nom", "Type", "Motif")

Record = tuple[int, dict[str, str]]  # a data row: its line in the file, {column: value}


class DirectoryError(Exception):
    """The file cannot be imported at all (unreadable, not the directory's columns). French."""


class Rejected(Exception):
    """One row refused: the message is its reason, in French; `kind` what is counted (the
    reason without what is particular to the row)."""

    def __init__(self, kind: str, message: str | None = None, *, expected: bool = False) -> None:
        super().__init__(message or kind)
        self.kind = kind
        self.expected = expected


@dataclass(frozen=True)
class Rejection:
    """A refused row as the file has it (UAI, name, type) and why. `expected`: what the
    directory holds and the federation never imports (écoles, closed establishments...), as
    opposed to a row that should have been imported."""

    line: int
    uai: str
    name: str
    type: str
    reason: str
    expected: bool = False

    @classmethod
    def of(cls, line: int, cells: dict[str, str], error: Rejected) -> "Rejection":
        return cls(
            line,
            cells["identifiant_de_l_etablissement"],
            cells["nom_etablissement"],
            cells["type_etablissement"],
            str(error),
            error.expected,
        )

    def as_row(self) -> tuple[int, str, str, str, str]:
        return (self.line, self.uai, self.name, self.type, self.reason)


@dataclass(frozen=True)
class Row:
    """One establishment as the directory describes it, read into the federation's words."""

    line: int
    cells: dict[str, str]  # as read, for a rejection
    uai: str
    type: str
    department_code: str
    department_name: str
    academy_name: str
    rep_plus: bool
    values: dict[str, str]  # UPDATED_FIELDS


@dataclass
class ImportResult:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    # Known establishments whose type or department differ from the file's: left as they are.
    kept_apart: int = 0
    departments_created: list[str] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)
    run: EstablishmentImport | None = None


Progress = Callable[[ImportResult, float | None], None]  # the share of the file read, if known
OnReject = Callable[[Rejection], None]


def import_directory(
    path: str | Path,
    *,
    batch_size: int = BATCH_SIZE,
    encoding: str = "utf-8-sig",
    on_progress: Progress | None = None,
    on_reject: OnReject | None = None,
) -> ImportResult:
    """Reads the directory's CSV at `path` and creates or updates the establishments it lists.
    Running it twice changes nothing the second time. DirectoryError if the file cannot be
    read; everything is then left as it was."""
    path = Path(path)
    try:
        raw = path.open("rb")
    except OSError as error:
        raise DirectoryError(f"Impossible de lire « {path} » : {error.strerror}.") from None
    with raw, transaction.atomic():
        size = path.stat().st_size
        importer = _Importer(path.name, batch_size, on_reject)
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        try:
            for batch in _batches(_records(text), batch_size):
                importer.import_batch(batch)
                if on_progress is not None:
                    on_progress(importer.result, raw.tell() / size if size else None)
        except UnicodeDecodeError:
            raise DirectoryError(
                f"« {path.name} » n'est pas en {encoding.upper().removesuffix('-SIG')} (après "
                f"la ligne {importer.result.read + 1}) : l'export de data.education.gouv.fr "
                "l'est ; un fichier réenregistré par un tableur peut être lu avec "
                "--encoding cp1252."
            ) from None
        importer.finish()
    return importer.result


# --- reading ------------------------------------------------------------------------------


def _records(text: io.TextIOWrapper) -> Iterator[Record]:
    """(line number, {column in lower case: value}) for each data row."""
    reader = csv.reader(text, delimiter=";")
    header = next(reader, None)
    if header is None:
        raise DirectoryError("Le fichier est vide.")
    columns = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise DirectoryError(_missing_columns(header, missing))
    wanted = {name: columns.index(name) for name in REQUIRED + OPTIONAL if name in columns}
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        yield (
            reader.line_num,
            {
                name: cells[index].strip() if index < len(cells) else ""
                for name, index in wanted.items()
            },
        )


def _missing_columns(header: list[str], missing: list[str]) -> str:
    if len(header) == 1 and "," in header[0]:
        return (
            "Les colonnes sont séparées par des virgules : l'annuaire s'exporte séparé par des "
            "points-virgules (« ; »)."
        )
    return (
        "Ce n'est pas l'export de l'annuaire de l'éducation (fr-en-annuaire-education) : "
        f"colonnes manquantes : {', '.join(missing)}."
    )


def _batches(records: Iterator[Record], size: int) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for record_ in records:
        batch.append(record_)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def read_row(line: int, cells: dict[str, str]) -> Row:
    """The row in the federation's words, or Rejected with the reason."""
    if cells.get("etat", "").upper().startswith("FERM"):
        raise Rejected(
            "Établissement fermé",
            f"Établissement fermé (état « {cells['etat']} »).",
            expected=True,
        )
    try:
        uai = normalize_uai(cells["identifiant_de_l_etablissement"])
    except InvalidUAI as error:
        raise Rejected("Code UAI invalide", str(error)) from None
    try:
        type_ = circular_type(_directory_type(cells))
    except OutOfScope as error:
        kind = f"Type « {cells['type_etablissement']} » non importé"
        raise Rejected(kind, str(error), expected=True) from None
    try:
        department = department_code(cells["code_departement"])
    except ValueError as error:
        raise Rejected("Code de département invalide", str(error)) from None
    values = _values(cells)
    return Row(
        line=line,
        cells=cells,
        uai=uai,
        type=type_,
        department_code=department,
        department_name=cells.get("libelle_departement", "") or department,
        academy_name=_required(cells, "libelle_academie", "l'académie"),
        rep_plus=type_ == "COL"
        and cells.get("appartenance_education_prioritaire", "").upper() == "REP+",
        values=values,
    )


def _directory_type(cells: dict[str, str]) -> DirectoryType:
    return DirectoryType(
        label=cells["type_etablissement"],
        general=flag(cells.get("voie_generale", "")),
        technological=flag(cells.get("voie_technologique", "")),
        professional=flag(cells.get("voie_professionnelle", "")),
        agricultural=flag(cells.get("lycee_agricole", "")),
        nature=cells.get("code_nature", ""),
    )


def _values(cells: dict[str, str]) -> dict[str, str]:
    postcode = _required(cells, "code_postal", "le code postal")
    if not (len(postcode) == 5 and postcode.isdigit()):
        raise Rejected(
            "Code postal invalide", f"Code postal « {postcode} » invalide : cinq chiffres attendus."
        )
    values = {
        "name": bare_name(_required(cells, "nom_etablissement", "le nom")),
        "sector": sector(cells["statut_public_prive"]),
        "address": _address(cells, postcode),
        "postcode": postcode,
        "city": _required(cells, "nom_commune", "la commune"),
        "phone": cells.get("telephone", ""),
        "email": _email(cells.get("mail", "")),
    }
    for name, value in values.items():
        model_field = Establishment._meta.get_field(name)
        if len(value) <= model_field.max_length:
            continue
        if name in ("phone", "email"):
            values[name] = ""  # a contact the model cannot hold is left out, not the row
            continue
        label = str(model_field.verbose_name).capitalize()
        raise Rejected(
            "Texte trop long",
            f"{label} : {len(value)} caractères, {model_field.max_length} au plus.",
        )
    return values


def _required(cells: dict[str, str], column: str, what: str) -> str:
    value = " ".join(cells.get(column, "").split())
    if not value:
        raise Rejected("Valeur manquante", f"Il manque {what} (colonne {column}).")
    return value


def _address(cells: dict[str, str], postcode: str) -> str:
    """Adresse_1 and Adresse_2; Adresse_3 too unless it is the « 68840 PULVERSHEIM » line,
    which the postcode and commune already say."""
    lines = [_required(cells, "adresse_1", "l'adresse"), cells.get("adresse_2", "")]
    third = cells.get("adresse_3", "")
    if not third.startswith(postcode):
        lines.append(third)
    return ", ".join(" ".join(line.split()) for line in lines if line.strip())


def _email(value: str) -> str:
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value.lower()


# --- writing ------------------------------------------------------------------------------


class _Importer:
    def __init__(self, file_name: str, batch_size: int, on_reject: OnReject | None) -> None:
        self.result = ImportResult()
        self.batch_size = batch_size
        self.on_reject = on_reject
        self.run = EstablishmentImport.objects.create(started_at=clock.now(), file_name=file_name)
        self.academies = {name_key(a.name): a for a in Academy.objects.all()}
        self.departments = {d.code: d for d in Department.objects.select_related("academy")}
        self.seen: dict[str, int] = {}  # UAI -> line, for duplicates within the file
        self.created_uais: list[str] = []
        self.changes: dict[str, dict[str, list[str]]] = {}

    def import_batch(self, records: list[Record]) -> None:
        self.result.read += len(records)
        rows = [read for read in map(self._read, records) if read is not None]
        known = Establishment.objects.in_bulk([row.uai for row, _ in rows], field_name="uai")
        to_create, to_update = [], []
        for row, department in rows:
            establishment = known.get(row.uai)
            if establishment is None:
                to_create.append(self._new(row, department))
            elif self._apply(establishment, row, department):
                to_update.append(establishment)
            else:
                self.result.unchanged += 1
        Establishment.objects.bulk_create(to_create, batch_size=self.batch_size)
        Establishment.objects.bulk_update(to_update, UPDATED_FIELDS, batch_size=self.batch_size)
        self.result.created += len(to_create)
        self.result.updated += len(to_update)
        self.created_uais += [establishment.uai for establishment in to_create]

    def _read(self, record_: Record) -> tuple[Row, Department] | None:
        """The row and its department, or None once rejected."""
        line, cells = record_
        try:
            row = read_row(line, cells)
            first = self.seen.setdefault(row.uai, line)
            if first != line:
                raise Rejected(
                    "UAI en double dans le fichier",
                    f"UAI déjà lu ligne {first} : seule la première ligne est importée.",
                )
            return row, self._department(row)
        except Rejected as error:
            self._reject(Rejection.of(line, cells, error), error.kind)
            return None

    def _reject(self, rejection: Rejection, kind: str) -> None:
        self.result.rejected += 1
        self.result.reasons[kind] += 1
        if self.on_reject is not None:
            self.on_reject(rejection)

    def _department(self, row: Row) -> Department:
        academy = self.academies.get(name_key(row.academy_name))
        if academy is None:
            raise Rejected(
                "Académie inconnue d'opuss",
                f"Académie « {row.academy_name} » inconnue d'opuss : les académies sont celles "
                "de la fédération (créées avec leur numéro UNSS), jamais créées par l'import.",
            )
        department = self.departments.get(row.department_code)
        if department is None:
            department = Department.objects.create(
                code=row.department_code, name=row.department_name, academy=academy
            )
            self.departments[department.code] = department
            self.result.departments_created.append(str(department))
        elif department.academy_id != academy.pk:
            raise Rejected(
                "Département dans une autre académie",
                f"Le département {department.code} est dans l'académie de "
                f"{department.academy.name} pour opuss, de {row.academy_name} pour le fichier.",
            )
        return department

    def _new(self, row: Row, department: Department) -> Establishment:
        return Establishment(
            uai=row.uai,
            type=row.type,
            rep_plus=row.rep_plus,
            department=department,
            **row.values,
        )

    def _apply(self, establishment: Establishment, row: Row, department: Department) -> bool:
        """Sets what the directory says on a known establishment; whether anything changed."""
        if establishment.type != row.type or establishment.department_id != department.pk:
            self.result.kept_apart += 1
        changed = {}
        for name, value in row.values.items():
            old = getattr(establishment, name)
            if value == old or (not value and name in KEPT_WHEN_EMPTY):
                continue
            changed[name] = [old, value]
            setattr(establishment, name, value)
        if changed:
            self.changes[establishment.uai] = changed
        return bool(changed)

    def finish(self) -> None:
        result = self.result
        result.run = self.run
        self.run.counts = {
            "lues": result.read,
            "créés": result.created,
            "mis à jour": result.updated,
            "inchangés": result.unchanged,
            "rejetés": result.rejected,
            "type ou département laissés": result.kept_apart,
            "départements créés": result.departments_created,
        }
        self.run.save(update_fields=["counts"])
        record(
            actor=None,
            action=ACTION,
            obj=self.run,
            after={
                **self.run.counts,
                "fichier": self.run.file_name,
                "établissements créés": self.created_uais,
                "établissements mis à jour": self.changes,
            },
        )
