"""An officer receives and works a dossier in the Wagtail admin while the citizen follows it, in Chromium."""

import pytest

from forms.models import AttachmentKind, Dossier, DossierStatus
from tests.e2e.steps import officer_sign_in
from tests.forms import factories as f

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "mat-khau-can-bo"


@pytest.fixture
def dossier(wagtail_tree):
    return f.dossier_make(received=False)


@pytest.fixture
def officer(wagtail_tree):
    return f.staff_make("canbo", f.OFFICERS, password=PASSWORD)


def status_of(dossier) -> str:
    return Dossier.objects.get(pk=dossier.pk).status


def test_receive_then_supplement_then_result(live_server, browser, page, dossier, officer, tmp_path):
    # The officer logs in and finds the dossier in the "Hồ sơ" list.
    officer_sign_in(page, live_server, username="canbo", password=PASSWORD)
    page.goto(f"{live_server.url}/admin/forms/dossier/")
    row = page.locator("tr", has_text=dossier.code)
    assert "Chưa tiếp nhận" in row.inner_text()
    row.get_by_role("link", name="Mở", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("[data-dossier-status]").inner_text() == "Chờ tiếp nhận"

    # The citizen's tracking page says it awaits reception, with no appointment yet.
    citizen = browser.new_context(locale="vi-VN", accept_downloads=True).new_page()
    citizen.goto(f"{live_server.url}/tra-cuu-ho-so/{dossier.access_token}/")
    assert citizen.locator("[data-dossier-status]").inner_text() == "Chờ tiếp nhận"
    # The link alone hides the personal data and files; the phone given when submitting opens them.
    citizen.get_by_label("Số điện thoại đã khai khi nộp").fill(dossier.applicant_phone)
    citizen.get_by_role("button", name="Xác minh").click()
    citizen.wait_for_load_state()
    assert dossier.applicant_name in citizen.locator(".dossier-facts").inner_text()

    # The officer receives it: Mẫu 01's table comes prefilled from the citizen's files.
    page.locator("[data-dossier-action=tiep-nhan]").click()
    page.wait_for_load_state()
    assert page.get_by_label("Tên giấy tờ 1").input_value() == "Tờ khai 1"
    assert page.get_by_label("Hình thức 1").input_value() == "scan"
    page.get_by_label("Hình thức 2").select_option("original")
    page.get_by_label("Tên giấy tờ 3").fill("Giấy chứng sinh")
    page.get_by_label("Số lượng 3").fill("2")
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    page.wait_for_load_state()
    assert page.locator("[data-dossier-status]").inner_text() == "Đã tiếp nhận"
    assert page.locator("[data-just-received]").is_visible()
    assert page.locator("[data-print-paper='01']").is_visible()
    received = Dossier.objects.get(pk=dossier.pk)
    assert received.status == DossierStatus.RECEIVED and received.due_date is not None
    assert list(received.received_documents.values_list("name", "form", "quantity")) == [
        ("Tờ khai 1", "scan", 1),
        ("Tờ khai 2", "original", 1),
        ("Giấy chứng sinh", "copy", 2),
    ]
    due = received.due_date.strftime("%d/%m/%Y")
    assert "Giấy chứng sinh" in page.locator("[data-received-documents]").inner_text()

    # The citizen sees "Đã tiếp nhận" with the appointment date.
    citizen.reload()
    assert citizen.locator("[data-dossier-status]").inner_text() == "Đã tiếp nhận"
    assert due in citizen.content()

    # Requesting a supplement without saying what is missing is refused, next to the field.
    page.locator("[data-dossier-action=yeu-cau-bo-sung]").click()
    page.get_by_role("button", name="Yêu cầu bổ sung").click()
    page.wait_for_load_state()
    assert page.get_by_text("Hãy ghi rõ giấy tờ cần bổ sung.").is_visible()
    page.get_by_label("Giấy tờ cần bổ sung (gửi cho người dân)").fill("Bổ sung bản chụp CCCD của người mẹ.")
    page.get_by_role("button", name="Yêu cầu bổ sung").click()
    page.wait_for_load_state()
    assert page.locator("[data-dossier-status]").inner_text() == "Yêu cầu bổ sung hồ sơ"
    assert status_of(dossier) == DossierStatus.SUPPLEMENT_REQUESTED
    # While the citizen is asked, the officer can only resume or refuse.
    offered = page.locator("[data-dossier-action]").evaluate_all("els => els.map(e => e.dataset.dossierAction)")
    assert offered == ["nhan-giai-quyet", "xin-loi-hen-lai", "tu-choi"]

    # The citizen, in a browser of their own, answers on the tracking page with a file.
    citizen.reload()
    assert "Bổ sung bản chụp CCCD của người mẹ." in citizen.locator(".supplement").inner_text()
    scan = tmp_path / "cccd-me.pdf"
    scan.write_bytes(f.pdf_bytes())
    citizen.get_by_label("Tệp bổ sung 1").set_input_files(str(scan))
    citizen.get_by_role("button", name="Gửi giấy tờ bổ sung").click()
    citizen.wait_for_load_state()
    assert citizen.locator("[data-dossier-status]").inner_text() == "Đang giải quyết"
    assert status_of(dossier) == DossierStatus.PROCESSING

    # The officer sees the supplement and records the result with its file.
    page.reload()
    assert page.locator("[data-dossier-status]").inner_text() == "Đang giải quyết"
    assert page.get_by_role("link", name="cccd-me.pdf").count() >= 1
    page.locator("[data-dossier-action=ghi-nhan-ket-qua]").click()
    result = tmp_path / "giay-khai-sinh.pdf"
    result.write_bytes(f.pdf_bytes())
    page.get_by_label("Tệp kết quả (bản điện tử)").set_input_files(str(result))
    page.get_by_label("Ghi chú").fill("Đã ký Giấy khai sinh.")
    page.get_by_role("button", name="Ghi nhận kết quả").click()
    page.wait_for_load_state()
    assert page.locator("[data-dossier-status]").inner_text() == "Đã có kết quả"
    assert status_of(dossier) == DossierStatus.RESULT_READY

    # The citizen opens the electronic copy from the tracking page: a PDF shows in the browser.
    citizen.reload()
    assert citizen.locator("[data-dossier-status]").inner_text() == "Đã có kết quả"
    link = citizen.locator(".dossier-files li", has_text="Kết quả").get_by_role("link")
    opened = citizen.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert opened.ok and opened.body().startswith(b"%PDF")
    assert opened.headers["content-disposition"].startswith('inline; filename="giay-khai-sinh.pdf"')
    assert Dossier.objects.get(pk=dossier.pk).attachments.filter(kind=AttachmentKind.RESULT).count() == 1
    citizen.context.close()
