"""The public "Simuler ma cotisation" page gives the same figures as `opuss fee`."""

import html
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from opuss.rules.money import format_eur

URL = reverse("seasons:fee_simulator")

CASES = [
    {"season": "2025-2026", "establishment_type": "COL", "enrolment": 600},
    {"season": "2025-2026", "establishment_type": "COL", "enrolment": 1500, "rep_plus": True},
    {"season": "2025-2026", "establishment_type": "LP", "enrolment": 320, "ex_priority": True},
    {
        "season": "2025-2026",
        "establishment_type": "LYC",
        "enrolment": 900,
        "previous_licensees": 40,
        "contract": "accompanied",
    },
    {
        "season": "2025-2026",
        "establishment_type": "LPO",
        "enrolment": 333,
        "contract": "accompanied",
    },
    {"season": "2025-2026", "establishment_type": "EEA", "enrolment": 120},
    {
        "season": "2025-2026",
        "establishment_type": "LYC",
        "enrolment": 700,
        "first_affiliation": True,
    },
    {
        "season": "2011-2012",
        "establishment_type": "COL",
        "enrolment": 600,
        "previous_licensees": 40,
        "contract": "auto",
    },
    {
        "season": "2011-2012",
        "establishment_type": "COL",
        "enrolment": 600,
        "previous_licensees": 40,
        "contract": "accompanied",
        "full_price_last_season": True,
    },
]

OPTION = {
    "establishment_type": "type",
    "enrolment": "enrolment",
    "previous_licensees": "previous-licensees",
    "contract": "contract",
}
FLAG = {
    "rep_plus": "--rep-plus",
    "ex_priority": "--ex-priority",
    "first_affiliation": "--first-affiliation",
    "aefe": "--aefe",
    "not_affiliated_since_2014": "--not-affiliated-since-2014",
    "full_price_last_season": "--full-price-last-season",
}


def cli_result(case, capsys) -> dict:
    args = ["--season", case["season"], "--json"]
    for key, value in case.items():
        if key in OPTION:
            args += [f"--{OPTION[key]}", str(value)]
        elif key in FLAG:
            args.append(FLAG[key])
    call_command("fee", *args)
    return json.loads(capsys.readouterr().out)


def page_text(client, case, **headers) -> str:
    params = {k: ("on" if v is True else v) for k, v in case.items()}
    response = client.get(URL, params, **headers)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(str(v) for v in c.values()))
def test_the_page_shows_the_figures_and_explanation_of_the_cli(client, case, capsys):
    from decimal import Decimal

    expected = cli_result(case, capsys)
    page = page_text(client, case)
    for key in ("affiliation", "contract", "total", "personalised"):
        assert format_eur(Decimal(expected[key])) in page, key
    if expected["accompanied"] is not None:
        assert format_eur(Decimal(expected["accompanied"])) in page
    assert f"{expected['break_even_licences']} licence" in page
    for line in expected["explanation"]:
        assert line in page


@pytest.mark.django_db
def test_the_worked_example_of_the_circular(client):
    page = page_text(client, CASES[0])
    assert "2\u202f145,78\u00a0€" in page
    assert "2\u202f245,78\u00a0€" in page  # with the 100 € affiliation


@pytest.mark.django_db
def test_htmx_gets_only_the_result_fragment(client):
    fragment = page_text(client, CASES[0], HTTP_HX_REQUEST="true")
    assert "Cotisation 2025-2026" in fragment
    assert "<html" not in fragment


@pytest.mark.django_db
def test_a_negative_enrolment_is_explained_next_to_the_field_and_kept(client):
    response = client.get(
        URL, {"season": "2025-2026", "establishment_type": "COL", "enrolment": "-5"}
    )
    page = html.unescape(response.content.decode())
    assert "supérieure ou égale à 0" in page
    assert 'value="-5"' in page


@pytest.mark.django_db
def test_the_page_needs_no_login_and_starts_empty(client):
    page = page_text(client, {})
    assert "Indiquez le type et l'effectif" in page
    assert '<option value="2025-2026" selected>' in page


@pytest.mark.django_db
def test_the_circular_page_says_when_the_age_categories_are_an_assumption(client):
    memento = html.unescape(
        client.get(reverse("seasons:circular", args=["2011-2012"])).content.decode()
    )
    assert "Catégories d'âge supposées" in memento
    circular = html.unescape(
        client.get(reverse("seasons:circular", args=["2025-2026"])).content.decode()
    )
    assert "Catégories d'âge supposées" not in circular
