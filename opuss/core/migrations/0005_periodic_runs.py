from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_export_jobs"),
    ]

    operations = [
        migrations.CreateModel(
            name="PeriodicRun",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "job",
                    models.CharField(max_length=60, unique=True, verbose_name="tâche périodique"),
                ),
                (
                    "slot",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="dernier créneau mis en file"
                    ),
                ),
                (
                    "enqueued_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="mise en file le"),
                ),
                (
                    "result_id",
                    models.CharField(
                        blank=True, max_length=64, verbose_name="identifiant de la tâche"
                    ),
                ),
            ],
            options={
                "verbose_name": "tâche périodique",
                "verbose_name_plural": "tâches périodiques",
                "ordering": ["job"],
            },
        ),
    ]
