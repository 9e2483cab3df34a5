"""One error-summary pattern for every form (after GOV.UK's): a summary at the top of <main> that
links to each field in error, and « Erreur : » at the start of the page title.

base.html calls both tags with the context's `form`; a page whose forms have other names (or
several forms, or formsets) overrides the blocks `error_title` and `error_summary` and passes its
own forms to the same tags."""

from dataclasses import dataclass

from django import forms, template

register = template.Library()


@dataclass(frozen=True)
class ErrorLink:
    target: str
    message: str


def _forms_of(candidates) -> list[forms.BaseForm]:
    """Forms, formsets and (label, form) pairs, as the views hand them to templates."""
    found: list[forms.BaseForm] = []
    for candidate in candidates:
        if isinstance(candidate, forms.BaseForm):
            found.append(candidate)
        elif isinstance(candidate, forms.BaseFormSet):
            found.extend(candidate.forms)
        elif isinstance(candidate, list | tuple):
            found.extend(_forms_of(candidate))
    return found


def _target_id(field: forms.BoundField) -> str:
    """The id a link can jump to: the first radio or checkbox of a group, else the input."""
    if field.use_fieldset and field.subwidgets:
        return field.subwidgets[0].id_for_label or field.auto_id
    return field.id_for_label or field.auto_id


def _first_visible_id(form: forms.BaseForm) -> str:
    visible = form.visible_fields()
    return _target_id(visible[0]) if visible else ""


def _form_links(form: forms.BaseForm) -> list[ErrorLink]:
    if not form.is_bound or not form.errors:
        return []
    links = [ErrorLink(_first_visible_id(form), str(e)) for e in form.non_field_errors()]
    for field in form:
        prefix = f"{field.label} : " if field.label else ""
        links.extend(ErrorLink(_target_id(field), f"{prefix}{e}") for e in field.errors)
    return links


def _formset_links(candidates) -> list[ErrorLink]:
    """A formset's own errors (« déjà déclaré », too many forms) point to its first form."""
    links = []
    for candidate in candidates:
        if isinstance(candidate, forms.BaseFormSet) and candidate.is_bound:
            first = _first_visible_id(candidate.forms[0]) if candidate.forms else ""
            links.extend(ErrorLink(first, str(e)) for e in candidate.non_form_errors())
    return links


def error_links(*candidates) -> list[ErrorLink]:
    links = _formset_links(candidates)
    for form in _forms_of(candidates):
        links.extend(_form_links(form))
    return links


@register.simple_tag
def error_title(*candidates) -> str:
    """« Erreur : » before the page title when a submitted form has errors."""
    return "Erreur : " if error_links(*candidates) else ""


@register.inclusion_tag("core/_error_summary.html")
def error_summary(*candidates) -> dict:
    return {"error_links": error_links(*candidates)}
