"""The plugins' steps at /thanh-toan/<plugin>/…: a gateway added by a test plugin, without the wizard.

``FakeGateway`` is registered only for these tests: its start redirects to the gateway, its return
sends the citizen back to the tracking page, its webhook checks an HMAC signature (the standard
library's ``hmac``, as a real gateway's SDK would) and records the payment with ``payment_record``.
"""

import hashlib
import hmac
import json
from datetime import date

import pytest

from django.contrib import messages
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.test import Client

from forms.models import DossierEvent, EventKind, Payment, PaymentSource, PaymentStatus
from forms.payments import registry
from forms.payments.registry import PaymentPlugin, PaymentStart, return_url
from forms.payments.services import payment_record
from forms.tracking.selectors import dossier_by_token
from tests.forms import factories as f
from tests.forms.payments.conftest import RECEIVED_AT, fee_set

pytestmark = pytest.mark.django_db

SECRET = b"khoa-bi-mat-cua-cong-thanh-toan"
GATEWAY = "https://cong-thanh-toan.example.vn/pay"


class FakeGateway(PaymentPlugin):
    identifier = "cong-thu-nghiem"
    label = "Cổng thanh toán thử nghiệm"
    online = True

    def start(self, *, request, dossier):
        back = return_url(plugin=self, dossier=dossier, request=request)
        amount = dossier.amount_due - dossier.amount_paid
        return PaymentStart(redirect_url=f"{GATEWAY}?order={dossier.code}&amount={amount}&return={back}")

    def handle_return(self, *, request, dossier):
        messages.info(request, "Đã ghi nhận yêu cầu thanh toán; chờ cổng thanh toán xác nhận.")
        return redirect("forms:dossier_detail", token=dossier.access_token)

    def handle_webhook(self, *, request):
        expected = hmac.new(SECRET, request.body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, request.headers.get("X-Signature", "")):
            return HttpResponseForbidden("bad signature")
        body = json.loads(request.body)
        dossier = dossier_by_token(token=body["token"])
        payment_record(
            dossier=dossier,
            amount=body["amount"],
            paid_on=date.fromisoformat(body["paid_on"]),
            reference=body["transaction"],
            method=self.identifier,
            online=self.online,
            source=PaymentSource.GATEWAY,
        )
        return HttpResponse("OK")


@pytest.fixture
def gateway(monkeypatch):
    monkeypatch.setitem(registry._registry, FakeGateway.identifier, FakeGateway())
    return registry.get_plugin(FakeGateway.identifier)


def signed_post(client, body: dict, *, secret: bytes = SECRET):
    raw = json.dumps(body).encode()
    signature = hmac.new(secret, raw, hashlib.sha256).hexdigest()
    return client.post(
        "/thanh-toan/cong-thu-nghiem/webhook/", raw, content_type="application/json", HTTP_X_SIGNATURE=signature
    )


def test_vietqr_has_no_return_or_webhook_step(client, due_dossier):
    assert client.get(f"/thanh-toan/vietqr/tra-ve/?ma={due_dossier.access_token}").status_code == 404
    assert client.post("/thanh-toan/vietqr/webhook/", {}).status_code == 404


def test_an_unknown_plugin_is_404(client, due_dossier):
    assert client.get(f"/thanh-toan/khong-co/tra-ve/?ma={due_dossier.access_token}").status_code == 404
    assert client.post("/thanh-toan/khong-co/webhook/", {}).status_code == 404
    assert client.post(f"/thanh-toan/khong-co/bat-dau/{due_dossier.access_token}/").status_code == 404


def test_webhook_is_post_only(client, gateway):
    assert client.get("/thanh-toan/cong-thu-nghiem/webhook/").status_code == 405


def test_an_inline_plugin_has_no_start_button(client, due_dossier):
    assert client.post(f"/thanh-toan/vietqr/bat-dau/{due_dossier.access_token}/").status_code == 404


def test_gateway_button_shown_and_start_redirects_to_the_gateway(client, gateway, due_dossier):
    page = client.get(f"/tra-cuu-ho-so/{due_dossier.access_token}/").content.decode()
    start = f"/thanh-toan/cong-thu-nghiem/bat-dau/{due_dossier.access_token}/"
    assert f'action="{start}"' in page
    assert "Thanh toán qua Cổng thanh toán thử nghiệm" in page

    response = client.post(start)

    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{GATEWAY}?order={due_dossier.code}&amount=20000&return=http://testserver/")
    assert location.endswith(f"/thanh-toan/cong-thu-nghiem/tra-ve/?ma={due_dossier.access_token}")


def test_start_of_a_paid_dossier_goes_back_to_its_page(client, gateway, commune):
    paid = fee_set(f.dossier_make(received_at=RECEIVED_AT), due=20000, paid=20000, status=PaymentStatus.PAID)
    response = client.post(f"/thanh-toan/cong-thu-nghiem/bat-dau/{paid.access_token}/")
    assert response.status_code == 302
    assert response["Location"] == f"/tra-cuu-ho-so/{paid.access_token}/"


def test_start_needs_a_real_token(client, gateway, due_dossier):
    assert client.post("/thanh-toan/cong-thu-nghiem/bat-dau/khong-dung/").status_code == 404


def test_return_goes_back_to_the_tracking_page_without_recording_anything(client, gateway, due_dossier):
    response = client.get(f"/thanh-toan/cong-thu-nghiem/tra-ve/?ma={due_dossier.access_token}")
    assert response.status_code == 302
    assert response["Location"] == f"/tra-cuu-ho-so/{due_dossier.access_token}/"
    assert not Payment.objects.exists()
    assert client.get("/thanh-toan/cong-thu-nghiem/tra-ve/?ma=sai").status_code == 404
    assert client.get("/thanh-toan/cong-thu-nghiem/tra-ve/").status_code == 404


def test_signed_webhook_records_the_payment_through_payment_record(gateway, due_dossier):
    # A gateway has no session and no CSRF token: the webhook is exempt.
    client = Client(enforce_csrf_checks=True)
    body = {"token": due_dossier.access_token, "amount": 20000, "paid_on": "2026-12-08", "transaction": "GD-778899"}

    response = signed_post(client, body)

    assert response.status_code == 200
    payment = Payment.objects.get()
    assert (payment.dossier_id, payment.amount, payment.paid_on) == (due_dossier.pk, 20000, date(2026, 12, 8))
    assert (payment.method, payment.source, payment.online, payment.reference) == (
        "cong-thu-nghiem",
        "gateway",
        True,
        "GD-778899",
    )
    due_dossier.refresh_from_db()
    assert due_dossier.payment_status == "paid"
    assert due_dossier.amount_paid == 20000
    assert DossierEvent.objects.filter(dossier=due_dossier, kind=EventKind.PAYMENT).count() == 1


def test_webhook_with_a_wrong_signature_records_nothing(client, gateway, due_dossier):
    body = {"token": due_dossier.access_token, "amount": 20000, "paid_on": "2026-12-08", "transaction": "GD-1"}
    response = signed_post(client, body, secret=b"khoa-gia")
    assert response.status_code == 403
    assert not Payment.objects.exists()
    due_dossier.refresh_from_db()
    assert due_dossier.payment_status == "awaiting"
