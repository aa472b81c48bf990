"""Recording a payment (forms.payments.services): status, totals, history entry, audit log, receipt number.

Receipts are numbered from 1 each year by the collecting commune with 7 digits (Decree
123/2020/NĐ-CP, Circular 78/2021/TT-BTC); a commune other than the default site puts its unit
code in front (issue #17). Every expected value below is written out.
"""

from datetime import date, datetime

import pytest

from wagtail.models import ModelLogEntry

from cms.models import CommuneSettings
from forms.models import (
    BankStatement,
    DossierSequence,
    EventKind,
    LineOutcome,
    Payment,
    PaymentSource,
    PaymentStatus,
    StatementLine,
)
from forms.payments.services import (
    fee_receipt_number_next,
    payment_record,
    payment_status_for,
    receipt_sequence_prefix,
)
from tests.forms import factories as f
from tests.forms.payments.conftest import HANOI, RECEIVED_AT, fee_set

pytestmark = pytest.mark.django_db

PAID_AT = datetime(2026, 12, 8, 10, 30, tzinfo=HANOI)


@pytest.mark.parametrize(
    ("due", "paid", "status"),
    [
        (0, 0, PaymentStatus.NOT_REQUIRED),
        (0, 5000, PaymentStatus.PAID),  # nothing was due: what came in is no debt
        (20000, 0, PaymentStatus.AWAITING),
        (20000, 1, PaymentStatus.PARTIAL),
        (20000, 19999, PaymentStatus.PARTIAL),
        (20000, 20000, PaymentStatus.PAID),
        (20000, 25000, PaymentStatus.PAID),  # an overpayment is paid
    ],
)
def test_the_payment_status_follows_from_due_and_paid(due, paid, status):
    assert payment_status_for(amount_due=due, amount_paid=paid) == status


def test_each_commune_has_its_receipt_sequence(two_communes):
    assert receipt_sequence_prefix(None) == "BIEN-LAI"
    assert receipt_sequence_prefix(two_communes.a) == "BIEN-LAI"
    assert receipt_sequence_prefix(two_communes.b) == "BIEN-LAI-23089"
    settings = CommuneSettings.for_site(two_communes.b)
    settings.commune_code = " "
    settings.save()
    assert receipt_sequence_prefix(two_communes.b) == f"BIEN-LAI-S{two_communes.b.pk}"


def test_receipt_numbers_per_commune_and_year(two_communes):
    assert fee_receipt_number_next(year=2026) == "2026-0000001"
    assert fee_receipt_number_next(year=2026, site=two_communes.a) == "2026-0000002"
    assert fee_receipt_number_next(year=2026, site=two_communes.b) == "23089-2026-0000001"
    assert fee_receipt_number_next(year=2027, site=two_communes.b) == "23089-2027-0000001"
    assert fee_receipt_number_next(year=2026, site=two_communes.b) == "23089-2026-0000002"
    assert DossierSequence.objects.get(prefix="BIEN-LAI", day=date(2026, 1, 1)).last_number == 2
    assert DossierSequence.objects.get(prefix="BIEN-LAI-23089", day=date(2026, 1, 1)).last_number == 2


@pytest.fixture
def owing(commune, monkeypatch):
    """A received dossier owing 20,000 đồng, and the clock at 10:30 on 8 December 2026."""
    dossier = f.dossier_make(received_at=datetime(2026, 12, 7, 9, 5, tzinfo=HANOI))
    type(dossier).objects.filter(pk=dossier.pk).update(
        amount_due=20000, amount_paid=0, payment_status=PaymentStatus.AWAITING
    )
    dossier.refresh_from_db()
    monkeypatch.setattr("django.utils.timezone.now", lambda: PAID_AT)
    return dossier


def test_a_first_part_of_the_fee_at_the_counter(owing):
    officer = f.receiving_officer()
    payment = payment_record(
        dossier=owing,
        amount=5000,
        paid_on=date(2026, 12, 8),
        reference="Q-17",
        method="counter",
        online=False,
        source=PaymentSource.OFFICER,
        actor=officer,
    )

    assert (owing.amount_paid, owing.payment_status, owing.paid_at) == (5000, PaymentStatus.PARTIAL, None)
    stored = Payment.objects.get()
    assert stored == payment
    assert (
        stored.dossier_id,
        stored.amount,
        stored.paid_on,
        stored.reference,
        stored.method,
        stored.online,
        stored.source,
        stored.statement_line,
        stored.recorded_by,
        stored.receipt_number,
    ) == (owing.pk, 5000, date(2026, 12, 8), "Q-17", "counter", False, "officer", None, officer, None)
    owing.refresh_from_db()
    assert (owing.amount_paid, owing.payment_status, owing.paid_at) == (5000, PaymentStatus.PARTIAL, None)
    data = {
        "payment": payment.pk,
        "amount": 5000,
        "paid_on": "2026-12-08",
        "reference": "Q-17",
        "method": "counter",
        "source": "officer",
        "amount_paid": 5000,
        "amount_due": 20000,
    }
    event = owing.events.get(kind=EventKind.PAYMENT)
    assert (event.from_status, event.to_status) == (owing.status, owing.status)
    assert event.note == "Đã nhận 5.000 đồng (đã thanh toán một phần)."
    assert event.data == data
    assert (event.actor, event.actor_label, event.created_at) == (officer, "Trần Văn Minh", PAID_AT)
    entry = ModelLogEntry.objects.get(action="forms.dossier.payment")
    assert (entry.object_id, entry.user, entry.data) == (str(owing.pk), officer, data)


def test_the_payment_that_completes_the_fee_gets_the_receipt_number(owing, monkeypatch):
    payment_record(
        dossier=owing, amount=5000, paid_on=date(2026, 12, 8), method="vietqr", online=True, source="statement"
    )
    payment = payment_record(
        dossier=owing,
        amount=15000,
        paid_on=date(2026, 12, 8),
        reference="FT2634212345",
        method="vietqr",
        online=True,
        source=PaymentSource.STATEMENT,
        note="Khớp sao kê ngày 08/12/2026.",
    )

    assert payment.receipt_number == "2026-0000001"
    assert (owing.amount_paid, owing.payment_status, owing.paid_at) == (20000, PaymentStatus.PAID, PAID_AT)
    assert Payment.objects.order_by("pk").first().reference == ""  # none given
    assert payment.recorded_by is None
    event = owing.events.filter(kind=EventKind.PAYMENT).order_by("pk").last()
    assert event.note == "Khớp sao kê ngày 08/12/2026."
    assert event.data["receipt_number"] == "2026-0000001"
    assert (event.actor, event.actor_label) == (None, "Người nộp hồ sơ")

    # Paid already: a later payment keeps the first payment date and gets no second number.
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime(2027, 1, 5, 8, 0, tzinfo=HANOI))
    later = payment_record(
        dossier=owing, amount=1000, paid_on=date(2027, 1, 5), method="counter", online=False, source="officer"
    )
    assert later.receipt_number is None
    assert (owing.amount_paid, owing.payment_status, owing.paid_at) == (21000, PaymentStatus.PAID, PAID_AT)
    assert "receipt_number" not in owing.events.filter(kind=EventKind.PAYMENT).order_by("pk").last().data


def test_a_receipt_in_the_first_hours_of_a_year_is_numbered_in_it(owing, monkeypatch):
    # 00:30 on 1 January 2027 in Vietnam is still 31 December 2026 in UTC.
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime(2027, 1, 1, 0, 30, tzinfo=HANOI))
    payment = payment_record(
        dossier=owing, amount=20000, paid_on=date(2027, 1, 1), method="counter", online=False, source="officer"
    )
    assert payment.receipt_number == "2027-0000001"


def test_an_actor_that_is_no_user_is_named_but_not_recorded(owing):
    # A payment reported by something other than a user (here a gateway, by name): no user is
    # recorded, the history names it.
    payment = payment_record(
        dossier=owing,
        amount=20000,
        paid_on=date(2026, 12, 8),
        method="gateway",
        online=True,
        source=PaymentSource.GATEWAY,
        actor="Cổng thanh toán",
    )
    assert payment.recorded_by is None
    event = owing.events.get(kind=EventKind.PAYMENT)
    assert (event.actor, event.actor_label) == (None, "Cổng thanh toán")
    assert event.note == "Đã nhận 20.000 đồng (đã thanh toán)."
    assert ModelLogEntry.objects.get(action="forms.dossier.payment").user is None


@pytest.mark.parametrize("amount", [0, -5000])
def test_an_amount_that_is_not_positive_is_refused(owing, amount):
    with pytest.raises(ValueError, match="^a payment amount must be positive$"):
        payment_record(
            dossier=owing, amount=amount, paid_on=date(2026, 12, 8), method="counter", online=False, source="officer"
        )
    assert not Payment.objects.exists()
    owing.refresh_from_db()
    assert (owing.amount_paid, owing.payment_status) == (0, PaymentStatus.AWAITING)


def test_one_dong_is_a_payment(owing):
    payment_record(dossier=owing, amount=1, paid_on=date(2026, 12, 8), method="counter", online=False, source="officer")
    assert (owing.amount_paid, owing.payment_status) == (1, PaymentStatus.PARTIAL)


def test_a_payment_from_a_statement_line_keeps_the_line(owing):
    statement = BankStatement.objects.create(file="sao-ke/2026-12-08.csv", original_name="2026-12-08.csv")
    line = StatementLine.objects.create(
        statement=statement,
        row_number=3,
        booked_on=date(2026, 12, 8),
        amount=20000,
        reference="FT2634212345",
        outcome=LineOutcome.MATCHED,
    )
    payment = payment_record(
        dossier=owing,
        amount=20000,
        paid_on=date(2026, 12, 8),
        reference="FT2634212345",
        method="vietqr",
        online=True,
        source=PaymentSource.STATEMENT,
        statement_line=line,
    )
    assert Payment.objects.get(pk=payment.pk).statement_line == line


def test_a_communes_dossier_gets_the_communes_receipt_number(two_communes, monkeypatch):
    page = f.form_page_make(procedure=two_communes.procedure)
    dossier = fee_set(f.dossier_make(page=page, site=two_communes.b, received_at=RECEIVED_AT), due=20000)
    monkeypatch.setattr("django.utils.timezone.now", lambda: PAID_AT)
    payment = payment_record(
        dossier=dossier, amount=20000, paid_on=date(2026, 12, 8), method="counter", online=False, source="officer"
    )
    assert payment.receipt_number == "23089-2026-0000001"
