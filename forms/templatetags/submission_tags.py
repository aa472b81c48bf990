"""Template tags linking procedure pages to their online submission form."""

from django import template

from cms.cache import generation_memo
from forms.intake.selectors import submission_form_for_procedure

register = template.Library()


@register.simple_tag
def procedure_submission_form(procedure):
    """The live online form of ``procedure``, or None; kept in memory until content changes."""
    if procedure is None or not getattr(procedure, "pk", None):
        return None
    found = generation_memo(
        ("procedure-form", procedure.pk), lambda: (submission_form_for_procedure(procedure=procedure),)
    )
    return found[0]
