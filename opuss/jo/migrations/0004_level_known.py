"""The known levels, once the rows are migrated (a migration of its own: PostgreSQL forbids
altering a table with pending trigger events in the same transaction)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('jo', '0003_territory_data'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='certification',
            constraint=models.CheckConstraint(condition=models.Q(('level__in', ['DISTRICT', 'DEPARTMENT', 'ACADEMY', 'NATIONAL', 'INTERNATIONAL'])), name='jo_certification_level_known'),
        ),
        migrations.AddConstraint(
            model_name='officiating',
            constraint=models.CheckConstraint(condition=models.Q(('level__in', ['DISTRICT', 'DEPARTMENT', 'ACADEMY', 'NATIONAL', 'INTERNATIONAL'])), name='jo_officiating_level_known'),
        ),
        migrations.AddConstraint(
            model_name='question',
            constraint=models.CheckConstraint(condition=models.Q(('level__in', ['DISTRICT', 'DEPARTMENT', 'ACADEMY', 'NATIONAL', 'INTERNATIONAL'])), name='jo_question_level_known'),
        ),
    ]
