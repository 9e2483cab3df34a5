"""`field__any=[...]`: the field equals one of the values. On PostgreSQL one array parameter,
`field = ANY(%s)`, where `__in` sends one parameter per value: for the basket's 300 lines, the
query is built in a third of the time (issue #14). Elsewhere it is `__in`."""

from django.db.models import Field, ForeignObject
from django.db.models.lookups import In, Lookup


@ForeignObject.register_lookup  # a foreign key's column: ids
@Field.register_lookup
class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        values = list(self.rhs)
        if connection.vendor != "postgresql":
            return In(self.lhs, values).as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        prepared = [self.lhs.output_field.get_db_prep_value(v, connection) for v in values]
        return f"{lhs} = ANY(%s)", [*lhs_params, prepared]
