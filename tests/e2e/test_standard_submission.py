"""A procedure imported from the national catalogue, with no form built for it, taken online end to end.

The citizen finds it, submits it with uploads through the standard flow, using the browser's
Back and Forward on every step (post/redirect/get: no resubmission prompt, nothing lost); the
officer receives it (Decree 61/2018/NĐ-CP as amended by 107/2021: "Chờ tiếp nhận" → "Đã tiếp
nhận"); the citizen's tracking page then shows "Đã tiếp nhận" with the appointment date.
"""

import pytest

from forms.models import Dossier, DossierStatus
from tests.e2e.steps import officer_open_dossier, officer_sign_in
from tests.forms import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "mat-khau-can-bo"


def heading(page) -> str:
    return page.locator("h1").first.inner_text()


def back_and_forward(page, expected_heading: str) -> None:
    """Back to the previous step and Forward again: plain GETs, the same step, no error page."""
    here = page.url
    page.go_back()
    page.wait_for_load_state()
    assert page.url != here
    assert "500" not in page.title() and "Lỗi" not in heading(page)
    page.go_forward()
    page.wait_for_load_state()
    assert page.url == here
    assert heading(page) == expected_heading


def test_imported_procedure_is_found_submitted_received_and_tracked(
    live_server, browser, page, catalogue_procedure, tmp_path
):
    procedure = catalogue_procedure
    assert not procedure.submission_forms.exists()
    upload = tmp_path / "giay-to.pdf"
    upload.write_bytes(b"%PDF-1.4\n%e2e\n" + b"0" * 2048)

    # Found from the search box, then the procedure page offers online submission.
    page.goto(f"{live_server.url}/")
    box = page.locator("input[type=search][name=q]").first
    box.fill("xác nhận tình trạng hôn nhân")
    box.press("Enter")
    page.wait_for_load_state()
    page.get_by_role("link", name=procedure.title).first.click()
    page.wait_for_load_state()
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
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_load_state()
    assert heading(page) == "Nội dung đề nghị"
    back_and_forward(page, "Nội dung đề nghị")
    page.get_by_label("Ông/bà đề nghị giải quyết việc gì?").fill("Cấp giấy xác nhận tình trạng hôn nhân để kết hôn.")
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_load_state()
    assert heading(page) == "Thành phần hồ sơ"
    back_and_forward(page, "Thành phần hồ sơ")

    # The catalogue's notes are listed, never slots; the electronic declaration may be attached.
    assert page.locator("input[type=file]:visible").count() == 1
    if page.get_by_label("Tải lên bản chụp giấy tờ ngay bây giờ (nộp trực tuyến)").count():
        page.get_by_label("Tải lên bản chụp giấy tờ ngay bây giờ (nộp trực tuyến)").check()
    page.locator("input[type=file]:visible").first.set_input_files(str(upload))
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_load_state()
    assert heading(page) == "Cách nhận kết quả"
    back_and_forward(page, "Cách nhận kết quả")

    page.get_by_label("Nhận tại Bộ phận Một cửa").check()
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_load_state()
    assert heading(page) == "Kiểm tra lại"
    assert "giay-to.pdf" in page.content()
    back_and_forward(page, "Kiểm tra lại")

    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_load_state()
    assert heading(page) == "Cam đoan và nộp"
    back_and_forward(page, "Cam đoan và nộp")
    page.get_by_label("Tôi đã đọc và cam đoan như trên").check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_load_state()
    assert heading(page) == "Đã gửi hồ sơ"
    dossier = Dossier.objects.get()
    assert dossier.status == DossierStatus.AWAITING_RECEPTION and dossier.form_page is None
    # Back from the confirmation shows a page, never a resubmission.
    page.go_back()
    page.wait_for_load_state()
    assert "500" not in page.title()

    # The officer receives it in the back office.
    f.staff_make("canbo", f.OFFICERS, password=PASSWORD)
    officer = browser.new_context(locale="vi-VN").new_page()
    officer_sign_in(officer, live_server, username="canbo", password=PASSWORD)
    officer_open_dossier(officer, live_server, code=dossier.code)
    officer.locator("[data-dossier-action=tiep-nhan]").click()
    officer.wait_for_load_state()
    officer.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    officer.wait_for_load_state()
    assert officer.locator("[data-dossier-status]").inner_text() == "Đã tiếp nhận"

    # The citizen's tracking page: received, with the appointment date counted from reception.
    received = Dossier.objects.get(pk=dossier.pk)
    page.goto(f"{live_server.url}/tra-cuu-ho-so/{dossier.access_token}/")
    assert page.locator("[data-dossier-status]").inner_text() == "Đã tiếp nhận"
    assert received.due_date.strftime("%d/%m/%Y") in page.locator(".dossier-facts").inner_text()
