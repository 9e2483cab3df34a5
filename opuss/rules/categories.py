"""Age categories of licensees, by year of birth ("Les catégories d'âges des licenciés")."""

from datetime import date

from opuss.rules.errors import BirthYearOutOfRange
from opuss.rules.season import AgeCategory, SeasonRules

__all__ = ["AgeCategory", "age_category"]


def age_category(rules: SeasonRules, birth_date: date) -> AgeCategory:
    """The category of a pupil born on `birth_date`: only the year counts."""
    year = birth_date.year
    for category in rules.categories:
        if category.first_year <= year <= category.last_year:
            return category
    oldest, youngest = rules.categories[-1], rules.categories[0]
    raise BirthYearOutOfRange(
        f"Aucune catégorie d'âge en {rules.label} pour une naissance en {year} : les catégories "
        f"vont des {oldest.label.lower()}s nés en {oldest.first_year} aux "
        f"{youngest.label.lower()}s nés en {youngest.last_year}."
    )
