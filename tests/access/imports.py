from tests.access import AS_MEMBERS_A, POST_ONLY, Inner, Write, affiliated_a, only, writers

AS_A = lambda w: {"code": w.a.association.code}  # noqa: E731

def import_job(w, side="a"):
    """A long list of the side's AS read by the task, its preview ready: one new pupil."""
    import datetime as dt

    from opuss.licences.importing import Decision, ImportRow
    from opuss.licences.models import ImportJob

    row = ImportRow(line=2, last_name="DURAND", first_name="Léa", sex="F",
                    birth_date=dt.date(2012, 3, 14), decision=Decision.CREATE)
    side = getattr(w, side)
    return ImportJob.objects.create(
        association=side.association, season=w.season, created_by=side.teacher,
        filename="eleves.csv", state=ImportJob.State.DONE, lines_done=1, lines_total=1,
        preview={"rows": [row.to_preview_json()], "columns": ["nom"], "ignored": []},
    )


def job_a(w):
    return AS_A(w) | {"job_id": import_job(w).pk}


RULES = {
    # Side A's AS is not affiliated in the world: its members see the upload page and the
    # refusal; the template (headers only) is theirs whatever the affiliation.
    "imports:upload": (AS_A, only(AS_MEMBERS_A)),
    "imports:confirm": (AS_A, POST_ONLY),
    "imports:template": (AS_A, only(AS_MEMBERS_A)),
    # A long list read by a task: its page (and the part it polls) for the AS's members.
    "imports:job": (job_a, only(AS_MEMBERS_A)),
}


# --- writes: side A affiliated, inside the licence period -----------------------------------

TOKEN = "apercu-de-la-matrice"


def licensing_a(w):
    affiliated_a(w)
    return AS_A(w)


def school_file(w, k):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from opuss.licences.importing import template_csv

    content = template_csv(w.season).encode("utf-8-sig")
    return {"file": SimpleUploadedFile("eleves.csv", content, content_type="text/csv")}


def previewed(w, k):
    """What the preview left in the session: one new pupil of side A's AS."""
    import datetime as dt

    from opuss.licences.import_views import SESSION_KEY
    from opuss.licences.importing import ImportRow

    row = ImportRow(
        line=2, last_name="DURAND", first_name="Léa", sex="F", birth_date=dt.date(2012, 3, 14)
    )
    return {SESSION_KEY: {"id": TOKEN, "code": k["code"], "rows": [row.to_json()]}}


def job_licensing_a(w):
    return licensing_a(w) | {"job_id": import_job(w).pk}


WRITES = {
    # The preview writes nothing but the session: its page for the AS's members, 404 for others.
    "imports:upload": Write(licensing_a, school_file, only(AS_MEMBERS_A)),
    "imports:confirm": Write(
        licensing_a, lambda w, k: {"import": TOKEN}, writers(AS_MEMBERS_A), session=previewed
    ),
    # « Ajouter au panier » of a job: into the basket of whichever member of the AS adds it.
    "imports:job": Write(job_licensing_a, lambda w, k: {}, writers(AS_MEMBERS_A)),
}

INNER_IDS = {
    "imports:job": Inner(lambda w: licensing_a(w) | {"job_id": import_job(w, side="b").pk}),
}
