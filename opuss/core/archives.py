"""Looking inside an uploaded office file (XLSX, DOCX, ODS…: a zip of XML parts) before a library
parses it. A "zip bomb" of 200 KB can expand to gigabytes, and an XML part can declare entities
that expand a billion times ("billion laughs"); both would hold a worker for minutes.

The sizes the archive declares bound the work: zipfile never inflates an entry beyond its
declared size (and then checks its CRC), so adding them up is enough to refuse a bomb without
inflating it."""

import io
import zipfile
import zlib
from xml.parsers import expat

MEGABYTE = 1024 * 1024
MAX_UNPACKED_BYTES = 20 * MEGABYTE
# A spreadsheet's XML compresses 5 to 20 times; a zip bomb, hundreds or thousands of times.
MAX_RATIO = 100
MAX_ENTRIES = 500
XML_PARTS = (".xml", ".rels", ".vml")
CHUNK = 64 * 1024


class ArchiveError(Exception):
    """Not an archive we open: broken, encrypted, or with XML that declares a DTD."""


class ArchiveTooLarge(ArchiveError):
    """Once inflated it would exceed the bounds."""


def check_archive(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            _check_sizes(entries, len(data))
            for entry in entries:
                if entry.filename.lower().endswith(XML_PARTS):
                    with archive.open(entry) as part:
                        _refuse_dtd(part)
    # Encrypted or unsupported compression methods raise RuntimeError (NotImplementedError).
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, expat.ExpatError) as error:
        raise ArchiveError(str(error)) from None


def _check_sizes(entries: list[zipfile.ZipInfo], packed: int) -> None:
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ENTRIES:
        raise ArchiveTooLarge(f"{len(entries)} entries")
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * packed:
        raise ArchiveTooLarge(f"{unpacked} bytes once inflated, {packed} packed")


def _refuse_dtd(part) -> None:
    """Office XML never carries a DTD (ECMA-376, Open Packaging Conventions); entities can only
    be declared in one, so refusing it refuses every entity expansion and external entity."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _doctype
    while chunk := part.read(CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _doctype(*_args) -> None:
    raise ArchiveError("an XML part declares a DTD")
