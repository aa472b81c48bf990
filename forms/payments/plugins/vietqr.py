"""VietQR bank transfer: the commune's account as a code any Vietnamese bank app scans, and as text.

The plugin only asks for a transfer; the payment is confirmed when an officer reconciles the bank
statement (``forms.payments.reconciliation``) or records it, so it has no return or webhook step.
The transfer memo is the dossier code (``forms.payments.memo``), which reconciliation finds again.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import lru_cache

from cms.models import CommuneSettings
from forms.models import Dossier
from forms.payments.banks import bank_name
from forms.payments.fees import format_dong
from forms.payments.memo import payment_memo
from forms.payments.registry import PaymentPlugin, PaymentStart, register
from forms.payments.vietqr import ACCOUNT_RE, BIN_RE, vietqr_payload, vietqr_png

TEMPLATE = "forms/payments/vietqr.html"


@dataclass(frozen=True)
class TransferDetails:
    """What the citizen transfers, as the code carries it and as text for a manual transfer."""

    bank_bin: str
    bank_name: str
    account: str
    account_name: str
    amount: int
    memo: str
    payload: str

    @property
    def amount_text(self) -> str:
        return format_dong(self.amount)


def _configured(site_settings: CommuneSettings) -> bool:
    bank_bin = (site_settings.bank_bin or "").strip()
    account = (site_settings.bank_account_number or "").strip()
    return bool(BIN_RE.fullmatch(bank_bin) and ACCOUNT_RE.fullmatch(account))


def transfer_details(*, dossier: Dossier, site_settings: CommuneSettings) -> TransferDetails | None:
    """The transfer for what remains of ``dossier``'s fee, or None (nothing remains, no account set)."""
    remaining = dossier.amount_due - dossier.amount_paid
    if remaining <= 0 or not _configured(site_settings):
        return None
    bank_bin = site_settings.bank_bin.strip()
    account = site_settings.bank_account_number.strip()
    memo = payment_memo(dossier.code)
    return TransferDetails(
        bank_bin=bank_bin,
        bank_name=bank_name(bank_bin),
        account=account,
        account_name=site_settings.bank_account_name.strip(),
        amount=remaining,
        memo=memo,
        payload=vietqr_payload(bank_bin=bank_bin, account=account, amount=remaining, memo=memo),
    )


@lru_cache(maxsize=512)
def png_data_uri(payload: str) -> str:
    """The code as an ``<img>`` source (the Content-Security-Policy allows ``data:`` images).

    A 1-bit PNG is about 1 KB where the SVG is about 20 KB; building the code takes ~20 ms, so
    the codes of the dossiers being paid are kept (a code depends on its payload only).
    """
    return "data:image/png;base64," + base64.b64encode(vietqr_png(payload)).decode("ascii")


@register
class VietQRPlugin(PaymentPlugin):
    """Chuyển khoản VietQR: a dynamic VietQR code for the exact amount remaining, with the code as memo."""

    identifier = "vietqr"
    label = "Chuyển khoản VietQR"
    online = True
    inline = True

    def is_available(self, *, site_settings) -> bool:
        return _configured(site_settings)

    def start(self, *, request, dossier) -> PaymentStart:
        from forms.payments.selectors import dossier_payment_settings

        # The account of the dossier's commune (issue #17), whichever commune's host shows the page.
        details = transfer_details(dossier=dossier, site_settings=dossier_payment_settings(dossier=dossier))
        if details is None:
            return PaymentStart()
        return PaymentStart(
            template=TEMPLATE,
            context={"transfer": details, "qr_src": png_data_uri(details.payload), "dossier": dossier},
        )
