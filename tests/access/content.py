from tests.access import SIDE_A_AS, BodyId, Write, body_of, only, writers

PUPILS = {"pupil", "pupil_b"}
# Who publishes (perms.reach_of): AS members for their AS, SD, SR, DN.
WRITERS = {"teacher", "secretary", "sd", "sr", "dn", "teacher_b", "secretary_b", "sd_b", "sr_b"}
# An AS-level item of AS A: its pupils and members read it, and the services above it.
AS_A_READERS = SIDE_A_AS | {"pupil"}


def as_article_a(w):
    from tests.content.factories import article_for

    return article_for("AS", w.a.association, author=w.a.teacher)


def article_a(w):
    return {"pk": as_article_a(w).pk}


def attachment_a(w):
    from opuss.content.demo import tiny_pdf
    from opuss.content.models import Attachment
    from tests.content.factories import stored

    name = stored("articles/acces/matrice.pdf", tiny_pdf("Matrice"))
    return {"pk": Attachment.objects.create(article=as_article_a(w), file=name).pk}


def partner_a(w, **fields):
    from tests.content.factories import partner_for

    return {"pk": partner_for("AS", w.a.association, **fields).pk}


def partner_with_logo_a(w):
    from tests.content.factories import logo_png, stored

    return partner_a(w, logo=stored("partenaires/acces-matrice.png", logo_png()))


RULES = {
    # The pupil's pages ("Mon actualité", the home's block, "Mes partenaires").
    "content:pupil_news": (None, only(PUPILS)),
    "content:articles_block": (None, only(PUPILS)),
    "content:pupil_partners": (None, only(PUPILS)),
    # An AS-level article and its file: AS A's pupils and members, its SD, SR and DN.
    "content:article": (article_a, only(AS_A_READERS)),
    "content:attachment": (attachment_a, only(AS_A_READERS)),
    "content:partner_logo": (partner_with_logo_a, only(AS_A_READERS)),
    # Writers: everyone but pupils lists and creates; editing needs the item in his reach.
    "content:manage": (None, only(WRITERS)),
    "content:create": (None, only(WRITERS)),
    "content:edit": (article_a, only(SIDE_A_AS)),
    "content:partners_manage": (None, only(WRITERS)),
    "content:partner_create": (None, only(WRITERS)),
    "content:partner_edit": (partner_a, only(SIDE_A_AS)),
}


# --- writes: an AS-level item of side A, which side B's writers cannot reach ----------------

PUBLISHED = "2025-10-01T10:00"
WRITERS_A = SIDE_A_AS  # teacher, secretary, sd, sr, dn


def new_article(w, k):
    return {
        "title": "Cross du lycée",
        "summary": "Mercredi au parc.",
        "level": "AS",
        "association": w.a.association.pk,
        "published_at": PUBLISHED,
        "body": "Rendez-vous à 13 h 30.",
    }


def new_partner(w, k):
    return {
        "name": "Boulangerie du stade",
        "description": "Le goûter des crossmen.",
        "website": "https://boulangerie.example.fr",
        "level": "AS",
        "association": w.a.association.pk,
    }


def edited(form_class, instance, **changes) -> dict:
    from opuss.content.perms import Reach

    return body_of(form_class(instance=instance, reach=Reach(national=True))) | changes


def article_body(w, k):
    from opuss.content.forms import ArticleForm
    from opuss.content.models import Article

    return edited(ArticleForm, Article.objects.get(pk=k["pk"]), title="Titre modifié")


def partner_body(w, k):
    from opuss.content.forms import PartnerForm
    from opuss.content.models import Partner

    return edited(PartnerForm, Partner.objects.get(pk=k["pk"]), name="Nom modifié")


# Side B's writers publish, but not for side A's AS: the form refuses the territory.
REFUSED_B = {"teacher_b": 200, "secretary_b": 200, "sd_b": 200, "sr_b": 200}
WRITES = {
    "content:create": Write(None, new_article, writers(WRITERS_A) | REFUSED_B),
    "content:edit": Write(article_a, article_body, writers(WRITERS_A)),
    "content:partner_create": Write(None, new_partner, writers(WRITERS_A) | REFUSED_B),
    "content:partner_edit": Write(partner_a, partner_body, writers(WRITERS_A)),
}


def attachment_of_b(w, k):
    from opuss.content.demo import tiny_pdf
    from opuss.content.models import Attachment
    from tests.content.factories import article_for, stored

    article = article_for("AS", w.b.association, author=w.b.teacher)
    name = stored("articles/acces/autre-cote.pdf", tiny_pdf("Côté B"))
    return {"remove": [Attachment.objects.create(article=article, file=name).pk]}


def territory(form: str, level: str, name: str, value, actors: set[str]) -> BodyId:
    return BodyId(
        (f"opuss.content.forms.{form}.{name}",),
        lambda w, k: {"level": level, name: value(w)},
        actors=frozenset(actors),
    )


def article_with_file_a(w):
    from opuss.content.models import Attachment

    return {"pk": Attachment.objects.get(pk=attachment_a(w)["pk"]).article_id}


def academy_b(w):
    return w.b.association.department.academy_id


def department_b(w):
    return w.b.association.department_id


def district_b(w):
    return w.b.association.district_id


def association_b(w):
    return w.b.association.pk


BODY_IDS = {
    ("content:create", "academy"): territory(
        "ArticleForm", "ACADEMY", "academy", academy_b, {"sr"}
    ),
    ("content:create", "department"): territory(
        "ArticleForm", "DEPARTMENT", "department", department_b, {"sd", "sr"}
    ),
    ("content:create", "district"): territory(
        "ArticleForm", "DISTRICT", "district", district_b, {"sd", "sr"}
    ),
    ("content:create", "association"): territory(
        "ArticleForm", "AS", "association", association_b, {"teacher", "secretary", "sd", "sr"}
    ),
    ("content:edit", "association"): territory(
        "ArticleForm", "AS", "association", association_b, {"teacher", "secretary", "sd", "sr"}
    ),
    # Only the article's own files can be removed from it.
    ("content:edit", "remove"): BodyId(
        ("opuss.content.forms.ArticleForm.remove",),
        attachment_of_b,
        kwargs=article_with_file_a,
    ),
    ("content:partner_create", "academy"): territory(
        "PartnerForm", "ACADEMY", "academy", academy_b, {"sr"}
    ),
    ("content:partner_create", "department"): territory(
        "PartnerForm", "DEPARTMENT", "department", department_b, {"sd", "sr"}
    ),
    ("content:partner_create", "association"): territory(
        "PartnerForm", "AS", "association", association_b, {"teacher", "secretary", "sd", "sr"}
    ),
    # Partners have no district level: the district is refused with its level.
    ("content:partner_create", "district"): territory(
        "PartnerForm", "DISTRICT", "district", district_b, {"sd", "sr"}
    ),
    ("content:partner_edit", "association"): territory(
        "PartnerForm", "AS", "association", association_b, {"teacher", "secretary", "sd", "sr"}
    ),
}
