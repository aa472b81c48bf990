"""What a dossier's page says about its fee: the amount, the ways to pay, or "Đã thanh toán".

One include for every page that shows it (after submission, the tracking page, "Hồ sơ của tôi"):
``{% dossier_payment dossier %}`` (``heading_level=4`` inside a card).
"""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse

from forms.lifecycle.services import actor_label
from forms.payments.fees import format_dong
from forms.payments.selectors import (
    dossier_payment_settings,
    dossier_payment_state,
    fee_receipt_payment,
    payment_plugins_available,
)
from forms.tracking.access import dossier_access_granted

register = template.Library()


@register.filter
def dong(amount) -> str:
    """``{{ 70000|dong }}`` → "70.000 đồng"."""
    return format_dong(int(amount or 0))


@register.filter
def person(user) -> str:
    """An officer's name in Vietnamese order ("Trần Văn Minh", not Django's "Minh Trần Văn"); "" for none."""
    return actor_label(user) if user else ""


def _methods(request, dossier) -> list[dict]:
    methods = []
    # The ways to pay of the dossier's commune (issue #17): on another commune's host too.
    for plugin in payment_plugins_available(site_settings=dossier_payment_settings(dossier=dossier)):
        if plugin.inline:
            started = plugin.start(request=request, dossier=dossier)
            if started.template:
                methods.append({"plugin": plugin, "html": render_to_string(started.template, started.context, request)})
        else:
            url = reverse("forms:payment_start", kwargs={"plugin": plugin.identifier, "token": dossier.access_token})
            methods.append({"plugin": plugin, "start_url": url})
    return methods


@register.inclusion_tag("forms/includes/dossier_payment.html", takes_context=True)
def dossier_payment(context, dossier, heading_level: int = 2):
    """The fee box of ``dossier``; empty when nothing is due."""
    request = context.get("request")
    state = dossier_payment_state(dossier=dossier)
    result = {"dossier": dossier, "state": state, "heading_level": heading_level, "request": request}
    if not state.shown:
        return result
    if state.payable:
        result["methods"] = _methods(request, dossier)
        procedure = dossier.procedure
        result["waits_for_payment"] = bool(procedure and procedure.payment_before_processing)
    elif state.is_paid and request is not None and dossier_access_granted(request, dossier=dossier):
        from forms.papers.selectors import FEE_RECEIPT

        if fee_receipt_payment(dossier=dossier) is not None:
            result["receipt_url"] = reverse(
                "forms:dossier_paper", kwargs={"token": dossier.access_token, "form": FEE_RECEIPT}
            )
    return result
