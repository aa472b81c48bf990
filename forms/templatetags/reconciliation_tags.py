"""Template filters of the back office's payment pages."""

from django import template

from forms.payments.fees import format_dong

register = template.Library()


@register.filter
def dong(amount) -> str:
    """``20000`` → ``20.000 đồng`` (``forms.payments.fees.format_dong``)."""
    return format_dong(int(amount or 0))
