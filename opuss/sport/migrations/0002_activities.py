from django.db import migrations

from opuss.sport.activities import ACTIVITIES


def load(apps, schema_editor):
    Activity = apps.get_model("sport", "Activity")
    for name in ACTIVITIES:
        Activity.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("sport", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
