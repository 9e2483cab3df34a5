"""Each known pupil's duplicate-search key (opuss.rules.text.person_key), computed in Python as
save() computes it, written back in batches of BATCH pupils (by primary key)."""

from django.db import migrations

from opuss.rules.text import person_key

BATCH = 2000


def fill(apps, schema_editor):
    pupil_model = apps.get_model("licences", "Pupil")
    pupils = pupil_model.objects.order_by("pk").values_list(
        "pk", "last_name", "first_name", "birth_date"
    )
    last = 0
    while batch := list(pupils.filter(pk__gt=last)[:BATCH]):
        pupil_model.objects.bulk_update(
            [pupil_model(pk=pk, person_key=person_key(*names)) for pk, *names in batch],
            ["person_key"],
        )
        last = batch[-1][0]


class Migration(migrations.Migration):
    dependencies = [("licences", "0008_pupil_person_key_and_guardian_email_index")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
