from tests.access import BodyId, Write, affiliated_a, only, writers

DECIDERS = {"sr", "dn"}

RULES = {
    # The regional services (and DN) sell unit licences (CNED), each in its own territory.
    "unit_licences:create": (None, only(DECIDERS | {"sr_b"})),
}


def licensing_a(w):
    """Side A's AS affiliated, inside the licence period: it may be charged a unit licence."""
    affiliated_a(w)


def cned_pupil(w, k):
    """A pupil of télé-enseignement for side A's AS, confirmed with the season's checks."""
    from opuss.rules.season import load_season

    return {
        "association": w.a.association.code,
        "last_name": "Lambert",
        "first_name": "Chloé",
        "sex": "F",
        "birth_date": "2010-05-02",
        "guardian_email": "parent.lambert@example.fr",
        "insurance": "MAIF_COLLECTIVE",
        "checks": list(load_season(w.season.label).licences.checks),
        "action": "create",
    }


WRITES = {
    # Side B's SR: side A's AS is not his (404); the AS, the SD and the pupil: not theirs to sell.
    "unit_licences:create": Write(licensing_a, cned_pupil, writers(DECIDERS)),
}

BODY_IDS = {
    # The AS in the body: one of the SR's académie. DN decides for every AS (side B's is simply
    # not affiliated), so only side A's SR is asked.
    ("unit_licences:create", "association"): BodyId(
        ("opuss.licences.forms.UnitLicenceForm.association",),
        lambda w, k: {"association": w.b.association.code},
        actors=frozenset({"sr"}),
        status=404,
    ),
}
