"""What may be attached to an article or shown as a partner's logo: PDF, office documents and
images, checked by extension, size and first bytes (a renamed executable is refused). The files
are served by a view that checks the reader (never from a public media URL), with the content
type of their extension, so nothing a user uploads is ever run by a browser as a page or script
(no HTML, no SVG)."""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from PIL import Image

MEGABYTE = 1024 * 1024
MAX_ATTACHMENT_BYTES = 10 * MEGABYTE
MAX_LOGO_BYTES = 2 * MEGABYTE

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"  # docx, xlsx, pptx and the OpenDocument formats are zip archives
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # doc, xls, ppt (Office 97-2003)

# extension -> (content type served, first bytes expected)
DOCUMENTS = {
    "pdf": ("application/pdf", PDF_MAGIC),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ZIP_MAGIC,
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP_MAGIC),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ZIP_MAGIC,
    ),
    "odt": ("application/vnd.oasis.opendocument.text", ZIP_MAGIC),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP_MAGIC),
    "odp": ("application/vnd.oasis.opendocument.presentation", ZIP_MAGIC),
    "doc": ("application/msword", OLE_MAGIC),
    "xls": ("application/vnd.ms-excel", OLE_MAGIC),
    "ppt": ("application/vnd.ms-powerpoint", OLE_MAGIC),
}
# extension -> (content type served, Pillow's name of the format)
IMAGES = {
    "jpg": ("image/jpeg", "JPEG"),
    "jpeg": ("image/jpeg", "JPEG"),
    "png": ("image/png", "PNG"),
    "gif": ("image/gif", "GIF"),
    "webp": ("image/webp", "WEBP"),
}
# Shown inline by the browser; anything else is downloaded.
INLINE_TYPES = {"application/pdf"} | {content_type for content_type, _ in IMAGES.values()}

ATTACHMENT_KINDS = (
    "un PDF, un document bureautique (Word, Excel, PowerPoint, OpenDocument) "
    "ou une image (JPEG, PNG, GIF, WebP)"
)
LOGO_KINDS = "une image (JPEG, PNG, GIF, WebP)"


def extension(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


def content_type_for(name: str) -> str:
    known = DOCUMENTS.get(extension(name)) or IMAGES.get(extension(name))
    return known[0] if known else "application/octet-stream"


def megabytes(size: int) -> str:
    return f"{size / MEGABYTE:.1f}".replace(".", ",")


def validate_attachment(file) -> None:
    validate_file(file, {**DOCUMENTS, **IMAGES}, MAX_ATTACHMENT_BYTES, ATTACHMENT_KINDS)


def validate_logo(file) -> None:
    validate_file(file, IMAGES, MAX_LOGO_BYTES, LOGO_KINDS)


def validate_file(file, accepted: dict, max_bytes: int, kinds: str) -> None:
    """Refuses a file whose extension is not `accepted`, larger than `max_bytes`, or whose
    content is not what its extension says; `kinds` names the accepted ones in French."""
    ext = extension(file.name)
    if ext not in accepted:
        raise ValidationError(
            f"« {PurePath(file.name).name} » n'est pas accepté : joignez {kinds}.",
            code="file_type",
        )
    if file.size > max_bytes:
        raise ValidationError(
            f"« {PurePath(file.name).name} » pèse {megabytes(file.size)} Mo : "
            f"{max_bytes // MEGABYTE} Mo au plus.",
            code="file_size",
        )
    if not _content_matches(file, ext):
        raise ValidationError(
            f"« {PurePath(file.name).name} » n'est pas un vrai fichier .{ext} : "
            "son contenu ne correspond pas à son extension.",
            code="file_content",
        )


def _content_matches(file, ext: str) -> bool:
    file.seek(0)
    try:
        if ext in IMAGES:
            return _image_format(file) == IMAGES[ext][1]
        return file.read(len(DOCUMENTS[ext][1])) == DOCUMENTS[ext][1]
    finally:
        file.seek(0)


def _image_format(file) -> str | None:
    try:
        with Image.open(file) as image:
            image.verify()
            return image.format
    except Exception:  # Pillow raises many kinds of error on a broken or hostile image
        return None
