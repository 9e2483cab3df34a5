"""Content belongs to a level of the federation (opuss.territories.levels): national, an
académie (published by its SR), a department (SD), a district (CD: "comité de district") or an
AS. The seed's pills and the reader's `niveau=` filter keep the federation's letters (seed 000:
"SR SD CD AS")."""

from opuss.territories.levels import LEVEL_SHORT, LEVELS, TerritoryLevel

ARTICLE_LEVELS = LEVELS
# Partners belong to an AS, a department, an académie or the whole federation (no district).
PARTNER_LEVELS = (
    TerritoryLevel.NATIONAL,
    TerritoryLevel.ACADEMY,
    TerritoryLevel.DEPARTMENT,
    TerritoryLevel.ASSOCIATION,
)
# The seed's four coloured pills: "SR (green), SD (blue), CD (purple), AS (red)".
PILL_LEVELS = (
    TerritoryLevel.ACADEMY,
    TerritoryLevel.DEPARTMENT,
    TerritoryLevel.DISTRICT,
    TerritoryLevel.ASSOCIATION,
)
# The letter a pill shows and the `niveau=` parameter carries, and back.
PILL_LETTER = {level: LEVEL_SHORT[level] for level in PILL_LEVELS}
LEVEL_OF_LETTER = {letter: level for level, letter in PILL_LETTER.items()}
