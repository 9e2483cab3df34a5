"""The basket page's long lists — its lines, the pupils' renewal requests, last season's
licensees — written by Python: a basket of 300 lines beside 300 former licensees made the
template engine the page's main cost (about 70% of the request in the profile of
bench/RESULTS.md, issue #14). Every value is escaped, the buttons' addresses are made once, and
the buttons of a list submit one form."""

from html import escape

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

DATE = "%d/%m/%Y"


@register.simple_tag
def basket_line_rows(lines, warnings, code: str, form: str) -> SafeString:
    """One <tr> per line: the pupil, birth date, origin, guardian, insurance, warnings, and the
    button that removes it. The buttons submit one form (`form`, the page's only CSRF field for
    them) to their line's address: 300 lines do not carry 300 forms."""
    # The removal address of line 0 without its last segment: the line's id goes there.
    remove = escape(reverse("baskets:remove_line", args=[code, 0]).removesuffix("0/"))
    sexes, sources, insurances = (
        {value: str(label) for value, label in _field(name).flatchoices}
        for name in ("sex", "source", "insurance")
    )
    rows = []
    for line in lines:
        name = escape(f"{line.last_name.upper()} {line.first_name}")
        details = escape(
            sexes.get(line.sex, line.sex) + (f", {line.class_level}" if line.class_level else "")
        )
        checks = "".join(f'<p class="warning">⚠ {escape(w)}</p>' for w in warnings.get(line.pk, ()))
        rows.append(
            f"<tr><td>{name} <small>({details})</small></td><td>{_date(line.birth_date)}</td>"
            f"<td>{escape(sources.get(line.source, line.source))}</td>"
            f"<td>{escape(line.guardian_email or '—')}</td>"
            f"<td>{escape(insurances.get(line.insurance, line.insurance))}</td><td>{checks}</td>"
            f'<td class="row-action"><button type="submit" form="{form}" '
            f'formaction="{remove}{line.pk}/" class="button-small">Retirer'
            f'<span class="visually-hidden"> {name}</span></button></td></tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value above is escaped


@register.simple_tag
def renewal_request_items(requests, code: str, form: str) -> SafeString:
    """One item per pupil's renewal request: ticked to add (or said in the basket already), his
    message, and the button that declines it (submitting `form` to the request's address)."""
    decline = escape(reverse("baskets:decline_request", args=[code, 0]).removesuffix("0/"))
    items = []
    for renewal, in_basket in requests:
        pupil = escape(str(renewal.pupil))
        if in_basket:
            choice = f"<span>{pupil} <small>— dans le panier</small></span>"
        else:
            asked = timezone.localtime(renewal.created_at).strftime(DATE)
            choice = (
                f'<input type="checkbox" name="pupils" value="{renewal.pupil_id}" '
                f'id="r{renewal.pk}" form="requests-form" checked><label for="r{renewal.pk}">'
                f"{pupil} <small>{_date(renewal.pupil.birth_date)} · demandé le {asked}</small>"
                "</label>"
            )
        message = f"<small>« {escape(renewal.message)} »</small>" if renewal.message else ""
        items.append(
            f"<li>{choice}{message}"
            f'<button type="submit" form="{form}" formaction="{decline}{renewal.pk}/" '
            'class="button-small">Refuser<span class="visually-hidden"> '
            f"la demande de {pupil}</span></button></li>"
        )
    return mark_safe("\n".join(items))  # noqa: S308 - every value above is escaped


@register.simple_tag
def former_licensee_items(pupils) -> SafeString:
    """One checkbox per former licensee who may be renewed."""
    items = (
        f'<li><input type="checkbox" name="pupils" value="{p.pk}" id="p{p.pk}">'
        f'<label for="p{p.pk}">{escape(str(p))} <small>{_date(p.birth_date)}</small></label></li>'
        for p in pupils
    )
    return mark_safe("\n".join(items))  # noqa: S308 - every value above is escaped


def _date(day) -> str:
    return day.strftime(DATE) if day else ""


def _field(name: str):
    from opuss.licences.models import BasketLine

    return BasketLine._meta.get_field(name)
