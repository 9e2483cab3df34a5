from tests.access import AS_MEMBERS_A, POST_ONLY, SIDE_A_AS, STAFF, only

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
