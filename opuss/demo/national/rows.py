"""Rows as the sink writes them: tuples in the order of the model's concrete fields."""

from django.db import models

from opuss.demo.national.sink import columns


class Rows:
    """Makes `model`'s rows from keyword values; a field not given takes its default (so a field
    added to the model later is filled as a plain `create` would fill it), a callable default
    called for each row."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        fields = columns(model)
        self.names = [field.attname for field in fields]
        self._known = set(self.names)
        self._defaults = [_default(field) for field in fields]
        self._per_row = {
            field.attname: field.default for field in fields
            if field.has_default() and callable(field.default)
        }

    def make(self, **values) -> tuple:
        unknown = values.keys() - self._known
        if unknown:
            raise TypeError(f"{self.model.__name__} has no field {', '.join(sorted(unknown))}")
        for name, default in self._per_row.items():
            if name not in values:
                values[name] = default()
        return tuple(values.get(name, default)
                     for name, default in zip(self.names, self._defaults, strict=True))


def _default(field: models.Field):
    if field.has_default():
        return None if callable(field.default) else field.default
    if field.null:
        return None
    if isinstance(field, (models.CharField, models.TextField)):
        return ""
    return None


def row_of(instance: models.Model) -> tuple:
    """An unsaved instance (its id set) as a row."""
    return tuple(getattr(instance, field.attname) for field in columns(type(instance)))
