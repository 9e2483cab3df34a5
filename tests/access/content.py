from tests.access import SIDE_A_AS, only

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
