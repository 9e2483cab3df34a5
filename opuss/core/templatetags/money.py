from django import template

from opuss.rules.money import format_eur

register = template.Library()


@register.filter
def eur(value):
    """An amount the French way, to the cent: {{ amount|eur }} → "2 145,78 €"."""
    return "" if value is None else format_eur(value)
