from tests.access import POST_ONLY, Write, affiliated, only, writers

LICENCE_A = lambda w: {"pk": w.a.licence.pk}  # noqa: E731

RULES = {
    # The SR of the académie (and DN) changes licences; the SD does not.
    "corrections:manage": (LICENCE_A, only({"sr", "dn"})),
    "corrections:identity": (LICENCE_A, POST_ONLY),
    "corrections:replace": (LICENCE_A, POST_ONLY),
    "corrections:transfer": (LICENCE_A, POST_ONLY),
}


# --- writes ---------------------------------------------------------------------------------

DECIDERS = {"sr", "dn"}


def another_affiliated_as_a(w):
    """The AS of the pupil's new establishment, in side A's department, affiliated."""
    from tests.factories import AssociationFactory, EstablishmentFactory

    department = w.a.association.department
    target = AssociationFactory(
        establishment=EstablishmentFactory(department=department), code="24002"
    )
    affiliated(target, w.season)
    return LICENCE_A(w)


WRITES = {
    "corrections:identity": Write(
        LICENCE_A,
        lambda w, k: {
            "last_name": "Schmitt",
            "first_name": "Thomas",
            "sex": "M",
            "birth_date": "2009-05-17",
        },
        writers(DECIDERS),
    ),
    "corrections:replace": Write(
        LICENCE_A,
        lambda w, k: {
            "replacement-last_name": "Remplaçant",
            "replacement-first_name": "Jules",
            "replacement-sex": "M",
            "replacement-birth_date": "2010-02-01",
            "replacement-guardian_email": "parent.remplacant@example.fr",
        },
        writers(DECIDERS),
    ),
    "corrections:transfer": Write(
        another_affiliated_as_a, lambda w, k: {"target": "24002"}, writers(DECIDERS)
    ),
}
