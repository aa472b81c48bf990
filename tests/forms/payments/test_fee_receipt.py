"""The fee receipt (biên lai): numbered when the fee is paid in full, its text, and who may download it.

Decree 11/2020/NĐ-CP (State Treasury procedures), Decree 123/2020/NĐ-CP and Circular 78/2021/TT-BTC
(receipts): collecting body, number, payer, what was collected, amount in figures and words, date.
"""

from datetime import date, datetime

import pytest

from django.contrib.auth.models import Permission

from forms.models import DossierSequence, Payment, PaymentSource
from forms.papers.services import paper_pdf
from forms.payments.services import payment_record
from tests.accounts import factories as af
from tests.forms import factories as f
from tests.forms.payments.conftest import HANOI, RECEIVED_AT, fee_set, pdf_text

pytestmark = pytest.mark.django_db

PAID_AT = datetime(2026, 12, 8, 10, 30, tzinfo=HANOI)


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: PAID_AT)


def pay(dossier, amount, **extra):
    values = {"paid_on": date(2026, 12, 8), "method": "vietqr", "online": True, "source": PaymentSource.STATEMENT}
    values.update(extra)
    return payment_record(dossier=dossier, amount=amount, **values)


def test_receipt_number_given_to_the_payment_that_completes_the_fee(frozen, due_dossier):
    first = pay(due_dossier, 5000)
    assert first.receipt_number is None
    last = pay(due_dossier, 15000, reference="FT2634212345")
    assert last.receipt_number == "2026-0000001"
    later = pay(due_dossier, 1000)
    assert later.receipt_number is None


def test_receipt_numbers_follow_each_other_within_a_year_and_restart_the_next(commune, monkeypatch):
    one, two, three = (fee_set(f.dossier_make(received_at=RECEIVED_AT), due=7000) for _ in range(3))
    monkeypatch.setattr("django.utils.timezone.now", lambda: PAID_AT)
    assert pay(one, 7000).receipt_number == "2026-0000001"
    assert pay(two, 7000).receipt_number == "2026-0000002"
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime(2027, 1, 2, 8, 0, tzinfo=HANOI))
    assert pay(three, 7000).receipt_number == "2027-0000001"
    assert DossierSequence.objects.get(prefix="BIEN-LAI", day=date(2026, 1, 1)).last_number == 2


def test_receipt_number_is_in_the_history_entry(frozen, due_dossier):
    pay(due_dossier, 20000)
    event = due_dossier.events.get(kind="payment")
    assert event.data["receipt_number"] == "2026-0000001"


def test_fee_receipt_pdf_text(frozen, due_dossier):
    pay(due_dossier, 5000, method="counter", online=False, source=PaymentSource.OFFICER, reference="")
    pay(due_dossier, 15000, reference="FT2634212345")
    due_dossier.refresh_from_db()

    paper, pdf = paper_pdf(dossier=due_dossier, form="bien-lai")
    text = pdf_text(pdf)

    assert paper.filename(due_dossier) == f"bien-lai-{due_dossier.code}.pdf"
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text
    assert "Số: 2026-0000001" in text
    assert "Tổ chức thu: Ủy ban nhân dân xã Hàm Chính" in text
    assert "Người nộp: Nguyễn Văn An" in text
    assert f"Mã hồ sơ: {due_dossier.code}" in text
    assert due_dossier.procedure_title in text
    assert "Tổng cộng 20.000 đồng" in text
    assert "Số tiền đã nộp: 20.000 đồng" in text
    assert "Bằng chữ: Hai mươi nghìn đồng" in text
    assert "Nộp tại Bộ phận Một cửa: 5.000 đồng, ngày 08 tháng 12 năm 2026" in text
    assert "Chuyển khoản VietQR: 15.000 đồng, ngày 08 tháng 12 năm 2026, số tham chiếu FT2634212345" in text
    assert "Hàm Chính, ngày 08 tháng 12 năm 2026" in text


def test_no_fee_receipt_before_the_fee_is_paid_in_full(client, due_dossier):
    pay(due_dossier, 5000)
    f.tracking_open(client, due_dossier)
    assert client.get(f"/tra-cuu-ho-so/{due_dossier.access_token}/giay-to/bien-lai.pdf").status_code == 404


# Who may download it: the owner, whoever passed the phone check of the tracking link, staff
# allowed to see dossiers; nobody else.


@pytest.fixture
def paid(frozen, commune):
    owner = af.citizen_make(phone="0912345678")
    dossier = fee_set(f.dossier_make(received_at=RECEIVED_AT, owner=owner), due=20000)
    pay(dossier, 20000)
    return dossier


def receipt_url(dossier) -> str:
    return f"/tra-cuu-ho-so/{dossier.access_token}/giay-to/bien-lai.pdf"


def test_owner_downloads_the_fee_receipt(client, paid):
    client.force_login(paid.owner)
    response = client.get(receipt_url(paid))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Hai mươi nghìn đồng" in pdf_text(response.content)


def test_tracking_link_holder_after_the_phone_check_downloads_it(client, paid):
    response = client.get(receipt_url(paid))
    assert response.status_code == 302
    assert response["Location"].startswith(f"/tra-cuu-ho-so/{paid.access_token}/?tiep=")
    f.tracking_open(client, paid)
    assert client.get(receipt_url(paid)).status_code == 200


def test_another_citizen_gets_no_fee_receipt(client, paid):
    client.force_login(af.citizen_make(phone="0987654321"))
    assert client.get(receipt_url(paid)).status_code == 302
    assert client.get("/tra-cuu-ho-so/khong-dung/giay-to/bien-lai.pdf").status_code == 404
    # Opening one's own dossier by phone opens nothing of another's.
    own = fee_set(f.dossier_make(received_at=RECEIVED_AT, applicant=f.applicant_make(phone="0987654321")), due=7000)
    f.tracking_open(client, own)
    assert client.get(receipt_url(paid)).status_code == 302


def test_staff_allowed_to_see_dossiers_download_it_others_get_404(client, paid):
    url = f"/ho-so/{paid.pk}/giay-to/bien-lai.pdf"
    editor = f.staff_make("bien-tap")
    client.force_login(editor)
    assert client.get(url).status_code == 404
    editor.user_permissions.add(Permission.objects.get(codename="view_dossier"))
    client.force_login(editor)
    assert client.get(url).status_code == 200


def test_fee_receipt_listed_with_the_papers_once_paid(client, paid):
    f.tracking_open(client, paid)
    page = client.get(f"/tra-cuu-ho-so/{paid.access_token}/").content.decode()
    assert 'data-paper="bien-lai"' in page
    assert Payment.objects.get().receipt_number == "2026-0000001"


# Mẫu 01 carries the amount due and, while some remains, the code and the account as text.


def test_mau_01_prints_the_amount_the_code_and_the_transfer_details(due_dossier):
    _paper, pdf = paper_pdf(dossier=due_dossier, form="mau-01")
    text = pdf_text(pdf)
    assert "8. Phí, lệ phí phải nộp: 20.000 đồng" in text
    assert "Chuyển khoản 20.000 đồng bằng mã VietQR" in text
    assert "Ngân hàng: Ngân hàng TMCP Công Thương Việt Nam (VietinBank)" in text
    assert "Số tài khoản: 113000123456 – UBND XA HAM CHINH" in text
    assert f"Nội dung chuyển khoản: {due_dossier.code.upper()}" in text


def test_mau_01_of_a_paid_dossier_says_paid_and_has_no_transfer(frozen, due_dossier):
    pay(due_dossier, 20000)
    due_dossier.refresh_from_db()
    text = pdf_text(paper_pdf(dossier=due_dossier, form="mau-01")[1])
    assert "8. Phí, lệ phí phải nộp: 20.000 đồng (đã thanh toán, ngày 08 tháng 12 năm 2026)" in text
    assert "VietQR" not in text


def test_mau_01_without_a_fee_has_no_fee_line(commune):
    dossier = f.dossier_make(received_at=RECEIVED_AT)
    assert "Phí, lệ phí" not in pdf_text(paper_pdf(dossier=dossier, form="mau-01")[1])


def test_mau_01_transfer_code_scans_to_the_commune_account_amount_and_memo(due_dossier):
    from tests.forms.payments.conftest import qr_codes_in_pdf
    from tests.forms.payments.test_vietqr import crc_bitwise, tlv

    codes = qr_codes_in_pdf(paper_pdf(dossier=due_dossier, form="mau-01")[1])

    payloads = [code for code in codes if code.startswith("000201")]
    assert len(payloads) == 1, codes
    assert any(code.endswith(f"/tra-cuu-ho-so/{due_dossier.access_token}/") for code in codes)
    fields = tlv(payloads[0])
    assert fields["63"] == f"{crc_bitwise(payloads[0][:-4].encode('ascii')):04X}"
    assert tlv(tlv(fields["38"])["01"]) == {"00": "970415", "01": "113000123456"}
    assert fields["54"] == "20000"
    assert tlv(fields["62"]) == {"08": due_dossier.code.upper()}


def test_fee_receipt_names_the_collecting_officer_in_vietnamese_order(frozen, due_dossier):
    officer = f.staff_make("thu-tien", f.OFFICERS)  # first_name "Minh", last_name "Trần Văn"
    pay(due_dossier, 20000, method="counter", online=False, source=PaymentSource.OFFICER, actor=officer)
    due_dossier.refresh_from_db()

    _paper, pdf = paper_pdf(dossier=due_dossier, form="bien-lai")
    text = pdf_text(pdf)

    assert "Nguyễn Văn An Trần Văn Minh" in text
    assert "Minh Trần Văn" not in text
