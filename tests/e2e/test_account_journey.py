"""Issue #12 "Shown by": a citizen's whole journey with an account, in Chromium on a 360 px phone.

Register by phone and verify with the code from the SMS outbox → keep a paper in the account at
/tai-khoan/giay-to/ → submit a catalogue procedure through the standard flow, the applicant step
prefilled from the profile and the kept paper picked instead of an upload → find the dossier in
"Hồ sơ của tôi" → the counter receives it and asks for a supplement in the back office (Decree
61/2018/NĐ-CP as amended by 107/2021: "Chờ tiếp nhận" → "Đã tiếp nhận" → "Yêu cầu bổ sung hồ sơ")
→ the citizen answers there in "Hồ sơ của tôi" → the officer records the result with its electronic
copy (Decree 45/2020/NĐ-CP: an electronic result has the value of the paper one) and returns it →
the citizen downloads it and rates the service there (1–5 and a comment, once).
"""

import pytest

from accounts import sms
from forms.models import AttachmentKind, Dossier, DossierRating, DossierStatus
from tests.e2e.steps import officer_open_dossier, officer_sign_in, sms_code
from tests.forms import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = "0912345678"
PASSWORD = "Hoa-sen-nở-2025"
OFFICER_PASSWORD = "mat-khau-can-bo"
SAVED_LABEL = "Tờ khai đã ký của tôi"
SCROLL_WIDTH = "document.documentElement.scrollWidth"


def heading(page) -> str:
    return page.locator("h1").first.inner_text()


def next_step(page, expected_heading: str) -> None:
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_load_state()
    assert heading(page) == expected_heading
    assert page.evaluate(SCROLL_WIDTH) <= 360


def test_register_submit_with_prefill_and_a_saved_paper_answer_a_supplement_and_get_the_result(
    live_server, browser, phone_page, catalogue_procedure, tmp_path
):
    page = phone_page
    sms.outbox.clear()
    f.back_office_groups_ensure()
    f.staff_make("canbo", f.OFFICERS, password=OFFICER_PASSWORD)

    # Register with a phone number; the code comes by SMS (the console gateway's outbox).
    page.goto(f"{live_server.url}/tai-khoan/dang-ky/")
    page.get_by_role("textbox", name="Số điện thoại di động").fill("0912 345 678")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    page.get_by_role("heading", name="Nhập mã xác minh số điện thoại").wait_for()
    page.locator("#id_code").fill(sms_code())
    page.get_by_role("button", name="Xác nhận").click()
    page.get_by_role("heading", name="Hồ sơ của tôi").wait_for()

    # The profile: name, birth date and address, typed once for every later dossier.
    page.goto(f"{live_server.url}/tai-khoan/thong-tin/")
    page.get_by_label("Họ và tên").fill("Nguyễn Văn An")
    page.get_by_label("Ngày sinh").fill("01/05/1990")
    page.get_by_label("Địa chỉ", exact=True).fill("Số 1 Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội")
    page.get_by_role("button", name="Lưu thông tin").click()
    page.wait_for_load_state()
    assert "Đã lưu thông tin của bạn." in page.content()

    # A paper kept in the account.
    declaration = tmp_path / "to-khai-da-ky.pdf"
    declaration.write_bytes(f.pdf_bytes(1500))
    page.goto(f"{live_server.url}/tai-khoan/giay-to/")
    page.get_by_label("Tên giấy tờ").fill(SAVED_LABEL)
    page.get_by_label("Tệp").set_input_files(str(declaration))
    page.get_by_role("button", name="Lưu giấy tờ").click()
    page.wait_for_load_state()
    assert SAVED_LABEL in page.locator("[data-saved-documents]").inner_text()
    assert page.evaluate(SCROLL_WIDTH) <= 360

    # The standard flow: the applicant step comes filled from the profile.
    page.goto(f"{live_server.url}{catalogue_procedure.url}")
    page.locator("#noi-dung-chinh").get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.wait_for_load_state()
    assert heading(page) == "Người nộp hồ sơ"
    assert page.get_by_label("Họ, chữ đệm và tên").input_value() == "Nguyễn Văn An"
    assert page.get_by_label("Ngày, tháng, năm sinh").input_value() == "1990-05-01"
    assert page.get_by_label("Số điện thoại di động").input_value() == PHONE
    assert page.get_by_label("Tỉnh, thành phố").locator("option:checked").inner_text() == "Thành phố Hà Nội"
    assert page.get_by_label("Xã, phường, đặc khu").locator("option:checked").inner_text() == "Phường Hoàn Kiếm"
    assert page.locator("input[name$='address_2']").first.input_value() == "Số 1 Tràng Tiền"
    assert page.get_by_label("Số định danh cá nhân (CCCD)").input_value() == ""  # not in the profile
    page.get_by_label("Số định danh cá nhân (CCCD)").fill("001090012345")
    page.get_by_label("Cho bản thân tôi").check()
    next_step(page, "Nội dung đề nghị")
    page.get_by_label("Ông/bà đề nghị giải quyết việc gì?").fill("Cấp giấy xác nhận tình trạng hôn nhân để kết hôn.")
    next_step(page, "Thành phần hồ sơ")

    # The kept paper is picked for the slot; nothing is uploaded.
    if page.get_by_label("Tải lên bản chụp giấy tờ ngay bây giờ (nộp trực tuyến)").count():
        page.get_by_label("Tải lên bản chụp giấy tờ ngay bây giờ (nộp trực tuyến)").check()
    picker = page.get_by_label("Hoặc dùng giấy tờ đã lưu trong tài khoản", exact=False).first
    picker.select_option(label=f"{SAVED_LABEL} – to-khai-da-ky.pdf (1,5\xa0KB)")
    next_step(page, "Cách nhận kết quả")
    page.get_by_label("Nhận tại Bộ phận Một cửa").check()
    next_step(page, "Kiểm tra lại")
    assert "to-khai-da-ky.pdf" in page.content()
    next_step(page, "Cam đoan và nộp")
    page.get_by_label("Tôi đã đọc và cam đoan như trên").check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_load_state()
    assert heading(page) == "Đã gửi hồ sơ"
    dossier = Dossier.objects.get()
    assert dossier.owner.citizen_profile.phone == PHONE and dossier.owner.is_staff is False
    assert dossier.owner.citizen_profile.full_name == "Nguyễn Văn An" and dossier.owner.citizen_profile.phone_verified
    assert list(dossier.attachments.values_list("original_name", "size")) == [("to-khai-da-ky.pdf", 1500)]

    # "Hồ sơ của tôi" lists it, awaiting reception.
    page.goto(f"{live_server.url}/tai-khoan/")
    card = page.locator(f"#ho-so-{dossier.pk}")
    assert dossier.code in card.inner_text()
    assert card.locator("[data-dossier-status]").inner_text() == "Chờ tiếp nhận"

    # The officer receives it and asks for a supplement, in the back office.
    officer = browser.new_context(locale="vi-VN").new_page()
    officer_sign_in(officer, live_server, username="canbo", password=OFFICER_PASSWORD)
    officer_open_dossier(officer, live_server, code=dossier.code)
    officer.locator("[data-dossier-action=tiep-nhan]").click()
    officer.wait_for_load_state()
    officer.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    officer.wait_for_load_state()
    assert officer.locator("[data-dossier-status]").inner_text() == "Đã tiếp nhận"
    officer.locator("[data-dossier-action=yeu-cau-bo-sung]").click()
    officer.get_by_label("Giấy tờ cần bổ sung (gửi cho người dân)").fill("Bổ sung bản chụp giấy xác nhận cư trú.")
    officer.get_by_role("button", name="Yêu cầu bổ sung").click()
    officer.wait_for_load_state()
    assert officer.locator("[data-dossier-status]").inner_text() == "Yêu cầu bổ sung hồ sơ"

    # The citizen answers right there in "Hồ sơ của tôi".
    page.reload()
    card = page.locator(f"#ho-so-{dossier.pk}")
    assert "Bổ sung bản chụp giấy xác nhận cư trú." in card.inner_text()
    assert "Cần bổ sung giấy tờ" in card.locator("[data-next-action]").inner_text()
    scan = tmp_path / "xac-nhan-cu-tru.png"
    scan.write_bytes(f.png_bytes())
    card.get_by_label("Tệp bổ sung 1").set_input_files(str(scan))
    card.get_by_role("button", name="Gửi giấy tờ bổ sung").click()
    page.wait_for_url("**/tai-khoan/#ho-so-*")
    assert "Đã nhận giấy tờ bổ sung" in page.locator(".messages").inner_text()
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.PROCESSING

    # The officer sees the supplement and records the result with its electronic copy.
    officer.reload()
    assert officer.locator("[data-dossier-status]").inner_text() == "Đang giải quyết"
    assert officer.get_by_role("link", name="xac-nhan-cu-tru.png").count() >= 1
    officer.locator("[data-dossier-action=ghi-nhan-ket-qua]").click()
    result = tmp_path / "giay-xac-nhan-tinh-trang-hon-nhan.pdf"
    result.write_bytes(f.pdf_bytes())
    officer.get_by_label("Tệp kết quả (bản điện tử)").set_input_files(str(result))
    officer.get_by_label("Ghi chú").fill("Đã ký giấy xác nhận.")
    officer.get_by_role("button", name="Ghi nhận kết quả").click()
    officer.wait_for_load_state()
    assert officer.locator("[data-dossier-status]").inner_text() == "Đã có kết quả"

    # ... and returns it: handed over at the counter ("Đã trả kết quả").
    officer.locator("[data-dossier-action=tra-ket-qua]").click()
    officer.get_by_role("button", name="Trả kết quả").click()
    officer.wait_for_load_state()
    assert officer.locator("[data-dossier-status]").inner_text() == "Đã trả kết quả"
    officer.context.close()

    # The citizen downloads the electronic result from "Hồ sơ của tôi".
    page.goto(f"{live_server.url}/tai-khoan/")
    card = page.locator(f"#ho-so-{dossier.pk}")
    assert card.locator("[data-dossier-status]").inner_text() == "Đã trả kết quả"
    link = card.locator("[data-result-file]")
    assert "giay-xac-nhan-tinh-trang-hon-nhan.pdf" in link.inner_text()
    response = page.context.request.get(live_server.url + link.get_attribute("href"))  # the citizen's cookies
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body() == f.pdf_bytes()
    assert Dossier.objects.get(pk=dossier.pk).attachments.filter(kind=AttachmentKind.RESULT).count() == 1
    assert page.evaluate(SCROLL_WIDTH) <= 360

    # The citizen rates the service (1–5 and a comment) right there, once.
    card.get_by_label("5 – Rất hài lòng").check()
    card.get_by_label("Góp ý (không bắt buộc)").fill("Cán bộ hướng dẫn bổ sung rõ ràng, trả kết quả đúng hẹn.")
    card.get_by_role("button", name="Gửi đánh giá").click()
    page.wait_for_load_state()
    card = page.locator(f"#ho-so-{dossier.pk}")
    assert card.locator("[data-rating]").inner_text() == "Ông/bà đã đánh giá: 5/5."
    assert card.get_by_role("button", name="Gửi đánh giá").count() == 0
    assert page.evaluate(SCROLL_WIDTH) <= 360
    assert list(DossierRating.objects.values_list("dossier_id", "score", "comment")) == [
        (dossier.pk, 5, "Cán bộ hướng dẫn bổ sung rõ ràng, trả kết quả đúng hẹn.")
    ]
