from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ mapping|get_item:key }}: a dict's value in a template."""
    return mapping.get(key, []) if mapping else []
