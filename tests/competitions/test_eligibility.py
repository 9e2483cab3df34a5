"""Who may be entered in a competition: the rule alone, without a database."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from opuss.competitions.eligibility import (
    ACADEMY,
    DEPARTMENT,
    DISTRICT,
    MIXED,
    Candidate,
    Terms,
    judge,
)
from opuss.rules.season import load_season

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2025, 10, 6, 10, 0, tzinfo=PARIS)
DEADLINE = datetime(2025, 11, 12, 18, 0, tzinfo=PARIS)
CATEGORIES = [c.label for c in load_season("2025-2026").categories]
# Thomas: a Junior boy of AS 24214, district 3, department 68 (pk 5), académie 24 (pk 2).
THOMAS = Candidate(
    sex="M",
    category="Junior",
    licence_active=True,
    territories=frozenset({(DISTRICT, 3), (DEPARTMENT, 5), (ACADEMY, 2)}),
)


def terms(**changes) -> Terms:
    values = {
        "season": "2025-2026",
        "categories": ("Cadet", "Junior"),
        "sex": MIXED,
        "territory": (DEPARTMENT, 5),
        "territory_phrase": "du département 68 – Haut-Rhin",
        "entry_deadline": DEADLINE,
    }
    return Terms(**(values | changes))


def reasons(candidate=THOMAS, now=NOW, **changes) -> tuple[str, ...]:
    return judge(candidate, terms(**changes), now).reasons


def test_a_junior_boy_of_the_department_may_enter_a_mixed_cadet_and_junior_competition():
    assert judge(THOMAS, terms(), NOW).eligible


def test_a_category_the_competition_is_not_open_to_is_refused_with_the_categories_it_is():
    assert reasons(categories=("Minime", "Cadet")) == (
        "catégorie Junior : la compétition est réservée aux catégories Minime et Cadet",
    )
    assert reasons(categories=("Senior",)) == (
        "catégorie Junior : la compétition est réservée à la catégorie Senior",
    )


def test_a_boys_competition_takes_boys_a_girls_one_refuses_them_a_mixed_one_takes_both():
    girl = Candidate(**(THOMAS.__dict__ | {"sex": "F"}))
    assert judge(THOMAS, terms(sex="M"), NOW).eligible
    assert reasons(sex="F") == ("la compétition est réservée aux filles",)
    assert reasons(girl, sex="M") == ("la compétition est réservée aux garçons",)
    assert judge(girl, terms(sex=MIXED), NOW).eligible
    assert judge(THOMAS, terms(sex=MIXED), NOW).eligible


def test_a_competition_of_his_district_department_academie_or_national_is_his():
    for territory in [(DISTRICT, 3), (DEPARTMENT, 5), (ACADEMY, 2), None]:
        assert judge(THOMAS, terms(territory=territory), NOW).eligible, territory


def test_a_competition_of_another_territory_is_refused_with_its_name():
    assert reasons(territory=(DEPARTMENT, 6), territory_phrase="du département 67 – Bas-Rhin") == (
        "la compétition est réservée aux AS du département 67 – Bas-Rhin",
    )
    # Same primary key, another level: not his.
    assert not judge(THOMAS, terms(territory=(DISTRICT, 5)), NOW).eligible


def test_entries_close_after_the_deadline_minute():
    assert judge(THOMAS, terms(), DEADLINE).eligible
    assert reasons(now=DEADLINE + timedelta(seconds=1)) == (
        "les inscriptions sont closes depuis le 12/11/2025 à 18h00",
    )


def test_without_an_active_licence_of_the_season_no_entry():
    for candidate in [
        Candidate(sex="M", category=None, licence_active=False, territories=frozenset()),
        Candidate(**(THOMAS.__dict__ | {"licence_active": False})),
    ]:
        assert reasons(candidate) == ("pas de licence active pour la saison 2025-2026",)


def test_every_refusal_is_given_at_once():
    late = DEADLINE + timedelta(days=1)
    found = reasons(
        now=late,
        categories=("Benjamin",),
        sex="F",
        territory=(ACADEMY, 9),
        territory_phrase="de l'académie de Lyon",
    )
    assert len(found) == 4


sexes = st.sampled_from(["F", "M"])
levels = st.sampled_from([DISTRICT, DEPARTMENT, ACADEMY])
ids = st.integers(min_value=1, max_value=4)
moments = st.datetimes(
    min_value=datetime(2025, 9, 1), max_value=datetime(2026, 7, 1), timezones=st.just(PARIS)
)


@st.composite
def candidates(draw):
    return Candidate(
        sex=draw(sexes),
        category=draw(st.none() | st.sampled_from(CATEGORIES)),
        licence_active=draw(st.booleans()),
        territories=frozenset(
            {(DISTRICT, draw(ids)), (DEPARTMENT, draw(ids)), (ACADEMY, draw(ids))}
        ),
    )


@st.composite
def all_terms(draw):
    return terms(
        categories=tuple(draw(st.lists(st.sampled_from(CATEGORIES), min_size=1, unique=True))),
        sex=draw(st.sampled_from(["F", "M", MIXED])),
        territory=draw(st.none() | st.tuples(levels, ids)),
        entry_deadline=draw(moments),
    )


@given(candidates(), all_terms(), moments)
def test_eligible_exactly_when_every_condition_holds(candidate, competition, now):
    licensed = candidate.category is not None and candidate.licence_active
    open_ = now <= competition.entry_deadline
    conditions = [
        licensed,
        open_,
        *(
            [
                candidate.category in competition.categories,
                competition.sex in (MIXED, candidate.sex),
                competition.territory is None or competition.territory in candidate.territories,
            ]
            if licensed
            else []
        ),
    ]
    verdict = judge(candidate, competition, now)
    assert verdict.eligible == all(conditions)
    assert len(verdict.reasons) == conditions.count(False)
    assert all(reason and reason[0].islower() for reason in verdict.reasons)


@given(candidates(), all_terms(), moments)
def test_a_mixed_competition_judges_boys_and_girls_alike(candidate, competition, now):
    mixed = Terms(**(competition.__dict__ | {"sex": MIXED}))
    boy = Candidate(**(candidate.__dict__ | {"sex": "M"}))
    girl = Candidate(**(candidate.__dict__ | {"sex": "F"}))
    assert judge(boy, mixed, now) == judge(girl, mixed, now)
