from django.db import models


class ContentLevel(models.TextChoices):
    """Who publishes: the national direction, a regional service (académie), a departmental
    one, a district (CD: "comité de district") or an AS. Seed 000: "SR SD CD AS"."""

    NATIONAL = "NATIONAL", "National"
    SR = "SR", "Régional"
    SD = "SD", "Départemental"
    CD = "CD", "District"
    AS = "AS", "AS"


# The field holding the territory of each level (none for national).
TERRITORY_FIELD: dict[str, str | None] = {
    ContentLevel.NATIONAL: None,
    ContentLevel.SR: "academy",
    ContentLevel.SD: "department",
    ContentLevel.CD: "district",
    ContentLevel.AS: "association",
}
TERRITORY_FIELDS = ("academy", "department", "district", "association")

ARTICLE_LEVELS = tuple(ContentLevel)
# Partners belong to an AS, a department, an académie or the whole federation (no district).
PARTNER_LEVELS = (ContentLevel.NATIONAL, ContentLevel.SR, ContentLevel.SD, ContentLevel.AS)
# The seed's four coloured pills: "SR (green), SD (blue), CD (purple), AS (red)".
PILL_LEVELS = (ContentLevel.SR, ContentLevel.SD, ContentLevel.CD, ContentLevel.AS)
