"""Template filters of the back office's payment pages."""

from django import template

from forms.lifecycle.services import actor_label
from forms.payments.fees import format_dong

register = template.Library()


@register.filter
def dong(amount) -> str:
    """``20000`` → ``20.000 đồng`` (``forms.payments.fees.format_dong``)."""
    return format_dong(int(amount or 0))


@register.filter
def person(user) -> str:
    """An officer's name in Vietnamese order ("Trần Văn Minh", not Django's "Minh Trần Văn"); "" for none."""
    return actor_label(user) if user else ""
