"""Level 4 from end to end in Chromium (issue #13, "Shown by"): a fee paid by VietQR transfer.

A citizen submits procedure 1.004873 online through the standard flow on a 360 px phone; its fees
are structured items (Circular 85/2019/TT-BTC on local fees and charges): a lệ phí, an exemption
case, a fee per extra copy. The citizen picks no exemption, asks for two extra copies, and reads the
total on the check-your-answers step; after submission the confirmation shows the amount and a
VietQR code (decoded by zbar from a screenshot, not by the code that drew it). A real officer of
the one-stop counter signs in through the Wagtail admin login page, opens "Đối soát thanh toán" and
uploads the bank's CSV statement: the line whose memo carries the dossier code and the exact amount
is applied; a line paying too little for another dossier stays pending ("Nộp thiếu") for a
decision. The citizen's tracking page then says "Đã thanh toán" and the biên lai PDF downloads
(text read by poppler's pdftotext).
"""

import csv
import io

import pytest

from wagtail.models import Site

from cms.models import CommuneSettings, FeeChannel, FeeKind, ProcedureFee
from forms.models import Dossier, LineDecision, LineOutcome, Payment, PaymentStatus, StatementLine
from tests.e2e.steps import officer_sign_in
from tests.forms import factories as f
from tests.forms.payments.conftest import pdf_text, qr_codes_in_image
from tests.forms.payments.test_vietqr import crc_bitwise, tlv

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "mat-khau-can-bo"
EXEMPT_CASE = "Người thuộc hộ nghèo"
# 20,000 đồng lệ phí + 2 extra copies × 3,000 đồng, as the test writes them out.
TOTAL = 26000
TOTAL_TEXT = "26.000 đồng"


def heading(page) -> str:
    return page.locator("h1").first.inner_text()


def next_step(page) -> None:
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_load_state()


@pytest.fixture
def fee_procedure(catalogue_procedure):
    """The imported procedure with fees as an editor would enter them, and the commune's fee account."""
    procedure = catalogue_procedure
    ProcedureFee.objects.filter(page=procedure).delete()
    items = [
        dict(kind=FeeKind.LE_PHI, name="Lệ phí cấp giấy xác nhận", amount=20000, unit="lần"),
        dict(kind=FeeKind.LE_PHI, name="Lệ phí cấp giấy xác nhận", amount=0, unit="lần", case=EXEMPT_CASE),
        dict(kind=FeeKind.PHI, name="Phí cấp bản sao", amount=3000, unit="bản", per_copy=True),
    ]
    for order, item in enumerate(items):
        ProcedureFee.objects.create(page=procedure, sort_order=order, channel=FeeChannel.ONLINE, **item)
    settings = CommuneSettings.for_site(Site.objects.get(is_default_site=True))
    settings.commune_name = "Xã Hàm Chính"
    settings.bank_bin = "970415"
    settings.bank_account_number = "113000123456"
    settings.bank_account_name = "UBND XA HAM CHINH"
    settings.save()
    return procedure


def statement_csv(rows) -> bytes:
    """A statement as a bank exports it: title rows above the header, debit and credit columns."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(
        [
            ["NGÂN HÀNG TMCP CÔNG THƯƠNG VIỆT NAM"],
            ["SAO KÊ TÀI KHOẢN 113000123456 - UBND XA HAM CHINH"],
            [],
            ["STT", "Ngày giao dịch", "Số tham chiếu", "Số tiền ghi nợ", "Số tiền ghi có", "Nội dung"],
            *rows,
        ]
    )
    return out.getvalue().encode("utf-8-sig")


def submit_with_fee(page, live_server, procedure, tmp_path) -> None:
    """The standard flow on the phone, to the confirmation; checks the amount on "Kiểm tra lại"."""
    upload = tmp_path / "giay-to.pdf"
    upload.write_bytes(b"%PDF-1.4\n%e2e\n" + b"0" * 2048)
    page.goto(f"{live_server.url}{procedure.url}")
    page.locator("#noi-dung-chinh").get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.wait_for_load_state()
    assert heading(page) == "Người nộp hồ sơ"
    page.get_by_label("Họ, chữ đệm và tên").fill("Nguyễn Văn An")
    page.get_by_label("Số định danh cá nhân (CCCD)").fill("001090012345")
    page.get_by_label("Ngày, tháng, năm sinh").fill("1990-05-01")
    page.get_by_label("Số điện thoại di động").fill("0912345678")
    page.get_by_label("Thư điện tử").fill("an@example.vn")
    page.get_by_label("Tỉnh, thành phố").select_option(label="Thành phố Hà Nội")
    page.get_by_label("Xã, phường, đặc khu").select_option(label="Phường Hoàn Kiếm")
    page.locator("input[name$='address_2']").first.fill("Số 1 Tràng Tiền")
    page.get_by_label("Cho bản thân tôi").check()
    next_step(page)
    assert heading(page) == "Nội dung đề nghị"
    page.get_by_label("Ông/bà đề nghị giải quyết việc gì?").fill("Cấp giấy xác nhận tình trạng hôn nhân để kết hôn.")
    next_step(page)
    assert heading(page) == "Thành phần hồ sơ"
    if page.get_by_label("Tải lên bản chụp giấy tờ ngay bây giờ (nộp trực tuyến)").count():
        page.get_by_label("Tải lên bản chụp giấy tờ ngay bây giờ (nộp trực tuyến)").check()
    page.locator("input[type=file]:visible").first.set_input_files(str(upload))
    next_step(page)
    assert heading(page) == "Cách nhận kết quả"
    page.get_by_label("Nhận tại Bộ phận Một cửa").check()
    page.get_by_label("Số bản sao thêm").fill("2")
    # The exemption is a choice, next to "none of these" (Circular 85/2019/TT-BTC: exempt cases).
    assert page.get_by_label(EXEMPT_CASE).count() == 1
    page.get_by_label("Không thuộc trường hợp nào trên").check()
    next_step(page)
    assert heading(page) == "Kiểm tra lại"
    fees = page.locator(".answers--fees").inner_text()
    assert "Lệ phí cấp giấy xác nhận\n20.000 đồng" in fees
    assert "Phí cấp bản sao (2 bản)\n6.000 đồng" in fees
    assert f"Tổng số tiền phải nộp: {TOTAL_TEXT}" in fees
    next_step(page)
    assert heading(page) == "Cam đoan và nộp"
    page.get_by_label("Tôi đã đọc và cam đoan như trên").check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_load_state()
    assert heading(page) == "Đã gửi hồ sơ"


def test_fee_paid_by_transfer_reconciled_from_statement_then_receipt(
    live_server, browser, phone_page, fee_procedure, tmp_path
):
    page = phone_page
    submit_with_fee(page, live_server, fee_procedure, tmp_path)
    dossier = Dossier.objects.get()
    assert (dossier.amount_due, dossier.payment_status) == (TOTAL, PaymentStatus.AWAITING)
    memo = dossier.code.upper()

    # The confirmation: the amount and a VietQR code any bank app reads (zbar decodes it here).
    box = page.locator("[data-payment]")
    assert f"Số tiền phải nộp: {TOTAL_TEXT}" in box.inner_text()
    qr = page.locator("[data-vietqr]")
    qr.scroll_into_view_if_needed()
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0")
    codes = qr_codes_in_image(qr.screenshot())
    assert len(codes) == 1
    fields = tlv(codes[0])
    assert fields["63"] == f"{crc_bitwise(codes[0][:-4].encode('ascii')):04X}"
    assert tlv(tlv(fields["38"])["01"]) == {"00": "970415", "01": "113000123456"}
    assert fields["54"] == str(TOTAL)
    assert tlv(fields["62"]) == {"08": memo}
    assert page.locator("[data-memo]").inner_text() == memo
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Another dossier owes 50,000 đồng and its applicant will send only 20,000.
    f.back_office_groups_ensure()
    short = f.dossier_make()
    Dossier.objects.filter(pk=short.pk).update(amount_due=50000, payment_status=PaymentStatus.AWAITING)

    # The officer of the one-stop counter reconciles the bank statement.
    f.staff_make("canbo-motcua", f.OFFICERS, password=PASSWORD)
    officer = browser.new_context(locale="vi-VN").new_page()
    officer.set_default_timeout(15_000)
    officer_sign_in(officer, live_server, username="canbo-motcua", password=PASSWORD)
    officer.get_by_role("link", name="Đối soát thanh toán").first.click()
    officer.wait_for_load_state()
    assert heading(officer) == "Đối soát thanh toán"
    statement = tmp_path / "saoke-vietinbank.csv"
    statement.write_bytes(
        statement_csv(
            [
                ["1", "08/12/2026", "FT2634212345", "", "26.000", f"NGUYEN VAN AN CK {memo} LE PHI"],
                ["2", "08/12/2026", "FT2634212399", "", "20.000", f"TRAN THI BINH {short.code.upper()}"],
            ]
        )
    )
    officer.locator("[data-statement-upload] input[type=file]").set_input_files(str(statement))
    officer.get_by_role("button", name="Nhập sao kê").click()
    officer.wait_for_load_state()
    assert "2 giao dịch ghi có, 1 khớp và đã ghi nhận, 1 chờ quyết định" in officer.content()
    paid_row = officer.locator("[data-statement-lines] tr", has_text=dossier.code)
    assert paid_row.get_attribute("data-outcome") == LineOutcome.MATCHED
    assert paid_row.get_attribute("data-decision") == LineDecision.APPLIED
    assert "Đã ghi nhận" in paid_row.inner_text()
    short_row = officer.locator("[data-statement-lines] tr", has_text=short.code)
    assert "Nộp thiếu" in short_row.inner_text()
    assert short_row.get_attribute("data-decision") == LineDecision.PENDING

    # The partial line is listed for a decision on the section's page, never applied silently.
    officer.get_by_role("link", name="← Đối soát thanh toán").click()
    officer.wait_for_load_state()
    pending = officer.locator("[data-statement-lines] tr[data-decision=pending]")
    assert pending.count() == 1
    assert short.code in pending.inner_text() and "Nộp thiếu" in pending.inner_text()
    assert pending.get_by_role("link", name="Quyết định").count() == 1
    # On a phone the officer swipes the table sideways to reach "Quyết định" (Wagtail hides overflow).
    officer.set_viewport_size({"width": 360, "height": 740})
    first_cell = pending.locator("td").first
    first_cell.scroll_into_view_if_needed()
    button = pending.get_by_role("link", name="Quyết định")
    box = button.bounding_box()
    assert box["x"] + box["width"] > 360
    cell = first_cell.bounding_box()
    officer.mouse.move(cell["x"] + 5, cell["y"] + 5)
    officer.mouse.wheel(1200, 0)
    officer.wait_for_timeout(300)
    box = button.bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= 360
    short.refresh_from_db()
    assert (short.amount_paid, short.payment_status) == (0, PaymentStatus.AWAITING)
    assert StatementLine.objects.get(dossier=short).outcome == LineOutcome.PARTIAL

    # The citizen's tracking page: paid, the code gone, the biên lai after the phone check.
    dossier.refresh_from_db()
    assert (dossier.amount_paid, dossier.payment_status) == (TOTAL, PaymentStatus.PAID)
    receipt_number = Payment.objects.get(dossier=dossier).receipt_number
    assert receipt_number
    page.goto(f"{live_server.url}/tra-cuu-ho-so/{dossier.access_token}/")
    assert f"Đã thanh toán {TOTAL_TEXT}" in page.locator("[data-payment-paid]").inner_text()
    assert page.locator("[data-vietqr]").count() == 0
    # The browser that submitted keeps access; another phone (the link from the SMS) checks the number first.
    assert page.locator("[data-fee-receipt]").count() == 1
    later = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740}).new_page()
    later.set_default_timeout(15_000)
    later.goto(f"{live_server.url}/tra-cuu-ho-so/{dossier.access_token}/")
    assert f"Đã thanh toán {TOTAL_TEXT}" in later.locator("[data-payment-paid]").inner_text()
    assert later.locator("[data-fee-receipt]").count() == 0
    later.locator("input[name=phone]").fill("0912345678")
    later.get_by_role("button", name="Xác minh").click()
    later.wait_for_load_state()
    page = later
    href = page.locator("[data-fee-receipt]").get_attribute("href")
    response = page.context.request.get(live_server.url + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text
    assert receipt_number in text
    assert TOTAL_TEXT in text
    assert "Bằng chữ: Hai mươi sáu nghìn đồng" in text
    # The officer whose import recorded the payment signs as collector, family name first.
    assert "NGƯỜI THU TIỀN" in text and "Trần Văn Minh" in text
    assert dossier.code in text
