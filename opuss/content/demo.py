"""Demo news and partners: the seed 000's four regional articles of Strasbourg, with others at
every level around the demo pupil's AS 24214 (Haut-Rhin, district "68-Mulhouse lycées"), one in
another AS of his académie he does not see, one of Lyon; partners of his AS, department,
académie and national ones. Files are small generated PDFs and a PNG, in the default storage."""

import io
import random
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image, ImageDraw

from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment, User
from opuss.associations.models import SportsAssociation
from opuss.content.enums import ContentLevel
from opuss.content.models import Article, Attachment, Partner
from opuss.territories.models import Academy, Department, District

SEED_TEACHER = "heloise.bernasconi@demo.opuss.fr"

# (level, territory key, author key, title, summary, (month, day), attachments: [(file, label)])
ARTICLES = [
    (
        "SR",
        "24",
        "sr24",
        "OPUSS 2 - Tutoriel: comment certifier un Jeune Officiel? POWERPOINT",
        "Pas à pas, la certification d'un Jeune Officiel dans OPUSS.",
        (10, 3),
        [("tutoriel-certifier-jeune-officiel.pdf", "Tutoriel : certifier un Jeune Officiel")],
    ),
    (
        "SR",
        "24",
        "sr24",
        "OPUSS 2 - Trouver un article - POWERPOINT",
        "Retrouver les articles de votre région, de votre département ou de votre district.",
        (10, 1),
        [("trouver-un-article.pdf", "Tutoriel : trouver un article")],
    ),
    (
        "SR",
        "24",
        "sr24",
        "UNSSR STORCK - N° 3 AVRIL 2021",
        "Toutes les informations utiles pour animer votre AS.",
        (9, 22),
        [],
    ),
    (
        "SR",
        "24",
        "sr24",
        "CHALLENGE ATHLETISME INDOOR : Résultats",
        "Les résultats des collèges et des lycées.",
        (9, 15),
        [
            ("resultats-indoor-colleges.pdf", "Résultats collèges"),
            ("resultats-indoor-lycees.pdf", "Résultats lycées"),
        ],
    ),
    (
        "SD",
        "68",
        "sd68",
        "Cross départemental du Haut-Rhin : inscriptions ouvertes",
        "Le cross départemental aura lieu le mercredi 19 novembre.",
        (9, 29),
        [("cross-departemental-68.pdf", "Règlement du cross départemental")],
    ),
    (
        "SD",
        "68",
        "sd68",
        "Journée nationale du sport scolaire dans le Haut-Rhin",
        "",
        (9, 10),
        [],
    ),
    (
        "CD",
        "68-Mulhouse lycées",
        "sd68",
        "District Mulhouse lycées : tournoi de badminton",
        "Mercredi 8 octobre, gymnase du lycée Montaigne.",
        (10, 2),
        [],
    ),
    (
        "AS",
        "24214",
        "teacher",
        "AS Charles de Gaulle : reprise des entraînements d'escalade",
        "Le mardi et le jeudi de 12 h à 13 h 30.",
        (9, 16),
        [],
    ),
    (
        "AS",
        "24214",
        "teacher",
        "Sortie VTT du mercredi 15 octobre",
        "Autorisation parentale à rendre avant le 10 octobre.",
        (10, 4),
        [("autorisation-sortie-vtt.pdf", "Autorisation parentale")],
    ),
    (
        "AS",
        "24215",
        "sd68",
        "Collège Victor Schoelcher : permanence de l'AS",
        "",
        (9, 25),
        [],
    ),
    (
        "NATIONAL",
        None,
        "dn",
        "Journée nationale du sport scolaire 2025",
        "Le mercredi 24 septembre, toutes les AS ouvrent leurs portes.",
        (9, 5),
        [],
    ),
    (
        "SR",
        "10",
        "sr10",
        "Championnat d'académie de cross de Lyon",
        "",
        (9, 30),
        [],
    ),
]

# The page shows the summary under the title: the body does not repeat it (issue #12).
BODY = (
    "Retrouvez toutes les informations auprès de votre professeur d'EPS ou du service "
    "de l'UNSS concerné.\n"
    "Pensez à vérifier que votre licence est bien active avant toute rencontre.\n\n"
    "Plus d'informations : https://unss.org"
)

# (level, territory key, name, description, website, logo colour)
PARTNERS = [
    (
        "AS",
        "24214",
        "Mairie de Pulversheim",
        "La commune met le gymnase à disposition de l'AS le mercredi après-midi.",
        "",
        None,
    ),
    (
        "AS",
        "24214",
        "Escalade Club du Bassin potassique",
        "Le club accueille les grimpeurs de l'AS sur son mur une fois par mois.",
        "",
        None,
    ),
    (
        "SD",
        "68",
        "Collectivité européenne d'Alsace",
        "Soutient les déplacements des AS du Haut-Rhin vers les championnats.",
        "https://www.alsace.eu",
        None,
    ),
    (
        "SR",
        "24",
        "Région Grand Est",
        "Partenaire des championnats d'académie.",
        "https://www.grandest.fr",
        None,
    ),
    (
        "NATIONAL",
        None,
        "MAIF",
        "Assureur de l'UNSS : la licence comprend l'assurance MAIF.",
        "https://www.maif.fr",
        (0, 84, 159),
    ),
    (
        "SR",
        "10",
        "Région Auvergne-Rhône-Alpes",
        "Partenaire des championnats de l'académie de Lyon.",
        "https://www.auvergnerhonealpes.fr",
        None,
    ),
]


def seed_content(rng: random.Random) -> dict[str, int]:
    authors = _authors()
    counts = {"articles": 0, "attachments": 0, "partners": 0}
    for level, key, author, title, summary, (month, day), files in ARTICLES:
        moment = datetime(2025, month, day, rng.randint(8, 17), rng.choice([0, 15, 30, 45]))
        article = Article.objects.create(
            level=level,
            **_territory(level, key),
            title=title,
            summary=summary,
            body=BODY,
            published_at=timezone.make_aware(moment),
            author=authors[author],
        )
        counts["articles"] += 1
        for filename, label in files:
            attachment = Attachment(article=article, label=label)
            _store(attachment.file, filename, tiny_pdf(label))
            attachment.save()
            counts["attachments"] += 1
    for level, key, name, description, website, colour in PARTNERS:
        partner = Partner(
            level=level,
            **_territory(level, key),
            name=name,
            description=description,
            website=website,
        )
        if colour is not None:
            _store(partner.logo, "maif.png", tiny_png(colour))
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
    if level == ContentLevel.SR:
        return {"academy": Academy.objects.get(code=key)}
    if level == ContentLevel.SD:
        return {"department": Department.objects.get(code=key)}
    if level == ContentLevel.CD:
        return {"district": District.objects.get(label=key)}
    if level == ContentLevel.AS:
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
