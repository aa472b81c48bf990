"""The official papers (Circular 01/2018/TT-VPCP Mẫu 01–05) and the postal papers, read back from the PDFs."""

from datetime import date, datetime

import pytest
from pypdf.generic import IndirectObject

from cms.models import CommuneSettings, ProcedureDocument
from forms.lifecycle.services import ReceivedDocumentInput, dossier_apologise, dossier_transition
from forms.models import DossierEvent, DossierStatus, ReceivedDocument
from forms.papers.layout import issuer_for_site
from forms.papers.selectors import dossier_papers
from forms.papers.services import PaperUnavailable, paper_pdf
from tests.forms import factories as f
from tests.forms.papers.conftest import ADDRESS, HANOI, HOTLINE, RECEIVED_AT, pdf_flat, pdf_lines, pdf_reader

pytestmark = pytest.mark.django_db

S = DossierStatus

HEADER = [
    "ỦY BAN NHÂN DÂN XÃ HÀM CHÍNH",
    "BỘ PHẬN MỘT CỬA",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
]


def render(dossier, form: str) -> bytes:
    return paper_pdf(dossier=dossier, form=form)[1]


def slugs(dossier) -> list[str]:
    return [paper.slug for paper in dossier_papers(dossier)]


def officer(username: str, first: str, last: str):
    user = f.staff_make(username, f.OFFICERS)
    user.first_name, user.last_name = first, last
    user.save()
    return user


@pytest.fixture
def received(commune):
    """An online dossier received on Monday 7 December 2026 at 09:05 with a documents table."""
    dossier = f.dossier_make(received=False, received_at=RECEIVED_AT)
    dossier_transition(
        dossier=dossier,
        to_status=S.RECEIVED,
        actor=f.receiving_officer(),
        now=RECEIVED_AT,
        received_documents=[
            ReceivedDocumentInput(name="Giấy chứng sinh", form="original", quantity=1),
            ReceivedDocumentInput(name="Giấy chứng nhận kết hôn của cha, mẹ", form="copy", quantity=2),
        ],
    )
    return dossier


def test_receipt_carries_header_applicant_documents_times_and_signatures(received):
    pdf = render(received, "mau-01")
    lines = pdf_lines(pdf)
    for line in [
        *HEADER,
        f"Mã hồ sơ: {received.code}",
        "Hàm Chính, ngày 07 tháng 12 năm 2026",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Họ và tên: Nguyễn Văn An",
        # ID number and phone each on its own line.
        "Số định danh cá nhân: 001090012345",
        "Số điện thoại: 0912345678",
        "Thư điện tử: an@example.vn",
        "Địa chỉ: Số 1 Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội",
        "2. Số lượng hồ sơ: 01 (bộ)",
        "3. Thời gian giải quyết hồ sơ theo quy định: 03 ngày làm việc",
        "4. Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 07 tháng 12 năm 2026",
        f"7. Vào Sổ theo dõi hồ sơ, số: {received.code}",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "(Ký và ghi rõ họ tên)",
        "Trần Văn Minh",
    ]:
        assert line in lines, line
    assert lines.index("Số định danh cá nhân: 001090012345") < lines.index("Số điện thoại: 0912345678")
    flat = pdf_flat(pdf)
    assert "1 Giấy chứng sinh Bản chính 01 2 Giấy chứng nhận kết hôn của cha, mẹ Bản sao 02" in flat
    assert "5. Thời gian trả kết quả giải quyết hồ sơ: ngày 10 tháng 12 năm 2026 (trong giờ làm việc)" in flat
    assert f"6. Nhận kết quả giải quyết hồ sơ: Bộ phận Một cửa – Ủy ban nhân dân xã Hàm Chính, {ADDRESS}" in flat
    assert f"http://localhost/tra-cuu-ho-so/{received.access_token}/" in flat.replace(" ", "")
    page = pdf_reader(pdf).pages[0]
    assert any(o.get_object()["/Subtype"] == "/Image" for o in page["/Resources"]["/XObject"].values())  # QR


def test_receipt_without_a_documents_table_lists_the_files_as_scans(received):
    ReceivedDocument.objects.filter(dossier=received).delete()
    flat = pdf_flat(render(received, "mau-01"))
    assert "1 Tờ khai 1 Bản chụp, bản điện tử 01 2 Tờ khai 2 Bản chụp, bản điện tử 01" in flat


def test_receipt_of_a_result_by_post_says_where_it_goes(commune):
    address = {"province": "Tỉnh Lâm Đồng", "commune": "Xã Hàm Chính", "detail": "Số 5 đường 8/4"}
    dossier = f.dossier_make(received_at=RECEIVED_AT, delivery_method="post", delivery_address=address)
    flat = pdf_flat(render(dossier, "mau-01"))
    assert (
        "6. Nhận kết quả giải quyết hồ sơ: qua dịch vụ bưu chính công ích, tới địa chỉ "
        "Số 5 đường 8/4, Xã Hàm Chính, Tỉnh Lâm Đồng"
    ) in flat


def test_font_is_embedded_and_no_base_font_is_used(received):
    for form in ("mau-01", "mau-05"):
        fonts = pdf_reader(render(received, form)).pages[0]["/Resources"]["/Font"]
        assert fonts
        for ref in fonts.values():
            font = ref.get_object() if isinstance(ref, IndirectObject) else ref
            assert "DejaVuSans" in font["/BaseFont"], font["/BaseFont"]
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor  # the TrueType program itself is in the file


def test_before_reception_an_online_dossier_has_no_paper(commune):
    dossier = f.dossier_make(received=False)
    assert slugs(dossier) == []
    with pytest.raises(PaperUnavailable):
        paper_pdf(dossier=dossier, form="mau-01")


def test_received_dossier_has_receipt_and_control_slip(received):
    assert slugs(received) == ["mau-01", "mau-05"]
    assert [paper.title for paper in dossier_papers(received)] == [
        "Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "Mẫu 05 – Phiếu kiểm soát quá trình giải quyết hồ sơ",
    ]


def test_completion_request_lists_each_line_numbered_and_whom_to_call(commune):
    dossier = f.dossier_make(received=False, received_at=RECEIVED_AT)
    guide = officer("huong-dan", "Lan", "Lê Thị")
    dossier_transition(
        dossier=dossier,
        to_status=S.COMPLETION_REQUESTED,
        actor=guide,
        now=datetime(2026, 12, 8, 10, 30, tzinfo=HANOI),
        note="1. Giấy chứng sinh: bản chụp bị mờ, cần chụp lại rõ nét\n\n- Tờ khai: thiếu chữ ký của người đi khai",
    )
    assert slugs(dossier) == ["mau-02"]
    pdf = render(dossier, "mau-02")
    lines = pdf_lines(pdf)
    for line in [
        *HEADER,
        "Hàm Chính, ngày 08 tháng 12 năm 2026",
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "Số định danh cá nhân: 001090012345",
        "Số điện thoại: 0912345678",
        "1. Giấy chứng sinh: bản chụp bị mờ, cần chụp lại rõ nét",
        "2. Tờ khai: thiếu chữ ký của người đi khai",
        "NGƯỜI HƯỚNG DẪN",
        "Lê Thị Lan",
    ]:
        assert line in lines, line
    flat = pdf_flat(pdf)
    assert (
        f"Mọi vướng mắc xin liên hệ Lê Thị Lan, Bộ phận Một cửa – Ủy ban nhân dân xã Hàm Chính, số điện thoại {HOTLINE}"
        in flat
    )

    # The citizen completes it, a second request follows: each has its paper, the first keeps its name.
    dossier_transition(
        dossier=dossier,
        to_status=S.AWAITING_RECEPTION,
        actor=None,
        attachments=[f.attachments_for(dossier.form_page)[0]],
        now=datetime(2026, 12, 9, 8, 0, tzinfo=HANOI),
    )
    dossier_transition(
        dossier=dossier,
        to_status=S.COMPLETION_REQUESTED,
        actor=guide,
        note="Thiếu bản sao sổ hộ khẩu",
        now=datetime(2026, 12, 9, 9, 0, tzinfo=HANOI),
    )
    assert slugs(dossier) == ["mau-02", "mau-02-2"]
    assert "1. Thiếu bản sao sổ hộ khẩu" in pdf_lines(render(dossier, "mau-02-2"))
    assert "1. Giấy chứng sinh: bản chụp bị mờ, cần chụp lại rõ nét" in pdf_lines(render(dossier, "mau-02"))


def test_refusal_to_receive_gives_the_reason(commune):
    dossier = f.dossier_make(received=False, received_at=RECEIVED_AT)
    dossier_transition(
        dossier=dossier,
        to_status=S.NOT_RECEIVED,
        actor=f.receiving_officer(),
        now=datetime(2026, 12, 8, 14, 0, tzinfo=HANOI),
        note="Việc đăng ký khai sinh cho trẻ sinh ở nước ngoài không thuộc thẩm quyền của Ủy ban nhân dân xã.",
    )
    assert slugs(dossier) == ["mau-03"]
    lines = pdf_lines(render(dossier, "mau-03"))
    for line in [
        *HEADER,
        "Hàm Chính, ngày 08 tháng 12 năm 2026",
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "Số định danh cá nhân: 001090012345",
        "Số điện thoại: 0912345678",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Trần Văn Minh",
    ]:
        assert line in lines, line
    flat = pdf_flat(render(dossier, "mau-03"))
    assert (
        "không được tiếp nhận giải quyết với lý do cụ thể như sau: Việc đăng ký khai sinh cho trẻ sinh ở nước "
        "ngoài không thuộc thẩm quyền của Ủy ban nhân dân xã."
    ) in flat
    with pytest.raises(PaperUnavailable):
        paper_pdf(dossier=dossier, form="mau-01")


def test_apology_gives_the_first_and_the_new_date_signed_by_the_head(received):
    dossier_apologise(
        dossier=received,
        actor=f.receiving_officer(),
        new_due_date=date(2026, 12, 15),
        reason="Cần xác minh thông tin nơi sinh với Trạm Y tế xã.",
    )
    assert slugs(received) == ["mau-01", "mau-04", "mau-05"]
    pdf = render(received, "mau-04")
    lines = pdf_lines(pdf)
    for line in [
        *HEADER,
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "Kính gửi: Ông/Bà Nguyễn Văn An",
        "Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 07 tháng 12 năm 2026",
        "Thời gian hẹn trả kết quả: ngày 10 tháng 12 năm 2026",
        "Cần xác minh thông tin nơi sinh với Trạm Y tế xã.",
        "THỦ TRƯỞNG CƠ QUAN",
        "(Ký, ghi rõ họ tên và đóng dấu)",
    ]:
        assert line in lines, line
    flat = pdf_flat(pdf)
    assert "Ủy ban nhân dân xã Hàm Chính xin lỗi Ông/Bà" in flat
    assert "Thời gian hẹn trả kết quả mới: ngày 15 tháng 12 năm 2026 (trong giờ làm việc)" in flat

    dossier_apologise(dossier=received, actor=f.receiving_officer(), new_due_date=date(2026, 12, 18), reason="Mất điện")
    assert slugs(received) == ["mau-01", "mau-04", "mau-04-2", "mau-05"]
    second = pdf_flat(render(received, "mau-04-2"))
    assert "Thời gian hẹn trả kết quả: ngày 15 tháng 12 năm 2026" in second
    assert "Thời gian hẹn trả kết quả mới: ngày 18 tháng 12 năm 2026" in second
    # Mẫu 01 keeps the first appointment: an apology does not move the deadline.
    assert "ngày 10 tháng 12 năm 2026 (trong giờ làm việc)" in pdf_flat(render(received, "mau-01"))


def test_control_slip_lists_each_hand_over_with_its_outcome(received):
    handler = officer("xu-ly", "Lan", "Lê Thị")
    counter = f.receiving_officer()
    for to_status, actor, at in [
        (S.PROCESSING, handler, datetime(2026, 12, 8, 10, 0, tzinfo=HANOI)),
        (S.RESULT_READY, handler, datetime(2026, 12, 10, 15, 30, tzinfo=HANOI)),
        (S.RETURNED, counter, datetime(2026, 12, 11, 8, 15, tzinfo=HANOI)),
    ]:
        dossier_transition(dossier=received, to_status=to_status, actor=actor, now=at)
    pdf = render(received, "mau-05")
    lines = pdf_lines(pdf)
    for line in [
        *HEADER,
        "Hàm Chính, ngày 07 tháng 12 năm 2026",
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "Thời gian hẹn trả kết quả: ngày 10 tháng 12 năm 2026",
    ]:
        assert line in lines, line
    flat = pdf_flat(pdf)
    assert f"Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả, mã hồ sơ: {received.code}" in flat
    assert (
        "1 Tiếp nhận hồ sơ Giao: Nguyễn Văn An (người nộp hồ sơ) Nhận: Trần Văn Minh 09 giờ 05 phút, ngày 07/12/2026 –"
    ) in flat
    assert (
        "2 Chuyển giải quyết hồ sơ Giao: Trần Văn Minh Nhận: Lê Thị Lan 10 giờ 00 phút, ngày 08/12/2026 Trước hạn"
    ) in flat
    assert (
        "3 Có kết quả giải quyết Giao: Lê Thị Lan Nhận: Bộ phận Một cửa 15 giờ 30 phút, ngày 10/12/2026 Đúng hạn"
    ) in flat
    assert (
        "4 Trả kết quả Giao: Trần Văn Minh Nhận: Nguyễn Văn An (người nộp hồ sơ) "
        "08 giờ 15 phút, ngày 11/12/2026 Quá hạn"
    ) in flat


def test_control_slip_shows_supplement_and_apology_rows(received):
    handler = officer("xu-ly", "Lan", "Lê Thị")
    dossier_transition(
        dossier=received, to_status=S.PROCESSING, actor=handler, now=datetime(2026, 12, 8, 9, 0, tzinfo=HANOI)
    )
    dossier_transition(
        dossier=received,
        to_status=S.SUPPLEMENT_REQUESTED,
        actor=handler,
        note="Thiếu giấy chứng sinh bản chính",
        now=datetime(2026, 12, 8, 11, 0, tzinfo=HANOI),
    )
    dossier_transition(
        dossier=received,
        to_status=S.PROCESSING,
        actor=None,
        attachments=[f.attachments_for(received.form_page)[0]],
        now=datetime(2026, 12, 9, 8, 0, tzinfo=HANOI),
    )
    received.refresh_from_db()
    event = dossier_apologise(dossier=received, actor=handler, new_due_date=date(2026, 12, 18), reason="Chờ xác minh")
    DossierEvent.objects.filter(pk=event.pk).update(created_at=datetime(2026, 12, 10, 16, 0, tzinfo=HANOI))
    flat = pdf_flat(render(received, "mau-05"))
    assert (
        "3 Yêu cầu bổ sung hồ sơ Giao: Lê Thị Lan Nhận: Nguyễn Văn An (người nộp hồ sơ) "
        "11 giờ 00 phút, ngày 08/12/2026 Trước hạn Tạm dừng tính thời hạn. Thiếu giấy chứng sinh bản chính"
    ) in flat
    assert (
        "4 Bổ sung hồ sơ Giao: Nguyễn Văn An (người nộp hồ sơ) Nhận: Lê Thị Lan 08 giờ 00 phút, ngày 09/12/2026 –"
    ) in flat
    assert (
        "5 Xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04) Giao: Lê Thị Lan Nhận: Nguyễn Văn An (người nộp hồ sơ) "
        "16 giờ 00 phút, ngày 10/12/2026 Trước hạn Hẹn lại ngày 18/12/2026. Chờ xác minh"
    ) in flat
    assert "Thời gian hẹn lại (Mẫu 04): ngày 18 tháng 12 năm 2026" in flat


@pytest.fixture
def postal(commune):
    """A dossier the citizen chose to send by post, without any file, whose procedure has a conditional paper."""
    page = f.form_page_make()
    conditional = {"name": "Văn bản ủy quyền", "quantity": "1 bản sao", "is_required": False, "sort_order": 5}
    if any(field.name == "kind" for field in ProcedureDocument._meta.get_fields()):
        conditional["kind"] = "conditional"
    ProcedureDocument.objects.create(page=page.procedure, **conditional)
    snapshot = [
        {
            "step": "nguoi-nop",
            "title": "Người nộp hồ sơ",
            "rows": [["Họ tên", "Nguyễn Văn An"], ["CCCD", "001090012345"]],
        },
        {
            "step": "khai-1",
            "title": "Thông tin người được khai sinh",
            "rows": [["Họ, chữ đệm, tên", "Nguyễn Thị Bình"], ["Ghi chú", "Con thứ 2 <b> & không có tên cha"]],
        },
    ]
    return f.dossier_make(
        page=page, received=False, channel="post", attachments=[], snapshot=snapshot, received_at=RECEIVED_AT
    )


def test_postal_dossier_has_cover_sheet_and_declaration_before_reception(postal):
    assert slugs(postal) == ["phieu-gui", "to-khai"]


def test_cover_sheet_addresses_the_counter_and_lists_the_papers_to_send(postal):
    pdf = render(postal, "phieu-gui")
    lines = pdf_lines(pdf)
    for line in [
        *HEADER,
        "PHIẾU GỬI HỒ SƠ QUA BƯU CHÍNH CÔNG ÍCH",
        postal.code,
        "NƠI NHẬN",
        "Đơn vị: Bộ phận Một cửa – Ủy ban nhân dân xã Hàm Chính",
        f"Địa chỉ: {ADDRESS}",
        f"Số điện thoại: {HOTLINE}",
        "NGƯỜI GỬI",
        "Họ và tên: Nguyễn Văn An",
        "Số điện thoại: 0912345678",
        "GIẤY TỜ CHO VÀO PHONG BÌ",
        "☐ Tờ khai in từ Cổng dịch vụ công, đã ký ở mục NGƯỜI KHAI",
        "☐ Tờ khai 1 (1 bản chính)",
        "☐ Tờ khai 2 (1 bản chính)",
        # The citizen's ticks are not on record: the conditional paper is listed with its case.
        "☐ Nếu thuộc trường hợp: Văn bản ủy quyền (1 bản sao)",
    ]:
        assert line in lines, line
    assert postal.access_token not in pdf_flat(pdf)  # the sheet travels through the post
    page = pdf_reader(pdf).pages[0]
    assert any(o.get_object()["/Subtype"] == "/Image" for o in page["/Resources"]["/XObject"].values())


def test_cover_sheet_follows_the_ticked_cases(postal):
    key = str(postal.procedure.required_documents.get(name="Văn bản ủy quyền").pk)
    postal.answers = {"document_conditions": [key]}
    postal.save()
    assert "☐ Văn bản ủy quyền (1 bản sao)" in pdf_lines(render(postal, "phieu-gui"))
    postal.answers = {"document_conditions": []}
    postal.save()
    assert "Văn bản ủy quyền" not in pdf_flat(render(postal, "phieu-gui"))


def test_declaration_lays_out_the_answers_for_the_citizen_to_sign(postal):
    pdf = render(postal, "to-khai")
    lines = pdf_lines(pdf)
    for line in [
        f"Mã hồ sơ: {postal.code}",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hàm Chính, ngày 07 tháng 12 năm 2026",
        "TỜ KHAI",
        postal.procedure_title,
        "Kính gửi: Ủy ban nhân dân xã Hàm Chính",
        "Người nộp hồ sơ",
        "Họ tên: Nguyễn Văn An",
        "CCCD: 001090012345",
        "Thông tin người được khai sinh",
        "Họ, chữ đệm, tên: Nguyễn Thị Bình",
        "Ghi chú: Con thứ 2 <b> & không có tên cha",  # typed markup printed as typed
        "NGƯỜI KHAI",
        "(Ký và ghi rõ họ tên)",
        "Nguyễn Văn An",
    ]:
        assert line in lines, line
    # The citizen's own paper: no issuing body on the left.
    assert "ỦY BAN NHÂN DÂN XÃ HÀM CHÍNH" not in lines and "BỘ PHẬN MỘT CỬA" not in lines


def test_postal_papers_stay_after_reception(postal):
    from forms.lifecycle.services import dossier_postal_arrived

    dossier_postal_arrived(dossier=postal, actor=f.receiving_officer(), postal_item_code="EI123456789VN")
    dossier_transition(dossier=postal, to_status=S.RECEIVED, actor=f.receiving_officer(), now=RECEIVED_AT)
    assert slugs(postal) == ["phieu-gui", "to-khai", "mau-01", "mau-05"]
    flat = pdf_flat(render(postal, "mau-01"))
    assert "Cách nộp hồ sơ: Nộp qua dịch vụ bưu chính công ích, số hiệu bưu gửi EI123456789VN" in flat


@pytest.mark.parametrize(
    ("commune_name", "committee", "place"),
    [
        ("Phường Phú Thủy", "Ủy ban nhân dân phường Phú Thủy", "Phú Thủy"),
        # The special zone of the 2025 reform (Law 72/2025/QH15), at commune level.
        ("Đặc khu Phú Quý", "Ủy ban nhân dân đặc khu Phú Quý", "Phú Quý"),
        ("Thị trấn Ma Lâm", "Ủy ban nhân dân thị trấn Ma Lâm", "Ma Lâm"),
    ],
)
def test_issuer_builds_the_committee_from_the_commune_name_when_left_at_its_default(
    commune, commune_name, committee, place
):
    commune.committee_name = CommuneSettings._meta.get_field("committee_name").get_default()
    commune.commune_name = commune_name
    commune.save()
    issuer = issuer_for_site()
    assert issuer.committee == committee
    assert issuer.place == place
