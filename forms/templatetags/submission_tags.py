"""Template tags linking procedure pages to their online submission form."""

from django import template

from cms.cache import generation_memo
from cms.communes import commune_for_request
from forms.intake.selectors import submission_form_for_procedure

register = template.Library()


@register.simple_tag(takes_context=True)
def procedure_submission_form(context, procedure):
    """The live online form of ``procedure`` on the requested commune's site, or None; kept in memory
    until content changes. Issue #17: the shared catalogue's page is served on every commune's host,
    and another commune's form would file the dossier with that commune."""
    if procedure is None or not getattr(procedure, "pk", None):
        return None
    request = context.get("request")
    site = commune_for_request(request) if request is not None else None
    found = generation_memo(
        ("procedure-form", procedure.pk, site.pk if site else None),
        lambda: (submission_form_for_procedure(procedure=procedure, site=site),),
    )
    return found[0]


@register.filter
def postal_address(value: dict | None) -> str:
    """A delivery address on one line, empty parts left out, unit names as inside a sentence."""
    from cms.text import unit_name_case
    from forms.intake.fields import format_address

    if not value:
        return ""
    parts = {key: value.get(key, "") for key in ("detail", "commune", "province")}
    parts["commune"] = unit_name_case(parts["commune"], in_sentence=True) if parts["commune"] else ""
    parts["province"] = unit_name_case(parts["province"], in_sentence=True) if parts["province"] else ""
    return format_address(parts)


@register.filter
def field_item(bound_field):
    """``{% include "forms/includes/field.html" with item=form.phone|field_item %}`` for a plain form."""
    return {"field": bound_field, "condition": None, "kept": None}
