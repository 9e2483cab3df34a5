from django import forms


def drop_blank_radio_choices(form: forms.BaseForm) -> None:
    """A radio group needs no « --------- » choice: left empty, nothing is checked and nothing is
    sent, which the field reads as empty. The blank choice a model field brings would otherwise be
    shown, and pre-checked."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.RadioSelect) and hasattr(field, "choices"):
            field.choices = [(value, label) for value, label in field.choices if value != ""]
