"""`opuss import-establishments FILE [--rejects REPORT.csv]`: loads the ministry's « Annuaire de
l'éducation » (opuss.territories.directory). Progress on stderr, a French summary on stdout;
exit status 0 once the file is imported (refused rows are reported, not failures), 2 when
nothing could be imported."""

import codecs
import csv
import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from opuss.core.exports import csv_cell
from opuss.rules.money import format_number
from opuss.territories import directory

# Rejected lines listed in the summary: the first ones that should have been imported (the
# écoles of the directory, some 45,000, are counted by type only); all go to --rejects.
SHOWN = 50


class Command(BaseCommand):
    help = (
        "Importe l'annuaire de l'éducation (export CSV de data.education.gouv.fr, jeu "
        "fr-en-annuaire-education) : crée ou met à jour les établissements, ne supprime rien."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Le fichier CSV de l'annuaire (séparé par « ; »).")
        parser.add_argument(
            "--rejects", help="Écrit les lignes rejetées et leur motif dans ce fichier CSV."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=directory.BATCH_SIZE,
            help=f"Lignes par lot (par défaut {directory.BATCH_SIZE}).",
        )
        parser.add_argument(
            "--encoding",
            default="utf-8-sig",
            help="Encodage du fichier (par défaut UTF-8, celui de l'export ; cp1252 pour un "
            "fichier réenregistré par un tableur).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.shown: list[directory.Rejection] = []
        self.unexpected = 0
        try:
            codecs.lookup(options["encoding"])
        except LookupError:
            self._fail(f"Encodage « {options['encoding']} » inconnu. Rien n'a été importé.")
        report_path = Path(options["rejects"]) if options["rejects"] else None
        report = self._open_report(report_path) if report_path else None
        try:
            result = directory.import_directory(
                options["file"],
                batch_size=max(1, options["batch_size"]),
                encoding=options["encoding"],
                on_progress=self._progress,
                on_reject=self._rejected(report),
            )
        except directory.DirectoryError as error:
            if report is not None:
                report.close()
                report_path.unlink()
            self._fail(f"{error} Rien n'a été importé.")
        if report is not None:
            report.close()
        self._summary(Path(options["file"]).name, result, report_path)

    def _open_report(self, path: Path):
        try:
            stream = path.open("w", encoding="utf-8", newline="")
        except OSError as error:
            self._fail(f"Impossible d'écrire « {path} » : {error.strerror}. Rien n'a été importé.")
        # A BOM and semicolons, as every CSV of opuss: a French spreadsheet opens it as it is.
        stream.write("\ufeff")
        self.report_writer = csv.writer(stream, delimiter=";")
        self.report_writer.writerow(directory.REJECTS_HEADER)
        return stream

    def _rejected(self, report):
        def on_reject(rejection: directory.Rejection) -> None:
            if not rejection.expected:
                self.unexpected += 1
                if len(self.shown) < SHOWN:
                    self.shown.append(rejection)
            if report is not None:
                self.report_writer.writerow([csv_cell(value) for value in rejection.as_row()])

        return on_reject

    def _progress(self, result: directory.ImportResult, share: float | None) -> None:
        done = f" ({share:.0%})".replace("%", "\u00a0%") if share is not None else ""
        self.stderr.write(
            f"{_n(result.read)} lignes lues{done} : {_n(result.created)} créés, "
            f"{_n(result.updated)} mis à jour, {_n(result.unchanged)} inchangés, "
            f"{_n(result.rejected)} rejetés",
            style_func=lambda text: text,
        )

    def _summary(self, name: str, result: directory.ImportResult, report_path: Path | None) -> None:
        write = self.stdout.write
        write(f"Annuaire de l'éducation « {name} » : {_n(result.read)} lignes lues.")
        write(f"Créés : {_n(result.created)}")
        write(f"Mis à jour : {_n(result.updated)}")
        write(f"Inchangés : {_n(result.unchanged)}")
        write(f"Rejetés : {_n(result.rejected)}")
        for kind, count in result.reasons.most_common():
            write(f"  {kind} : {_n(count)}")
        if result.kept_apart:
            write(
                f"Type ou département différent de l'annuaire, laissé tel quel : "
                f"{_n(result.kept_apart)} (il se change dans l'administration)"
            )
        if result.departments_created:
            created = ", ".join(result.departments_created)
            write(f"Départements créés : {_n(len(result.departments_created))} ({created})")
        if self.shown:
            write("Lignes rejetées (sauf les types non importés et les établissements fermés) :")
            for rejection in self.shown:
                write(
                    f"  ligne {rejection.line} – {rejection.uai or 'sans UAI'} "
                    f"{rejection.name} : {rejection.reason}"
                )
            hidden = self.unexpected - len(self.shown)
            if hidden:
                where = f"dans « {report_path} »" if report_path else "avec --rejects FICHIER"
                write(f"  … et {_n(hidden)} autres : toutes {where}.")
        if report_path:
            write(f"Rapport des rejets (toutes les lignes rejetées) : {report_path}")

    def _fail(self, message: str) -> NoReturn:
        # One French line on stderr and exit status 2, as `opuss fee` and `opuss sepa` do.
        self.stderr.write(message, style_func=lambda text: text)
        sys.exit(2)


def _n(value: int) -> str:
    return format_number(value)
