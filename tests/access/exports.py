from tests.access import AS_MEMBERS_A, STAFF, only


def secretary_job(w):
    """An export side A's secretary asked for, ready: his alone."""
    from tests.factories import ExportJobFactory

    return {"pk": ExportJobFactory(user=w.a.secretary).pk}


RULES = {
    # « Mes exports »: whoever exports lists (AS members, services) sees his own jobs.
    "core:exports": (None, only(AS_MEMBERS_A | {"teacher_b", "secretary_b"} | STAFF)),
    # One job's line (polled) and its file: its requester only; anyone else gets a 404.
    "core:export_status": (secretary_job, only({"secretary"})),
    "core:export_download": (secretary_job, only({"secretary"})),
}
