"""Template tags linking procedure pages to their online submission form."""

from django import template

from forms.selectors import submission_form_for_procedure

register = template.Library()


@register.simple_tag
def procedure_submission_form(procedure):
    """The live online form of ``procedure`` (one query), or None."""
    if procedure is None or not getattr(procedure, "pk", None):
        return None
    return submission_form_for_procedure(procedure=procedure)
