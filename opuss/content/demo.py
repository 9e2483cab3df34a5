"""Demo news and partners: the seed 000's four regional articles of Strasbourg, with others at
every level around the demo pupil's AS 24214 (Haut-Rhin, district "68-Mulhouse lycées"), one in
another AS of his académie he does not see, one of Lyon; partners of his AS, department,
académie and national ones. Files are small generated PDFs and a PNG, in the default storage."""

import io
import random
from datetime import datetime, time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image, ImageDraw

from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment, User
from opuss.associations.models import SportsAssociation
from opuss.content.models import Article, Attachment, Partner
from opuss.demo.tables import load
from opuss.territories.levels import TerritoryLevel
from opuss.territories.models import Academy, Department, District

SEED_TEACHER = "heloise.bernasconi@demo.opuss.fr"

TABLE = load("content.toml")


def seed_content(rng: random.Random) -> dict[str, int]:
    authors = _authors()
    counts = {"articles": 0, "attachments": 0, "partners": 0}
    for row in TABLE["articles"]:
        level = TerritoryLevel[row["level"]]
        moment = datetime.combine(
            row["published"], time(rng.randint(8, 17), rng.choice([0, 15, 30, 45]))
        )
        article = Article.objects.create(
            level=level,
            **_territory(level, row.get("territory")),
            title=row["title"],
            summary=row.get("summary", ""),
            body=TABLE["body"],
            published_at=timezone.make_aware(moment),
            author=authors[row["author"]],
        )
        counts["articles"] += 1
        for attached in row.get("attachments", []):
            attachment = Attachment(article=article, label=attached["label"])
            _store(attachment.file, attached["file"], tiny_pdf(attached["label"]))
            attachment.save()
            counts["attachments"] += 1
    for row in TABLE["partners"]:
        level = TerritoryLevel[row["level"]]
        partner = Partner(
            level=level,
            **_territory(level, row.get("territory")),
            name=row["name"],
            description=row["description"],
            website=row.get("website", ""),
        )
        if "logo" in row:
            _store(partner.logo, row["logo"]["file"], tiny_png(tuple(row["logo"]["colour"])))
        partner.save()
        counts["partners"] += 1
    return counts


def _authors() -> dict[str, User]:
    def holder(role, **scope):
        return RoleAssignment.objects.filter(role=role, **scope).order_by("pk").first().user

    return {
        "dn": holder(Role.DN),
        "sr24": holder(Role.SR, academy__code="24"),
        "sr10": holder(Role.SR, academy__code="10"),
        "sd68": holder(Role.SD, department__code="68"),
        "teacher": User.objects.get(email=SEED_TEACHER),
    }


def _territory(level: str, key: str | None) -> dict:
    if level == TerritoryLevel.ACADEMY:
        return {"academy": Academy.objects.get(code=key)}
    if level == TerritoryLevel.DEPARTMENT:
        return {"department": Department.objects.get(code=key)}
    if level == TerritoryLevel.DISTRICT:
        return {"district": District.objects.get(label=key)}
    if level == TerritoryLevel.ASSOCIATION:
        return {"association": SportsAssociation.objects.get(code=key)}
    return {}


def _store(field_file, filename: str, content: bytes) -> None:
    """Saves under the field's own name, replacing the file a previous demo left there."""
    name = field_file.field.generate_filename(field_file.instance, filename)
    if default_storage.exists(name):
        default_storage.delete(name)
    field_file.save(filename, ContentFile(content), save=False)


def tiny_pdf(text: str) -> bytes:
    """A valid one-page PDF showing `text` (Helvetica, WinAnsi for the accents)."""
    escaped = (
        text.encode("cp1252", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(")
    ).replace(b")", b"\\)")
    stream = b"BT /F1 16 Tf 72 770 Td (" + escaped + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def tiny_png(colour: tuple[int, int, int], size: int = 96) -> bytes:
    image = Image.new("RGB", (size, size), colour)
    ImageDraw.Draw(image).rectangle((8, 8, size - 9, size - 9), outline=(255, 255, 255), width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
