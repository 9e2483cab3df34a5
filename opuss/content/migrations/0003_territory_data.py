"""The rows take the federation's level values (a migration of its own, between the schema
changes: PostgreSQL forbids altering a table with pending trigger events in the transaction
that updated it)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

# Content's own level values become the federation's (opuss.territories.levels.TerritoryLevel).
NEW_LEVEL = {"SR": "ACADEMY", "SD": "DEPARTMENT", "CD": "DISTRICT"}
# Each row now names the territories containing its own: from its level's object, the lookup to
# each larger one.
CONTAINERS = {
    "DEPARTMENT": ("department", {"academy": ("territories", "Department", "academy")}),
    "DISTRICT": (
        "district",
        {
            "department": ("territories", "District", "department"),
            "academy": ("territories", "District", "department__academy"),
        },
    ),
    "AS": (
        "association",
        {
            "district": ("associations", "SportsAssociation", "district"),
            "department": ("associations", "SportsAssociation", "department"),
            "academy": ("associations", "SportsAssociation", "department__academy"),
        },
    ),
}
MODELS = ("Article", "Partner")


def to_territory_levels(apps, schema_editor):
    for name in MODELS:
        rows = apps.get_model("content", name).objects
        for old, new in NEW_LEVEL.items():
            rows.filter(level=old).update(level=new)
        for level, (own, larger) in CONTAINERS.items():
            rows.filter(level=level).update(
                **{
                    field: Subquery(
                        apps.get_model(app, model)
                        .objects.filter(pk=OuterRef(own))
                        .values(path)[:1]
                    )
                    for field, (app, model, path) in larger.items()
                }
            )


def to_content_levels(apps, schema_editor):
    for name in MODELS:
        rows = apps.get_model("content", name).objects
        for level, (own, larger) in CONTAINERS.items():
            rows.filter(level=level).update(**dict.fromkeys(larger))
        for old, new in NEW_LEVEL.items():
            rows.filter(level=new).update(level=old)


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0002_territory_levels'),
    ]

    operations = [
        migrations.RunPython(to_territory_levels, to_content_levels),
    ]
