from tests.access import STAFF, Write, only, writers


def locked_teacher_a(w):
    """Side A's teacher, locked after five failures from one address."""
    from axes.models import AccessAttempt

    from opuss.accounts.backends import account_key

    AccessAttempt.objects.create(
        username=account_key(w.a.teacher),
        ip_address="192.0.2.10",
        user_agent="test",
        failures_since_start=5,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/compte/connexion/",
    )
    return {"pk": w.a.teacher.pk}


RULES = {
    # « Comptes bloqués »: the services, each for the accounts of its territory.
    "accounts:locked_accounts": (None, only(STAFF)),
    # Side A's teacher is in the reach of side A's SD and SR, and DN; GET asks to confirm.
    "accounts:unlock": (locked_teacher_a, only({"sd", "sr", "dn"})),
}


WRITES = {
    # The services of side A (and DN) unlock side A's teacher; everyone else: 404, no trace.
    "accounts:unlock": Write(locked_teacher_a, lambda w, k: {}, writers({"sd", "sr", "dn"})),
}
