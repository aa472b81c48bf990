"""Paying a fee on a 360 px phone: the VietQR code scans (zbar reads the screenshot), the account is
there as text, the Content-Security-Policy lets the code show; once paid the page says so and the
fee receipt downloads after the phone check."""

from datetime import date

import pytest

from wagtail.models import Site

from cms.models import CommuneSettings
from forms.models import Dossier, PaymentSource, PaymentStatus
from forms.payments.services import payment_record
from tests.e2e.test_accessibility import AXE, axe_violations
from tests.forms import factories as f
from tests.forms.payments.conftest import pdf_text, qr_codes_in_image
from tests.forms.payments.test_vietqr import crc_bitwise, tlv

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOT = "/tmp/thanh-toan-360.png"


@pytest.fixture(scope="session")
def axe_js() -> str:
    if not AXE.exists():
        pytest.skip("Chưa cài axe-core: chạy `npm ci` ở thư mục gốc để kiểm tra khả năng tiếp cận.")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def due_dossier(wagtail_tree):
    f.back_office_groups_ensure()
    dossier = f.dossier_make()
    settings = CommuneSettings.for_site(Site.objects.get(is_default_site=True))
    settings.commune_name = "Xã Hàm Chính"
    settings.bank_bin = "970415"
    settings.bank_account_number = "113000123456"
    settings.bank_account_name = "UBND XA HAM CHINH"
    settings.save()
    Dossier.objects.filter(pk=dossier.pk).update(amount_due=20000, payment_status=PaymentStatus.AWAITING)
    dossier.refresh_from_db()
    return dossier


def test_pay_by_vietqr_then_download_the_fee_receipt(live_server, phone_page, due_dossier, axe_js):
    page = phone_page
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.goto(f"{live_server.url}/tra-cuu-ho-so/{due_dossier.access_token}/")

    box = page.locator("[data-payment]")
    assert "Số tiền phải nộp: 20.000 đồng" in box.inner_text()
    qr = page.locator("[data-vietqr]")
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0")
    assert blocked == []
    codes = qr_codes_in_image(qr.screenshot())
    assert len(codes) == 1
    fields = tlv(codes[0])
    assert fields["63"] == f"{crc_bitwise(codes[0][:-4].encode('ascii')):04X}"
    assert tlv(tlv(fields["38"])["01"]) == {"00": "970415", "01": "113000123456"}
    assert fields["54"] == "20000"
    assert tlv(fields["62"]) == {"08": due_dossier.code.upper()}
    assert page.locator("[data-account]").inner_text() == "113000123456"
    assert page.locator("[data-memo]").inner_text() == due_dossier.code.upper()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    serious = [v["id"] for v in axe_violations(page, axe_js) if v["impact"] in ("serious", "critical")]
    assert serious == []
    page.screenshot(path=SCREENSHOT, full_page=True)

    # The officer reconciles the bank statement (another part): the payment enters the books.
    payment_record(
        dossier=due_dossier,
        amount=20000,
        paid_on=date(2026, 12, 8),
        reference="FT2634212345",
        method="vietqr",
        online=True,
        source=PaymentSource.STATEMENT,
    )
    page.reload()
    assert "Đã thanh toán 20.000 đồng" in page.locator("[data-payment-paid]").inner_text()
    assert page.locator("[data-vietqr]").count() == 0

    page.locator("input[name=phone]").fill(due_dossier.applicant_phone)
    page.get_by_role("button", name="Xác minh").click()
    href = page.locator("[data-fee-receipt]").get_attribute("href")
    response = page.context.request.get(live_server.url + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text
    assert "Bằng chữ: Hai mươi nghìn đồng" in text
