"""The rows take the federation's level values (a migration of its own, between the schema
changes: PostgreSQL forbids altering a table with pending trigger events in the transaction
that updated it)."""

from django.db import migrations

# The certification levels take the federation's values (opuss.territories.levels.TerritoryLevel);
# INTERNATIONAL, beyond any territory, stays as it was.
NEW_LEVEL = {"DEPARTMENTAL": "DEPARTMENT", "ACADEMIC": "ACADEMY"}
MODELS = ("Certification", "Officiating", "Question", "QuizAttempt")


def rename(apps, mapping):
    for name in MODELS:
        rows = apps.get_model("jo", name).objects
        for old, new in mapping.items():
            rows.filter(level=old).update(level=new)


def to_territory_levels(apps, schema_editor):
    rename(apps, NEW_LEVEL)


def to_jo_levels(apps, schema_editor):
    rename(apps, {new: old for old, new in NEW_LEVEL.items()})


class Migration(migrations.Migration):

    dependencies = [
        ('jo', '0002_territory_levels'),
    ]

    operations = [
        migrations.RunPython(to_territory_levels, to_jo_levels),
    ]
