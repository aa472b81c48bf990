"""Template tags linking procedure pages to their online submission form."""

from django import template

from cms.cache import generation_memo
from forms.intake.selectors import submission_form_for_procedure

register = template.Library()


@register.simple_tag(takes_context=True)
def procedure_submission_form(context, procedure):
    """The live online form of ``procedure`` in the request's commune (its own, else the shared one,
    issue #17), or None; kept in memory per commune until content changes."""
    if procedure is None or not getattr(procedure, "pk", None):
        return None
    request = context.get("request")
    if request is not None:
        from cms.communes import commune_for_request

        return submission_form_for_procedure(procedure=procedure, site=commune_for_request(request))
    found = generation_memo(
        ("procedure-form", procedure.pk), lambda: (submission_form_for_procedure(procedure=procedure),)
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
