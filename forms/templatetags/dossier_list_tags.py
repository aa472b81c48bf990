"""The dossier work list's table: ``{% dossier_result_list %}`` in place of modeladmin's ``{% result_list %}``."""

from django import template

from forms.backoffice.list_table import dossier_table

register = template.Library()


@register.inclusion_tag("forms/admin/includes/dossier_result_list.html", takes_context=True)
def dossier_result_list(context):
    """Headers and rows of the page's dossiers (``forms.backoffice.list_table``)."""
    return dossier_table(context["view"], context["object_list"], context["request"])
