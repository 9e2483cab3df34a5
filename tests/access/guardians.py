from tests.access import (
    AS_MEMBERS_A,
    DONE,
    POST_ONLY,
    PUBLIC,
    SIDE_A_AS,
    STAFF,
    Inner,
    Write,
    body_of,
    everyone,
    only,
    writers,
)

AS_A = lambda w: {"code": w.a.association.code}  # noqa: E731
LICENCE_A = lambda w: {"code": w.a.association.code, "licence_pk": w.a.licence.pk}  # noqa: E731


def token_a(w):
    """A valid link for side A's licence: the page needs no account, so everyone sees it."""
    from opuss.guardians.links import make_token
    from opuss.guardians.models import GuardianRequest

    request, _ = GuardianRequest.objects.get_or_create(
        licence=w.a.licence,
        email="parent.a@example.fr",
        defaults={"created_at": w.a.licence.created_at},
    )
    return {"token": make_token(request)}


def correction_a(w):
    """A paper form of side A's licence asking a correction, not handled yet."""
    from opuss.guardians.models import GuardianResponse

    response = GuardianResponse.objects.filter(licence=w.a.licence, data_correct=False).first()
    if response is None:
        response = GuardianResponse.objects.create(
            licence=w.a.licence,
            channel="PAPER",
            recorded_by=w.a.teacher,
            guardian_name="Claire Schmitt",
            data_correct=False,
            correction_note="Le nom prend deux T.",
            image_rights=True,
            rgpd_read=True,
            insurance_read=True,
            shown={},
            answered_at=w.a.licence.created_at,
            signed_on=w.a.licence.created_at.date(),
        )
    return {"pk": response.pk}


RULES = {
    "guardians:answer": (token_a, PUBLIC),
    # The AS follows its answers; the services of its territory see them too (the SD reads).
    "guardians:association": (AS_A, only(SIDE_A_AS)),
    "guardians:resend": (LICENCE_A, POST_ONLY),
    "guardians:resend_all": (AS_A, POST_ONLY),
    # The signed paper sheet is the AS's: only its members type it.
    "guardians:paper": (LICENCE_A, only(AS_MEMBERS_A)),
    "guardians:staff": (None, only(STAFF)),
    # Correction requests: the services of the territory follow them; the SR (and DN), who
    # corrects licences, marks one handled.
    "guardians:corrections": (None, only(STAFF)),
    "guardians:correction": (correction_a, only({"sd", "sr", "dn"})),
    "guardians:correction_handle": (correction_a, POST_ONLY),
}


# --- writes ---------------------------------------------------------------------------------

RESENDERS = AS_MEMBERS_A | {"sr", "dn"}  # the AS and its regional service; the SD reads


def answer_body(licence, form_class, **extra) -> dict:
    """The guardian's answers: data correct, the first image-rights choice, mentions read."""
    from opuss.guardians.mentions import shown_for

    shown = shown_for(licence)
    body = body_of(form_class(shown=shown)) | {
        "data_correct": "yes",
        "image_rights": next(iter(shown["image_rights_choices"])),
        "rgpd_read": "on",
        "insurance_read": "on",
    }
    if shown["ia_sport_plus"] is not None:
        body["ia_sport_plus"] = "no"
    return body | extra


def link_answer(w, k):
    from opuss.guardians.forms import AnswerForm

    return answer_body(w.a.licence, AnswerForm, guardian_name="Claire Schmitt")


def paper_answer(w, k):
    from opuss.guardians.forms import PaperForm
    from opuss.licences.models import Licence

    licence = Licence.objects.get(pk=k["licence_pk"])
    return answer_body(licence, PaperForm, guardian_name="Claire Schmitt", signed_on="2025-10-01")


def with_guardian_address_a(w):
    from opuss.licences.models import Pupil

    Pupil.objects.filter(pk=w.a.licence.pupil_id).update(guardian_email="parent.a@example.fr")
    return AS_A(w)


def licence_b_under_a(w):
    return {"code": w.a.association.code, "licence_pk": w.b.licence.pk}


WRITES = {
    # No account: the signed link is the key, whoever holds it answers.
    "guardians:answer": Write(token_a, link_answer, everyone(DONE)),
    "guardians:resend": Write(
        LICENCE_A, lambda w, k: {"email": "parent.a@example.fr"}, writers(RESENDERS)
    ),
    "guardians:resend_all": Write(with_guardian_address_a, lambda w, k: {}, writers(RESENDERS)),
    "guardians:paper": Write(LICENCE_A, paper_answer, writers(AS_MEMBERS_A)),
    "guardians:correction_handle": Write(correction_a, lambda w, k: {}, writers({"sr", "dn"})),
}

INNER_IDS = {
    "guardians:resend": Inner(licence_b_under_a),
    "guardians:paper": Inner(licence_b_under_a),
}
