"""A citizen submits the demo birth-registration form in Chromium, then resumes a draft."""

import re

import pytest

from forms.demo import BIRTH
from forms.models import Dossier
from tests.factories import procedure_make
from tests.forms import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def birth_form(wagtail_tree):
    procedure = procedure_make(code="1.001193", title="Thủ tục đăng ký khai sinh", slug="dang-ky-khai-sinh")
    return f.form_page_make(procedure=procedure, declaration=BIRTH, slug="dang-ky-khai-sinh", ask_on_behalf=False)


def fill_applicant(page):
    page.get_by_label("Họ, chữ đệm và tên").fill("Nguyễn Văn An")
    page.get_by_label("Số định danh cá nhân (CCCD)").fill("001090012345")
    page.get_by_label("Ngày, tháng, năm sinh").fill("1990-05-01")
    page.get_by_label("Số điện thoại di động").fill("0912345678")
    page.get_by_label("Tỉnh, thành phố").select_option(label="Thành phố Hà Nội")
    page.get_by_label("Xã, phường, đặc khu").select_option(label="Phường Hoàn Kiếm")
    page.get_by_label("Số nhà, đường, thôn, ấp").fill("Số 1 Tràng Tiền")


def fill_person(page, section: str, name: str):
    page.locator(f"#id_khai-2-{section}_name").fill(name)
    page.locator(f"#id_khai-2-{section}_birth_date").fill("1992-03-04")
    page.locator(f"#id_khai-2-{section}_ethnicity").fill("Kinh")
    page.locator(f"#id_khai-2-{section}_nationality").fill("Việt Nam")
    page.locator(f"#id_khai-2-{section}_id_number").fill("001192012345")
    page.locator(f"#id_khai-2-{section}_residence_0").select_option(label="Thành phố Hà Nội")
    page.locator(f"#id_khai-2-{section}_residence_1").select_option(label="Phường Hoàn Kiếm")
    page.locator(f"#id_khai-2-{section}_residence_2").fill("Số 1 Tràng Tiền")


def next_step(page):
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_load_state()


def test_birth_registration_end_to_end(live_server, page, birth_form, tmp_path):
    page.goto(live_server.url + birth_form.url)
    assert page.locator("h1").inner_text() == "Người nộp hồ sơ"
    assert page.evaluate("document.activeElement.id") == "buoc-hien-tai"  # focus on the step heading

    # A wrong ID number is explained at the top and next to the field, other values kept.
    fill_applicant(page)
    page.get_by_label("Số định danh cá nhân (CCCD)").fill("12345")
    next_step(page)
    assert page.locator("[data-error-summary]").is_visible()
    assert "đúng 12 chữ số" in page.locator(".field--error").first.inner_text()
    assert page.get_by_label("Họ, chữ đệm và tên").input_value() == "Nguyễn Văn An"
    page.get_by_label("Số định danh cá nhân (CCCD)").fill("001090012345")
    next_step(page)

    assert page.locator("h1").inner_text() == "Người được khai sinh"
    page.get_by_label("Họ, chữ đệm, tên").fill("Nguyễn Thị Bình")
    page.get_by_label("Ngày, tháng, năm sinh").fill("2026-11-01")
    page.get_by_label("Nữ").check()
    page.get_by_label("Dân tộc").fill("Kinh")
    page.get_by_label("Quốc tịch").fill("Việt Nam")
    page.get_by_label("Nơi sinh").fill("Trạm y tế xã Hàm Chính")
    page.get_by_label("Quê quán").fill("Bình Thuận")
    next_step(page)

    assert page.locator("h1").inner_text() == "Cha, mẹ"
    fill_person(page, "mother", "Trần Thị Cúc")
    father = page.locator("#id_khai-2-father_name")
    assert not father.is_visible()  # shown only when "Khai thông tin người cha" is Có
    page.locator("#id_khai-2-has_father_0").check()
    assert father.is_visible()
    fill_person(page, "father", "Nguyễn Văn An")
    page.locator("#id_khai-2-wants_copies_1").check()
    next_step(page)

    assert page.locator("h1").inner_text() == "Thành phần hồ sơ"
    page.get_by_label("Tải lên bản chụp giấy tờ ngay bây giờ (nộp trực tuyến)").check()
    documents = list(birth_form.procedure.required_documents.all())
    for index, _doc in enumerate(documents):
        path = tmp_path / f"giay-to-{index}.pdf"
        path.write_bytes(f.pdf_bytes(2 * 1024 * 1024))
        page.locator(f"#id_giay-to-doc_{_doc.pk}").set_input_files(str(path))
    next_step(page)

    assert page.locator("h1").inner_text() == "Cách nhận kết quả"
    page.get_by_label("Nhận qua dịch vụ bưu chính công ích").check()
    next_step(page)

    assert page.locator("h1").inner_text() == "Kiểm tra lại"
    review = page.locator("main").inner_text()
    assert "Nguyễn Thị Bình" in review and "Trần Thị Cúc" in review and "giay-to-0.pdf" in review
    next_step(page)

    assert page.locator("h1").inner_text() == "Cam đoan và nộp"
    page.get_by_label("Tôi đã đọc và cam đoan như trên").check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url(re.compile(r"/da-nop/$"))

    dossier = Dossier.objects.get()
    assert page.locator("[data-dossier-code]").first.inner_text() == dossier.code
    assert dossier.delivery_method == "post" and dossier.attachments.count() == len(documents)
    assert dossier.answers["father_name"] == "Nguyễn Văn An"

    # No receipt yet: Mẫu 01 comes when the counter has checked and received the dossier.
    assert "Chờ tiếp nhận" in page.locator("main").inner_text() or "chờ tiếp nhận" in page.locator("main").inner_text()
    assert page.locator("[data-paper='mau-01']").count() == 0

    page.goto(live_server.url + "/tra-cuu-ho-so/")
    page.get_by_label("Mã hồ sơ").fill(dossier.code)
    page.get_by_label("Số điện thoại đã khai khi nộp").fill("0912 345 678")
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_url(re.compile(rf"/tra-cuu-ho-so/{dossier.access_token}/$"))
    assert page.locator("[data-dossier-status]").inner_text() == "Chờ tiếp nhận"
    assert "Tính từ ngày tiếp nhận" in page.locator("main").inner_text()


def test_resume_draft_in_another_browser(live_server, browser, page, birth_form):
    page.goto(live_server.url + birth_form.url)
    fill_applicant(page)
    next_step(page)
    page.get_by_label("Họ, chữ đệm, tên").fill("Nguyễn Thị Bình")
    page.get_by_role("button", name="Quay lại").click()
    page.wait_for_load_state()
    resume_url = page.locator("[data-resume-link]").get_attribute("href")
    assert "/nop-ho-so/tiep-tuc/" in resume_url

    other = browser.new_context(locale="vi-VN").new_page()
    try:
        other.goto(resume_url)
        assert other.locator("h1").inner_text() == "Người nộp hồ sơ"
        assert other.get_by_label("Họ, chữ đệm và tên").input_value() == "Nguyễn Văn An"
        other.get_by_role("button", name="Tiếp tục").click()
        other.wait_for_load_state()
        assert other.get_by_label("Họ, chữ đệm, tên").input_value() == "Nguyễn Thị Bình"
    finally:
        other.context.close()
