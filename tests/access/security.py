from tests.access import (
    ACTORS,
    HOME,
    LOGIN,
    POST_ONLY,
    STAFF,
    BodyId,
    Write,
    everyone,
    only,
    writers,
)
from tests.factories import PASSWORD


def staff_sent_back(others=404):
    """Staff are sent back to « Sécurité du compte » (nothing to show them there yet); anyone
    else does not have the page."""
    return {actor: HOME if actor in STAFF else others for actor in ACTORS} | {"anonymous": LOGIN}


RULES = {
    # The code after the password: nobody in the matrix has a device, so each is sent on.
    "accounts:two_factor_verify": (None, everyone(HOME, anonymous=LOGIN)),
    # « Sécurité du compte »: the services' staff only (not pupils, not the AS).
    "accounts:security": (None, only(STAFF)),
    "accounts:two_factor_setup": (None, only(STAFF)),
    # Without a device: nothing to disable, no new codes to show.
    "accounts:two_factor_disable": (None, staff_sent_back()),
    "accounts:recovery_codes": (None, staff_sent_back()),
    "accounts:recovery_codes_renew": (None, POST_ONLY),
    # « Double authentification obligatoire »: the national direction decides.
    "accounts:two_factor_policy": (None, only({"dn"})),
    # « Mes sessions »: everyone signed in, his own only.
    "accounts:sessions": (None, everyone(200, anonymous=LOGIN)),
    # Asked without one of his sessions: none to end.
    "accounts:session_end": (None, only(set())),
}


# --- writes (tests/test_write_matrix.py) ------------------------------------------------------

PENDING_KEY = "3132333435363738393031323334353637383930"  # a set-up secret, as the page offers


def pending_key_in_session(w, k):
    from opuss.accounts.twofactor import PENDING_KEY_SESSION_KEY

    return {PENDING_KEY_SESSION_KEY: PENDING_KEY}


def code_of_pending_key(w, k):
    from django_otp.oath import totp

    return {"code": f"{totp(bytes.fromhex(PENDING_KEY)):06d}"}


def teacher_signed_in_elsewhere(w):
    """Side A's teacher is signed in on another browser too; the URL takes no argument."""
    from opuss.accounts.models import UserSession

    UserSession.objects.create(user=w.a.teacher, session_key="autre-navigateur-du-professeur")


def teacher_other_session(w, k):
    from opuss.accounts.models import UserSession

    other = UserSession.objects.get(session_key="autre-navigateur-du-professeur")
    return {"session": other.pk}


WRITES = {
    # Nobody in the matrix has a device: the code step sends each one on and changes nothing.
    "accounts:two_factor_verify": Write(
        None, lambda w, k: {"code": "123456"}, everyone(HOME, anonymous=LOGIN)
    ),
    # Staff turn it on with a code of the secret the page offered (kept in their session).
    "accounts:two_factor_setup": Write(
        None, code_of_pending_key, writers(STAFF), session=pending_key_in_session
    ),
    # Without a device there is nothing to turn off or to renew: back to « Sécurité du compte ».
    "accounts:two_factor_disable": Write(
        None, lambda w, k: {"password": PASSWORD, "code": "123456"}, staff_sent_back()
    ),
    "accounts:recovery_codes_renew": Write(None, lambda w, k: {}, staff_sent_back()),
    "accounts:two_factor_policy": Write(None, lambda w, k: {"roles": ["SD"]}, writers({"dn"})),
    # Only his own sessions: anyone else's id in the body does not exist (404).
    "accounts:session_end": Write(
        teacher_signed_in_elsewhere, teacher_other_session, writers({"teacher"})
    ),
}


def session_of_teacher_b(w, k):
    from opuss.accounts.models import UserSession

    theirs = UserSession.objects.create(user=w.b.teacher, session_key="navigateur-du-professeur-b")
    return {"session": theirs.pk}


BODY_IDS = {
    # Another person's session, on the confirmation page or in the POST: it does not exist.
    ("accounts:session_end", "session"): BodyId(
        (
            "opuss.accounts.security_views:GET:session",
            "opuss.accounts.security_views:POST:session",
        ),
        session_of_teacher_b,
        status=404,
    ),
}
