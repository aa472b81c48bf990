"""What the citizen sees about paying a dossier's fee: the state, the ways to pay, the fee receipt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cms.models import CommuneSettings
from forms.communes import dossier_commune_settings, site_commune_settings
from forms.models import Dossier, Payment, PaymentStatus
from forms.payments.registry import PaymentPlugin, plugins

COUNTER_METHOD = "counter"
COUNTER_LABEL = "Nộp tại Bộ phận Một cửa"


@dataclass(frozen=True)
class PaymentState:
    """A dossier's fee as the citizen reads it: due, paid, what remains, and when it was paid in full."""

    status: str
    status_label: str
    due: int
    paid: int
    paid_at: datetime | None

    @property
    def remaining(self) -> int:
        return max(self.due - self.paid, 0)

    @property
    def shown(self) -> bool:
        """Nothing is shown about paying when nothing is due."""
        return self.status != PaymentStatus.NOT_REQUIRED and self.due > 0

    @property
    def payable(self) -> bool:
        """Whether the ways to pay are offered (awaiting or partly paid)."""
        return self.shown and self.status in (PaymentStatus.AWAITING, PaymentStatus.PARTIAL) and self.remaining > 0

    @property
    def is_paid(self) -> bool:
        return self.status == PaymentStatus.PAID


def dossier_payment_state(*, dossier: Dossier) -> PaymentState:
    """The payment state of ``dossier`` from its totals (kept by ``payment_record``)."""
    return PaymentState(
        status=dossier.payment_status,
        status_label=dossier.get_payment_status_display(),
        due=dossier.amount_due,
        paid=dossier.amount_paid,
        paid_at=dossier.paid_at,
    )


def commune_settings(request=None) -> CommuneSettings:
    """The commune settings of the request's site, or of the default site without a request.

    For anything about one dossier's fee use ``dossier_payment_settings``: the money goes to the
    account of the commune the dossier belongs to, not of the host the page is asked on.
    """
    if request is not None:
        return CommuneSettings.for_request(request)
    return site_commune_settings(None)


def dossier_payment_settings(*, dossier: Dossier) -> CommuneSettings:
    """The settings (bank account, plugins' configuration) of the commune ``dossier`` belongs to (issue #17)."""
    return dossier_commune_settings(dossier)


def payment_plugins_available(*, site_settings: CommuneSettings) -> list[PaymentPlugin]:
    """The registered plugins the commune has configured, in registration order."""
    return [plugin for plugin in plugins() if plugin.is_available(site_settings=site_settings)]


def fee_receipt_payment(*, dossier: Dossier) -> Payment | None:
    """The payment that completed the fee and carries the fee receipt's number, once paid in full."""
    if dossier.payment_status != PaymentStatus.PAID:
        return None
    return dossier.payments.exclude(receipt_number=None).order_by("created_at", "pk").last()


def payment_method_label(method: str) -> str:
    """ "Chuyển khoản VietQR", "Nộp tại Bộ phận Một cửa", or the identifier of a plugin since removed."""
    if method == COUNTER_METHOD:
        return COUNTER_LABEL
    for plugin in plugins():
        if plugin.identifier == method:
            return plugin.label
    return method
