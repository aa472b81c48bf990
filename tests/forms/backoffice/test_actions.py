"""The back office's actions of the one-stop reception: receive with Mẫu 01's table, ask to complete
(Mẫu 02), refuse to receive (Mẫu 03), postal arrival, apology (Mẫu 04), result files, correction."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from wagtail.models import ModelLogEntry

from forms.lifecycle.services import dossier_transition
from forms.models import AttachmentKind, Dossier, DossierStatus, SubmissionChannel
from tests.forms import factories as f

pytestmark = pytest.mark.django_db
S = DossierStatus
INDEX = "/admin/forms/dossier/"
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def inspect_url(dossier):
    return f"{INDEX}inspect/{dossier.pk}/"


def action_url(dossier, slug):
    return f"{INDEX}{dossier.pk}/xu-ly/{slug}/"


def offered(client, dossier) -> list[str]:
    return re.findall(r'data-dossier-action="([^"]+)"', client.get(inspect_url(dossier)).content.decode())


def rows(*documents) -> dict:
    data = {"giay-to-TOTAL_FORMS": str(len(documents)), "giay-to-INITIAL_FORMS": "0"}
    for i, (name, form, quantity) in enumerate(documents):
        data |= {f"giay-to-{i}-name": name, f"giay-to-{i}-form": form, f"giay-to-{i}-quantity": str(quantity)}
    return data


@pytest.fixture
def officer(db):
    return f.staff_make("canbo", f.OFFICERS)


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def page(home):
    return f.form_page_make()


@pytest.fixture
def waiting(page):
    return f.dossier_make(page=page, received=False)


def move(dossier, officer, *statuses):
    for status in statuses:
        dossier_transition(dossier=dossier, to_status=status, actor=officer, note="Ghi chú")


# Which buttons an online dossier (result at the counter) offers in each status, in their order.
OFFERED = {
    "awaiting_reception": ["tiep-nhan", "yeu-cau-hoan-thien", "tu-choi-tiep-nhan"],
    "completion_requested": ["tiep-nhan", "tu-choi-tiep-nhan"],
    "not_received": ["dieu-chinh"],
    "received": ["nhan-giai-quyet", "yeu-cau-bo-sung", "xin-loi-hen-lai", "tu-choi"],
    "processing": ["yeu-cau-bo-sung", "ghi-nhan-ket-qua", "tep-ket-qua", "xin-loi-hen-lai", "tu-choi"],
    "supplement_requested": ["nhan-giai-quyet", "xin-loi-hen-lai", "tu-choi"],
    "result_ready": ["tep-ket-qua", "tra-ket-qua"],
    "returned": ["dieu-chinh"],
    "refused": ["dieu-chinh"],
}


@pytest.mark.parametrize("status", list(OFFERED))
def test_each_status_offers_exactly_its_actions(officer_client, page, status):
    dossier = f.dossier_make(page=page)
    Dossier.objects.filter(pk=dossier.pk).update(status=status)
    assert offered(officer_client, dossier) == OFFERED[status]


def test_receiving_shows_the_documents_table_prefilled_from_the_citizens_files(officer_client, waiting):
    html = officer_client.get(action_url(waiting, "tiep-nhan")).content.decode()
    assert "Giấy tờ đã nhận (in trên Giấy tiếp nhận, Mẫu 01)" in html
    names = re.findall(r'name="giay-to-\d+-name"[^>]*value="([^"]*)"', html)
    assert names == ["Tờ khai 1", "Tờ khai 2"]
    assert len(re.findall(r'<option value="scan" selected>', html)) == 2
    assert 'name="giay-to-TOTAL_FORMS" value="4"' in html  # two prefilled, two blank to add papers


def test_receiving_writes_the_table_sets_the_date_and_offers_mau_01(officer_client, officer, waiting):
    data = rows(("Tờ khai đăng ký khai sinh", "original", 1), ("Giấy chứng sinh", "copy", 2), ("", "copy", 1))
    response = officer_client.post(action_url(waiting, "tiep-nhan"), {"note": "", **data})
    assert response.status_code == 302 and response["Location"] == f"{inspect_url(waiting)}?vua-tiep-nhan=1"
    waiting.refresh_from_db()
    assert waiting.status == S.RECEIVED and waiting.due_date is not None and waiting.received_at is not None
    table = list(waiting.received_documents.values_list("name", "form", "quantity"))
    assert table == [("Tờ khai đăng ký khai sinh", "original", 1), ("Giấy chứng sinh", "copy", 2)]
    html = officer_client.get(response["Location"]).content.decode()
    assert "data-just-received" in html and 'data-print-paper="01"' in html
    assert waiting.due_date.strftime("%d/%m/%Y") in html
    assert "Giấy chứng sinh" in html and "Bản sao" in html
    assert ModelLogEntry.objects.for_instance(waiting).filter(action="forms.dossier.receive", user=officer).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (rows(("", "copy", 1)), "Hãy ghi ít nhất một giấy tờ đã nhận."),
        (rows(("Tờ khai", "copy", 0)), "Số lượng từ 1 đến 99."),
        (rows(("Tờ khai", "copy", 100)), "Số lượng từ 1 đến 99."),
    ],
)
def test_a_wrong_documents_table_is_refused_and_the_dossier_waits(officer_client, waiting, data, message):
    response = officer_client.post(action_url(waiting, "tiep-nhan"), {"note": "", **data})
    assert response.status_code == 400 and message in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == S.AWAITING_RECEPTION and not waiting.received_documents.exists()


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("yeu-cau-hoan-thien", "Hãy ghi rõ giấy tờ cần bổ sung, hoàn thiện và lý do (Mẫu 02)."),
        ("tu-choi-tiep-nhan", "Hãy ghi rõ lý do từ chối tiếp nhận hồ sơ (Mẫu 03)."),
    ],
)
def test_before_reception_the_reason_is_asked_next_to_the_field(officer_client, waiting, slug, message):
    response = officer_client.post(action_url(waiting, slug), {"note": " "})
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    assert html.index(message) > html.index('name="note"') - 2000
    response = officer_client.post(action_url(waiting, slug), {"note": "Thiếu chữ ký trên tờ khai"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == {"yeu-cau-hoan-thien": S.COMPLETION_REQUESTED, "tu-choi-tiep-nhan": S.NOT_RECEIVED}[slug]


def test_a_note_too_long_is_refused_with_a_clear_message_and_the_textarea_stops_there(officer_client, waiting):
    html = officer_client.get(action_url(waiting, "yeu-cau-hoan-thien")).content.decode()
    assert re.search(
        r'<textarea[^>]*name="note"[^>]*maxlength="2000"|<textarea[^>]*maxlength="2000"[^>]*name="note"', html
    )
    response = officer_client.post(action_url(waiting, "yeu-cau-hoan-thien"), {"note": "x" * 2001})
    assert response.status_code == 400
    assert "Nội dung dài quá: tối đa 2000 ký tự (hiện có 2001 ký tự); hãy rút gọn." in response.content.decode()


def test_a_postal_dossier_is_received_after_its_envelope_is_recorded(officer_client, page):
    dossier = f.dossier_make(page=page, received=False, channel=SubmissionChannel.POST, attachments=[])
    assert offered(officer_client, dossier) == ["nhan-ho-so-buu-chinh", "yeu-cau-hoan-thien", "tu-choi-tiep-nhan"]
    assert officer_client.get(action_url(dossier, "tiep-nhan"))["Location"] == inspect_url(dossier)
    response = officer_client.post(action_url(dossier, "nhan-ho-so-buu-chinh"), {"postal_item_code": " ", "note": ""})
    assert response.status_code == 400
    assert "Hãy nhập số hiệu bưu gửi in trên phong bì." in response.content.decode()
    response = officer_client.post(
        action_url(dossier, "nhan-ho-so-buu-chinh"), {"postal_item_code": "RR123456789VN", "note": ""}
    )
    assert response.status_code == 302
    assert offered(officer_client, dossier) == ["tiep-nhan", "yeu-cau-hoan-thien", "tu-choi-tiep-nhan"]
    html = officer_client.get(action_url(dossier, "tiep-nhan")).content.decode()
    # Paper dossier: the catalogue's "1 bản chính" for each required paper.
    assert re.findall(r'name="giay-to-\d+-name"[^>]*value="([^"]*)"', html) == ["Tờ khai 1", "Tờ khai 2"]
    assert len(re.findall(r'<option value="original" selected>', html)) == 2
    response = officer_client.post(action_url(dossier, "tiep-nhan"), {"note": "", **rows(("Tờ khai 1", "original", 1))})
    assert response.status_code == 302, re.findall(
        r"help-critical[^>]*>(.*?)</div>|error-message[^>]*>(.*?)<", response.content.decode(), re.S
    )
    assert Dossier.objects.get(pk=dossier.pk).status == S.RECEIVED
    assert "RR123456789VN" in officer_client.get(inspect_url(dossier)).content.decode()


def test_an_apology_sets_a_new_date_shown_beside_the_first(officer_client, officer, page):
    dossier = f.dossier_make(page=page, received_at=datetime(2026, 11, 2, 9, tzinfo=VN))  # due 5/11/2026
    response = officer_client.post(
        action_url(dossier, "xin-loi-hen-lai"), {"new_due_date": "2026-11-04", "note": "Chậm"}
    )
    html = response.content.decode()
    assert response.status_code == 400 and "Ngày hẹn mới phải sau ngày hẹn hiện tại." in html
    assert html.index("Ngày hẹn mới phải sau") > html.index('name="new_due_date"') - 2000
    response = officer_client.post(action_url(dossier, "xin-loi-hen-lai"), {"new_due_date": "2026-11-10", "note": ""})
    assert "Hãy ghi rõ lý do chậm trả kết quả." in response.content.decode()
    response = officer_client.post(
        action_url(dossier, "xin-loi-hen-lai"), {"new_due_date": "2026-11-10", "note": "Chờ xác minh cư trú"}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.original_due_date, dossier.due_date) == (date(2026, 11, 5), date(2026, 11, 10))
    html = officer_client.get(inspect_url(dossier)).content.decode()
    assert "Ngày hẹn trả ban đầu" in html and "05/11/2026" in html and "10/11/2026" in html
    assert "Xin lỗi và hẹn lại ngày trả kết quả" in html


def test_a_result_file_is_attached_and_replaced_until_returned(officer_client, officer, page):
    dossier = f.dossier_make(page=page)
    move(dossier, officer, S.PROCESSING)
    response = officer_client.post(action_url(dossier, "tep-ket-qua"), {})
    assert response.status_code == 400 and "Hãy chọn tệp kết quả." in response.content.decode()
    assert (
        officer_client.post(action_url(dossier, "tep-ket-qua"), {"result_file": f.upload("ban-1.pdf")}).status_code
        == 302
    )
    move(dossier, officer, S.RESULT_READY)
    assert (
        officer_client.post(action_url(dossier, "tep-ket-qua"), {"result_file": f.upload("ban-2.pdf")}).status_code
        == 302
    )
    assert list(dossier.attachments.filter(kind=AttachmentKind.RESULT).values_list("original_name", flat=True)) == [
        "ban-1.pdf",
        "ban-2.pdf",
    ]
    move(dossier, officer, S.RETURNED)
    assert "tep-ket-qua" not in offered(officer_client, dossier)
    assert officer_client.get(action_url(dossier, "tep-ket-qua"))["Location"] == inspect_url(dossier)
    response = officer_client.post(action_url(dossier, "tep-ket-qua"), {"result_file": f.upload("ban-3.pdf")})
    assert response.status_code == 400 and "trước khi trả" in response.content.decode()
    assert dossier.attachments.filter(kind=AttachmentKind.RESULT).count() == 2


def test_a_closed_dossier_is_corrected_only_with_a_reason_and_the_history_says_what(officer_client, officer, page):
    dossier = f.dossier_make(page=page)
    assert officer_client.get(action_url(dossier, "dieu-chinh"))["Location"] == inspect_url(dossier)
    move(dossier, officer, S.PROCESSING, S.RESULT_READY, S.RETURNED)
    form = {
        "applicant_phone": "0912345678",
        "applicant_email": "moi@example.vn",
        "delivery_method": "counter",
        "postal_tracking_number": "",
    }
    response = officer_client.post(action_url(dossier, "dieu-chinh"), {**form, "note": ""})
    assert response.status_code == 400 and "Hãy ghi rõ lý do điều chỉnh." in response.content.decode()
    response = officer_client.post(
        action_url(dossier, "dieu-chinh"), {**form, "applicant_email": "an@example.vn", "note": "x"}
    )
    assert response.status_code == 400 and "Không có thay đổi nào." in response.content.decode()
    response = officer_client.post(action_url(dossier, "dieu-chinh"), {**form, "note": "Người dân báo đổi thư điện tử"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.applicant_email == "moi@example.vn" and dossier.status == S.RETURNED
    html = officer_client.get(inspect_url(dossier)).content.decode()
    assert "Điều chỉnh thư điện tử: “an@example.vn” → “moi@example.vn”" in html
    assert "Người dân báo đổi thư điện tử" in html
    assert ModelLogEntry.objects.for_instance(dossier).filter(action="forms.dossier.correct", user=officer).exists()


def test_the_list_filters_by_channel_and_the_new_statuses(officer_client, page):
    waiting = f.dossier_make(page=page, received=False)
    posted = f.dossier_make(page=page, received=False, channel=SubmissionChannel.POST, attachments=[])
    received = f.dossier_make(page=page)
    html = officer_client.get(INDEX).content.decode()
    assert "Chờ tiếp nhận" in html and "Cách nộp" in html and "Chưa tiếp nhận" in html
    codes = lambda response: {c for c in (waiting.code, posted.code, received.code) if c in response.content.decode()}  # noqa: E731
    assert codes(officer_client.get(INDEX, {"status": "awaiting_reception"})) == {waiting.code, posted.code}
    assert codes(officer_client.get(INDEX, {"channel": "post"})) == {posted.code}
    assert codes(officer_client.get(INDEX, {"channel": "online"})) == {waiting.code, received.code}


def test_search_finds_by_procedure_name_and_code(officer_client, home):
    from tests import factories

    birth = f.form_page_make(procedure=factories.procedure_make(title="Đăng ký khai sinh", code="1.001193"))
    marriage = f.form_page_make(procedure=factories.procedure_make(title="Đăng ký kết hôn", code="1.000894"))
    a = f.dossier_make(page=birth)
    b = f.dossier_make(page=marriage)
    for term, expected in (
        ("1.001193", {a.code}),
        ("kết hôn", {b.code}),
        ("ket hon", {b.code}),
        ("KHAI SINH", {a.code}),
    ):
        html = officer_client.get(INDEX, {"q": term}).content.decode()
        assert {c for c in (a.code, b.code) if c in html} == expected, term


def test_dossiers_awaiting_reception_come_first_and_the_list_links_to_counter_intake(officer_client, page):
    officer = f.receiving_officer()
    refused_at_reception = f.dossier_make(page=page, received=False)
    dossier_transition(dossier=refused_at_reception, to_status=S.NOT_RECEIVED, actor=officer, note="Sai thẩm quyền")
    received = f.dossier_make(page=page)
    waiting = f.dossier_make(page=page, received=False)
    html = officer_client.get(INDEX).content.decode()
    assert html.index(waiting.code) < html.index(received.code) < html.index(refused_at_reception.code)
    assert 'href="/admin/forms/tiep-nhan-tai-quay/"' in html
