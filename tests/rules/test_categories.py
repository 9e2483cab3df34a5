from datetime import date

import pytest

from opuss.rules.categories import age_category
from opuss.rules.errors import BirthYearOutOfRange
from opuss.rules.season import load_season


@pytest.mark.parametrize(
    ("birth_date", "code", "label"),
    [
        (date(2020, 12, 31), "POUSSIN", "Poussin"),
        (date(2016, 1, 1), "POUSSIN", "Poussin"),
        (date(2015, 12, 31), "BENJAMIN", "Benjamin"),
        (date(2013, 1, 1), "BENJAMIN", "Benjamin"),
        (date(2012, 12, 31), "MINIME", "Minime"),
        (date(2011, 1, 1), "MINIME", "Minime"),
        (date(2010, 12, 31), "CADET", "Cadet"),
        (date(2009, 1, 1), "CADET", "Cadet"),
        (date(2008, 12, 31), "JUNIOR", "Junior"),
        (date(2008, 3, 14), "JUNIOR", "Junior"),
        (date(2007, 1, 1), "JUNIOR", "Junior"),
        (date(2006, 12, 31), "SENIOR", "Senior"),
        (date(2004, 1, 1), "SENIOR", "Senior"),
    ],
)
def test_2025_categories_at_the_edges_of_each_year_range(
    birth_date: date, code: str, label: str
) -> None:
    category = age_category(load_season("2025-2026"), birth_date)
    assert (category.code, category.label) == (code, label)


@pytest.mark.parametrize(
    ("birth_date", "code"),
    [
        (date(2006, 12, 31), "POUSSIN"),
        (date(2001, 12, 31), "BENJAMIN"),
        (date(1999, 1, 1), "BENJAMIN"),
        (date(1998, 12, 31), "MINIME"),
        (date(1996, 6, 1), "CADET"),
        (date(1994, 12, 31), "JUNIOR"),
        (date(1993, 1, 1), "JUNIOR"),
        (date(1990, 1, 1), "SENIOR"),
    ],
)
def test_2011_categories_are_2025_shifted_by_14_years(birth_date: date, code: str) -> None:
    assert age_category(load_season("2011-2012"), birth_date).code == code


@pytest.mark.parametrize("birth_date", [date(2003, 12, 31), date(2021, 1, 1)])
def test_a_birth_year_outside_the_table_is_refused_in_french(birth_date: date) -> None:
    with pytest.raises(BirthYearOutOfRange) as error:
        age_category(load_season("2025-2026"), birth_date)
    assert str(error.value) == (
        f"Aucune catégorie d'âge en 2025-2026 pour une naissance en {birth_date.year} : les "
        "catégories vont des seniors nés en 2004 aux poussins nés en 2020."
    )
