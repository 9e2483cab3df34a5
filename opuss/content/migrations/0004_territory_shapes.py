"""The shape constraints on the new level values, once the rows are migrated (a migration of
its own: on PostgreSQL the data updates leave trigger events that forbid altering the table in the
same transaction)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0003_territory_data'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='article',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('academy__isnull', True), ('association__isnull', True), ('department__isnull', True), ('district__isnull', True), ('level', 'NATIONAL')), models.Q(('academy__isnull', False), ('association__isnull', True), ('department__isnull', True), ('district__isnull', True), ('level', 'ACADEMY')), models.Q(('academy__isnull', False), ('association__isnull', True), ('department__isnull', False), ('district__isnull', True), ('level', 'DEPARTMENT')), models.Q(('academy__isnull', False), ('association__isnull', True), ('department__isnull', False), ('district__isnull', False), ('level', 'DISTRICT')), models.Q(('academy__isnull', False), ('association__isnull', False), ('department__isnull', False), ('district__isnull', False), ('level', 'AS')), _connector='OR'), name='article_territory_matches_level', violation_error_message='Le territoire ne correspond pas au niveau choisi.'),
        ),
        migrations.AddConstraint(
            model_name='partner',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('academy__isnull', True), ('association__isnull', True), ('department__isnull', True), ('district__isnull', True), ('level', 'NATIONAL')), models.Q(('academy__isnull', False), ('association__isnull', True), ('department__isnull', True), ('district__isnull', True), ('level', 'ACADEMY')), models.Q(('academy__isnull', False), ('association__isnull', True), ('department__isnull', False), ('district__isnull', True), ('level', 'DEPARTMENT')), models.Q(('academy__isnull', False), ('association__isnull', False), ('department__isnull', False), ('district__isnull', False), ('level', 'AS')), _connector='OR'), name='partner_territory_matches_level', violation_error_message='Le territoire ne correspond pas au niveau choisi.'),
        ),
    ]
