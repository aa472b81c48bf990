"""The payment plugins' public steps: start (a gateway's button), return from the gateway, webhook.

Each view finds the plugin by its identifier in the URL and hands the request to it; a plugin
that is not registered, or has no such step, answers 404 (``PaymentNotSupported``).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from forms.payments.registry import PaymentNotSupported, PaymentPlugin, get_plugin
from forms.payments.selectors import dossier_payment_settings, dossier_payment_state
from forms.tracking.selectors import dossier_by_token_or_404


def _plugin_or_404(identifier: str) -> PaymentPlugin:
    try:
        return get_plugin(identifier)
    except KeyError:
        raise Http404("Không có hình thức thanh toán này.") from None


@never_cache
@require_POST
def payment_start(request, plugin: str, token: str):
    """A gateway plugin's button: start the payment of what remains and go to the gateway."""
    payment_plugin = _plugin_or_404(plugin)
    dossier = dossier_by_token_or_404(token)
    # Configured by the commune the dossier belongs to (issue #17), not by the host's.
    if payment_plugin.inline or not payment_plugin.is_available(
        site_settings=dossier_payment_settings(dossier=dossier)
    ):
        raise Http404("Không có hình thức thanh toán này.")
    if not dossier_payment_state(dossier=dossier).payable:
        messages.info(request, "Hồ sơ không còn khoản phí, lệ phí nào phải nộp.")
        return redirect("forms:dossier_detail", token=token)
    started = payment_plugin.start(request=request, dossier=dossier)
    if not started.redirect_url:
        raise Http404("Không bắt đầu được thanh toán.")
    return redirect(started.redirect_url)


@never_cache
def payment_return(request, plugin: str):
    """``/thanh-toan/<plugin>/tra-ve/?ma=<token>``: the gateway sends the citizen back here."""
    payment_plugin = _plugin_or_404(plugin)
    dossier = dossier_by_token_or_404(request.GET.get("ma", ""))
    try:
        return payment_plugin.handle_return(request=request, dossier=dossier)
    except PaymentNotSupported:
        raise Http404("Hình thức thanh toán này không có bước trả về.") from None


@csrf_exempt
@require_POST
def payment_webhook(request, plugin: str):
    """``/thanh-toan/<plugin>/webhook/``: the gateway reports a payment, server to server.

    Exempt from CSRF (the gateway has no session); the plugin checks the gateway's signature.
    """
    payment_plugin = _plugin_or_404(plugin)
    try:
        return payment_plugin.handle_webhook(request=request)
    except PaymentNotSupported:
        raise Http404("Hình thức thanh toán này không nhận thông báo.") from None
