"""What the citizen sees about paying: after submitting, on the tracking page and in "Hồ sơ của tôi"."""

import html
from datetime import date, datetime

import pytest

from forms.models import PaymentSource, PaymentStatus
from forms.payments.services import payment_record
from tests.accounts import factories as af
from tests.forms import factories as f
from tests.forms.payments.conftest import HANOI, RECEIVED_AT, fee_set

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def pay(dossier, amount, *, on=date(2026, 12, 8)):
    return payment_record(
        dossier=dossier, amount=amount, paid_on=on, method="vietqr", online=True, source=PaymentSource.STATEMENT
    )


def test_tracking_page_shows_amount_code_and_transfer_details_by_the_link_alone(client, due_dossier):
    text = page_text(client.get(f"/tra-cuu-ho-so/{due_dossier.access_token}/"))
    assert 'data-payment="awaiting"' in text
    assert "Số tiền phải nộp: <strong>20.000 đồng</strong>" in text
    assert 'src="data:image/png;base64,' in text
    assert "Ngân hàng TMCP Công Thương Việt Nam (VietinBank)" in text
    assert '<span class="code" data-account>113000123456</span>' in text
    assert "UBND XA HAM CHINH" in text
    assert "<strong data-amount>20.000 đồng</strong>" in text
    assert f'<strong class="code" data-memo>{due_dossier.code.upper()}</strong>' in text


def test_confirmation_page_shows_the_fee_box(client, due_dossier):
    text = page_text(client.get(f"/tra-cuu-ho-so/{due_dossier.access_token}/da-nop/"))
    assert "data-vietqr" in text
    assert "<strong data-amount>20.000 đồng</strong>" in text


def test_partly_paid_shows_what_remains_and_a_code_for_it(client, due_dossier):
    pay(due_dossier, 5000)
    text = page_text(client.get(f"/tra-cuu-ho-so/{due_dossier.access_token}/"))
    assert 'data-payment="partial"' in text
    assert "Đã nộp 5.000 đồng" in text
    assert "còn phải nộp 15.000 đồng" in text
    assert "<strong data-amount>15.000 đồng</strong>" in text


def test_paid_shows_date_and_amount_and_no_code(client, due_dossier, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime(2026, 12, 8, 10, 30, tzinfo=HANOI))
    pay(due_dossier, 20000)
    text = page_text(client.get(f"/tra-cuu-ho-so/{due_dossier.access_token}/"))
    assert "<strong>Đã thanh toán</strong> 20.000 đồng ngày 08/12/2026." in text
    assert "data-vietqr" not in text
    # The fee receipt prints the payer's name: the link alone does not show it.
    assert "data-fee-receipt" not in text
    f.tracking_open(client, due_dossier)
    text = page_text(client.get(f"/tra-cuu-ho-so/{due_dossier.access_token}/"))
    assert f'href="/tra-cuu-ho-so/{due_dossier.access_token}/giay-to/bien-lai.pdf" data-fee-receipt' in text


def test_nothing_shown_when_nothing_is_due(client, commune):
    free = f.dossier_make(received_at=RECEIVED_AT)
    exempt = fee_set(f.dossier_make(received_at=RECEIVED_AT), due=0, status=PaymentStatus.NOT_REQUIRED)
    for dossier in (free, exempt):
        text = page_text(client.get(f"/tra-cuu-ho-so/{dossier.access_token}/"))
        assert "data-payment" not in text
        assert "Phí, lệ phí" not in text


def test_without_a_bank_account_the_counter_is_the_way_to_pay(client, due_dossier, commune):
    commune.bank_bin = ""
    commune.save()
    text = page_text(client.get(f"/tra-cuu-ho-so/{due_dossier.access_token}/"))
    assert "Số tiền phải nộp: <strong>20.000 đồng</strong>" in text
    assert "data-vietqr" not in text
    assert "nộp trực tiếp tại Bộ phận Một cửa" in text


def test_waiting_for_payment_is_said_when_the_procedure_asks_for_it(client, due_dossier):
    procedure = due_dossier.procedure
    procedure.payment_before_processing = True
    procedure.save()
    text = page_text(client.get(f"/tra-cuu-ho-so/{due_dossier.access_token}/"))
    assert "Hồ sơ được chuyển giải quyết sau khi Bộ phận Một cửa nhận đủ phí, lệ phí." in text


def test_my_dossiers_shows_each_own_dossiers_fee(client, commune):
    citizen = af.citizen_make(phone="0912345678")
    awaiting = fee_set(f.dossier_make(received_at=RECEIVED_AT, owner=citizen), due=20000)
    paid = fee_set(f.dossier_make(received_at=RECEIVED_AT, owner=citizen), due=7000)
    pay(paid, 7000)
    someone_else = af.citizen_make(phone="0987654321")
    others = fee_set(f.dossier_make(received_at=RECEIVED_AT, owner=someone_else), due=30000)
    pay(others, 30000)
    client.force_login(citizen)

    text = page_text(client.get("/tai-khoan/"))

    assert f'<strong class="code" data-memo>{awaiting.code.upper()}</strong>' in text
    assert f'<h4 id="phi-le-phi-{awaiting.pk}" class="payment__title">Phí, lệ phí</h4>' in text
    assert "<strong>Đã thanh toán</strong> 7.000 đồng" in text
    assert f'href="/tra-cuu-ho-so/{paid.access_token}/giay-to/bien-lai.pdf" data-fee-receipt' in text
    # Another citizen's payment and fee receipt are not there.
    assert others.code not in text
    assert "30.000 đồng" not in text
    assert others.access_token not in text
