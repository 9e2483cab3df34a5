from tests.access import (
    AS_MEMBERS_A,
    POST_ONLY,
    SIDE_A_AS,
    STAFF,
    BodyId,
    Inner,
    Write,
    body_of,
    only,
    writers,
)

# Side A's department organises; its SD, the SR of its académie and DN manage the competition.
ORGANISERS_A = {"sd", "sr", "dn"}
PUPILS = {"pupil", "pupil_b"}


def competition_a(w, **fields):
    from tests.competitions.factories import competition

    return competition(w.a.association.department, created_by=w.a.sd, **fields)


def pk_a(w):
    return {"pk": competition_a(w).pk}


def enter_a(w):
    return {"code": w.a.association.code, "pk": competition_a(w).pk}


def entry_a(w):
    from tests.competitions.factories import entry

    made = entry(competition_a(w), w.a.licence, by=w.a.teacher)
    return {"code": w.a.association.code, "pk": made.pk}


def team_a(w):
    from opuss.competitions.enums import CompetitionKind
    from tests.competitions.factories import team

    made = team(competition_a(w, kind=CompetitionKind.TEAM), w.a.association, by=w.a.teacher)
    return {"code": w.a.association.code, "pk": made.pk}


RULES = {
    # The licencié's own pages (seed 000, "Je peux m'inscrire", "J'ai participé").
    "competitions:pupil_open": (None, only(PUPILS)),
    "competitions:pupil_participated": (None, only(PUPILS)),
    # The AS's competitions: its members enter; the services of its territory read.
    "competitions:association": (lambda w: {"code": w.a.association.code}, only(SIDE_A_AS)),
    # Pupils are entered "par l'intermédiaire de son enseignant EPS": the AS's members only.
    "competitions:enter": (enter_a, only(AS_MEMBERS_A)),
    "competitions:withdraw": (entry_a, POST_ONLY),
    "competitions:withdraw_team": (team_a, POST_ONLY),
    # The services' competitions: each sees those of its territory, and organises there.
    "competitions:manage": (None, only(STAFF)),
    "competitions:create": (None, only(STAFF)),
    "competitions:detail": (pk_a, only(ORGANISERS_A)),
    "competitions:edit": (pk_a, only(ORGANISERS_A)),
    "competitions:record": (pk_a, only(ORGANISERS_A)),
}


# --- writes ---------------------------------------------------------------------------------


def team_competition_a(w):
    from opuss.competitions.enums import CompetitionKind

    return competition_a(w, kind=CompetitionKind.TEAM)


def competition_b(w, **fields):
    from tests.competitions.factories import competition

    return competition(w.b.association.department, created_by=w.b.sd, **fields)


def entry_b(w):
    from tests.competitions.factories import entry

    return entry(competition_b(w), w.b.licence, by=w.b.teacher)


def team_b(w):
    from opuss.competitions.enums import CompetitionKind
    from tests.competitions.factories import team

    return team(competition_b(w, kind=CompetitionKind.TEAM), w.b.association, by=w.b.teacher)


def past_with_entry_a(w):
    """A competition of side A's department held on 1 October, side A's pupil entered."""
    import datetime as dt

    from tests.competitions.factories import at, entry

    held = competition_a(w, date=dt.date(2025, 10, 1), deadline=at(2025, 9, 25))
    entry(held, w.a.licence, by=w.a.teacher)
    return {"pk": held.pk}


def participation(w, k):
    from opuss.competitions.models import Entry

    made = Entry.objects.get(competition_id=k["pk"])
    return {f"attendance-{made.pk}": "PRESENT", f"rank-{made.pk}": "1"}


def new_competition(w, k, **changes):
    from opuss.sport.models import Activity

    return {
        "name": "Cross départemental",
        "activity": Activity.objects.get(name="Cross country").pk,
        "categories": ["Cadet"],
        "sex": "X",
        "level": "DEPARTMENT",
        "department": w.a.association.department_id,
        "date": "2025-11-19",
        "place": "Parc de l'Orangerie",
        "entry_deadline": "2025-11-12T18:00",
        "kind": "INDIVIDUAL",
    } | changes


def competition_body(w, k, **changes):
    from opuss.competitions.forms import CompetitionForm, initial_of
    from opuss.competitions.models import Competition

    competition = Competition.objects.get(pk=k["pk"])
    form = CompetitionForm(
        user=w.dn, season=w.season, competition=competition, initial=initial_of(competition)
    )
    # A departmental competition: the browser leaves the other territories unchosen.
    body = body_of(form) | {"district": "", "academy": "", "name": "Championnat renommé"}
    return body | changes


WRITES = {
    "competitions:enter": Write(
        enter_a, lambda w, k: {"licences": [w.a.licence.pk]}, writers(AS_MEMBERS_A)
    ),
    "competitions:withdraw": Write(entry_a, lambda w, k: {}, writers(AS_MEMBERS_A)),
    "competitions:withdraw_team": Write(team_a, lambda w, k: {}, writers(AS_MEMBERS_A)),
    # Side B's services organise competitions, not in side A's department.
    "competitions:create": Write(
        None, new_competition, writers(ORGANISERS_A) | {"sd_b": 200, "sr_b": 200}
    ),
    "competitions:edit": Write(pk_a, competition_body, writers(ORGANISERS_A)),
    "competitions:record": Write(past_with_entry_a, participation, writers(ORGANISERS_A)),
}

INNER_IDS = {
    "competitions:enter": Inner(
        lambda w: {"code": w.a.association.code, "pk": competition_b(w).pk}
    ),
    "competitions:withdraw": Inner(lambda w: {"code": w.a.association.code, "pk": entry_b(w).pk}),
    "competitions:withdraw_team": Inner(
        lambda w: {"code": w.a.association.code, "pk": team_b(w).pk}
    ),
}

# The territories a competition is organised in: side A's SD and SR cannot name side B's.
ORGANISERS = frozenset({"sd", "sr"})
TERRITORY_FIELDS = "opuss.competitions.forms.CompetitionForm"
BODY_IDS = {
    ("competitions:enter", "licences"): BodyId(
        ("opuss.competitions.forms.EntriesForm.licences",),
        lambda w, k: {"licences": [w.b.licence.pk]},
    ),
    ("competitions:enter", "licences (équipe)"): BodyId(
        ("opuss.competitions.forms.TeamForm.licences",),
        lambda w, k: {"licences": [w.b.licence.pk]},
        kwargs=lambda w: {"code": w.a.association.code, "pk": team_competition_a(w).pk},
        data=lambda w, k: {"name": "Équipe 2", "licences": [w.a.licence.pk]},
    ),
    ("competitions:create", "department"): BodyId(
        (f"{TERRITORY_FIELDS}.department",),
        lambda w, k: {"department": w.b.association.department_id},
        actors=ORGANISERS,
    ),
    ("competitions:create", "district"): BodyId(
        (f"{TERRITORY_FIELDS}.district",),
        lambda w, k: {"level": "DISTRICT", "district": w.b.association.district_id},
        actors=ORGANISERS,
    ),
    ("competitions:create", "academy"): BodyId(
        (f"{TERRITORY_FIELDS}.academy",),
        lambda w, k: {"level": "ACADEMY", "academy": w.b.association.department.academy_id},
        actors=frozenset({"sr"}),
    ),
    ("competitions:edit", "department"): BodyId(
        (f"{TERRITORY_FIELDS}.department",),
        lambda w, k: {"department": w.b.association.department_id},
        actors=ORGANISERS,
    ),
    # The rows of the form are the competition's own entries: another's are not read.
    ("competitions:record", "attendance-<entry>"): BodyId(
        (
            "opuss.competitions.forms.ParticipationForm.attendance-*",
            "opuss.competitions.forms.ParticipationForm.rank-*",
        ),
        lambda w, k: {f"attendance-{entry_b(w).pk}": "PRESENT"},
        data=lambda w, k: {},
    ),
}
