from tests.access import AS_MEMBERS_A, SIDE_A_AS, STAFF, Write, only, writers

AS_A = lambda w: {"code": w.a.association.code}  # noqa: E731


def season_a(w):
    """Side A's entry of the world's season (2025-2026: open, no deadline on file yet)."""
    return {"code": w.a.association.code, "season": w.season.label}


RULES = {
    # Its page: the AS, and the services of its territory, who read.
    "association_life:association": (AS_A, only(SIDE_A_AS)),
    # Entered by the AS's animateurs (and its secretary).
    "association_life:entry": (season_a, only(AS_MEMBERS_A)),
    # The services' list of the AS of their territory.
    "association_life:staff_list": (None, only(STAFF)),
}


def figures(w, k):
    from opuss.sport.models import Activity

    return {
        "activities": [Activity.objects.get(name="Volley Ball").pk],
        "participations": "120",
        "events": "8",
        "jo_trained": "4",
        "shared_sport": "6",
        "phone": "03 89 12 34 56",
    }


WRITES = {
    "association_life:entry": Write(season_a, figures, writers(AS_MEMBERS_A)),
}
