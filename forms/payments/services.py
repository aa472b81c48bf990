"""Recording payments of a dossier's fee: the one place a payment enters the books.

Every payment, whoever reports it (an officer at the counter, a statement line an officer
applied, a gateway plugin's webhook), goes through ``payment_record``: it locks the dossier,
writes the ``Payment``, updates what was paid and the payment status, writes a history entry of
kind PAYMENT and an audit log entry, all in one transaction. The payment that completes the fee
gets the number of the electronic fee receipt (biên lai, ``fee_receipt_number_next``) in the same
transaction.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import Site

from forms.communes import dossier_site, site_commune_settings
from forms.lifecycle.services import actor_label
from forms.models import Dossier, DossierEvent, DossierSequence, EventKind, Payment, PaymentStatus, StatementLine
from forms.payments.fees import format_dong


def payment_status_for(*, amount_due: int, amount_paid: int) -> str:
    """The status that follows from what is due and what was paid (an overpayment is paid)."""
    if amount_due == 0 and amount_paid == 0:
        return PaymentStatus.NOT_REQUIRED
    if amount_paid == 0:
        return PaymentStatus.AWAITING
    if amount_paid < amount_due:
        return PaymentStatus.PARTIAL
    return PaymentStatus.PAID


# The receipts' sequence lives in DossierSequence under its own prefix, one row per year (dated
# 1 January): its row lock serialises concurrent payments as it does submissions.
RECEIPT_SEQUENCE_PREFIX = "BIEN-LAI"
RECEIPT_NUMBER_DIGITS = 7


def _receipt_commune_mark(site: Site | None) -> str:
    # The default site keeps the plain numbers it always had, so its numbering goes on unbroken when
    # a second commune is added; another commune's carry its unit code (or Site id without one).
    if site is None or site.is_default_site:
        return ""
    return site_commune_settings(site).commune_code.strip() or f"S{site.pk}"


def receipt_sequence_prefix(site: Site | None) -> str:
    """The receipts' sequence of commune ``site``: each commune collects and numbers its own (issue #17).

    "BIEN-LAI" for the default site, "BIEN-LAI-23089" for xã Hàm Thuận Bắc.
    """
    mark = _receipt_commune_mark(site)
    return f"{RECEIPT_SEQUENCE_PREFIX}-{mark}" if mark else RECEIPT_SEQUENCE_PREFIX


def fee_receipt_number_next(*, year: int, site: Site | None = None) -> str:
    """The next fee receipt number of commune ``site`` (the default site when None) in ``year``:
    "2026-0000001", or "23089-2026-0000001" for a commune other than the default site; call inside
    a transaction.

    Receipts are numbered from 1 each year with at most 7 digits (Decree 123/2020/NĐ-CP on
    invoices and receipts, Circular 78/2021/TT-BTC) by the collecting body, here the commune; the
    year keeps numbers unique across years and the commune's code across communes.
    """
    sequence, _ = DossierSequence.objects.select_for_update().get_or_create(
        prefix=receipt_sequence_prefix(site), day=date(year, 1, 1)
    )
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    number = f"{year}-{sequence.last_number:0{RECEIPT_NUMBER_DIGITS}d}"
    mark = _receipt_commune_mark(site)
    return f"{mark}-{number}" if mark else number


def payment_record(
    *,
    dossier: Dossier,
    amount: int,
    paid_on: date,
    reference: str = "",
    method: str,
    online: bool,
    source: str,
    actor=None,
    statement_line: StatementLine | None = None,
    note: str = "",
) -> Payment:
    """Record one payment for ``dossier`` and bring its payment status up to date.

    ``amount`` must be positive. Returns the new ``Payment``; the caller's ``dossier`` instance
    is refreshed with the new totals.
    """
    if amount <= 0:
        raise ValueError("a payment amount must be positive")
    user = actor if actor is not None and getattr(actor, "pk", None) else None
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        locked.amount_paid += amount
        locked.payment_status = payment_status_for(amount_due=locked.amount_due, amount_paid=locked.amount_paid)
        receipt_number = None
        if locked.payment_status == PaymentStatus.PAID and locked.paid_at is None:
            locked.paid_at = timezone.now()
            # Paid in full: the citizen's fee receipt (biên lai) is numbered now, once per dossier.
            receipt_number = fee_receipt_number_next(
                year=timezone.localdate(locked.paid_at).year, site=dossier_site(locked)
            )
        payment = Payment.objects.create(
            dossier=locked,
            amount=amount,
            paid_on=paid_on,
            reference=reference,
            method=method,
            online=online,
            source=source,
            statement_line=statement_line,
            recorded_by=user,
            receipt_number=receipt_number,
        )
        locked.save(update_fields=["amount_paid", "payment_status", "paid_at", "updated_at"])
        data = {
            "payment": payment.pk,
            "amount": amount,
            "paid_on": paid_on.isoformat(),
            "reference": reference,
            "method": method,
            "source": source,
            "amount_paid": locked.amount_paid,
            "amount_due": locked.amount_due,
        }
        if payment.receipt_number:
            data["receipt_number"] = payment.receipt_number
        DossierEvent.objects.create(
            dossier=locked,
            kind=EventKind.PAYMENT,
            from_status=locked.status,
            to_status=locked.status,
            note=note or f"Đã nhận {format_dong(amount)} ({locked.get_payment_status_display().lower()}).",
            data=data,
            actor=user,
            actor_label=actor_label(actor),
            created_at=timezone.now(),
        )
        log(instance=locked, action="forms.dossier.payment", user=user, data=data)
    for field in ("amount_paid", "payment_status", "paid_at"):
        setattr(dossier, field, getattr(locked, field))
    return payment
