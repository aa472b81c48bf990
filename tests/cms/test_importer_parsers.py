"""The importer's record parsers (cms/importer.py) one by one, on small hand-written cells whose
expected values are written out here (issue #19: the mutation score of the importer's parsers).

The cells are flattened the way the DVCQG crawl flattens its tables (no separator between cells).
No database: these tests run in milliseconds, so mutmut can run them for every mutant.
"""

import gzip
import unicodedata

import pytest

from cms.catalogue.documents import CONDITIONAL, REQUIRED
from cms.catalogue.fees import FeeItem
from cms.importer import (
    ALL_FIELDS,
    CHANNEL_HEADER,
    DOCUMENT_HEADER,
    LEGAL_HEADER,
    CatalogueFileError,
    Channel,
    Document,
    LegalDocument,
    RecordError,
    Step,
    _format_time,
    _summarise,
    _without_channel_case,
    channel_days,
    clean_text,
    normalise_code,
    one_line,
    online_mode_for,
    parse_channels,
    parse_documents,
    parse_legal_basis,
    parse_record,
    parse_result,
    parse_steps,
    read_records,
    record_label,
    service_level_for,
    shorten,
    split_names,
)

# --- small text helpers -----------------------------------------------------------------------


def test_clean_text_trims_lines_drops_blank_ones_and_the_no_information_markers():
    assert clean_text(None) == ""
    assert clean_text("") == ""
    assert clean_text("  Nộp\xa0 hồ \t sơ  \r\n\n  tại   xã \n") == "Nộp hồ sơ\ntại xã"
    assert clean_text(unicodedata.normalize("NFD", "Hồ sơ")) == "Hồ sơ"
    for marker in ("Không có thông tin", "không có thông tin.", " Không có ", "--", "-", "- ."):
        assert clean_text(marker) == ""
    assert clean_text("Không có phí") == "Không có phí"
    assert clean_text(12) == "12"


def test_one_line_joins_lines_with_one_space():
    assert one_line(" Giấy \n  khai\nsinh ") == "Giấy khai sinh"


def test_split_names_on_commas_outside_parentheses_and_on_lines():
    assert split_names("Cá nhân, Tổ chức (doanh nghiệp, hợp tác xã)\nHộ gia đình.") == [
        "Cá nhân",
        "Tổ chức (doanh nghiệp, hợp tác xã)",
        "Hộ gia đình",
    ]
    # A lower-case piece continues the name before it; a lower-case first piece starts one.
    assert split_names("Cán bộ, công chức, viên chức, Người lao động") == [
        "Cán bộ, công chức, viên chức",
        "Người lao động",
    ]
    assert split_names("cá nhân, tổ chức") == ["cá nhân, tổ chức"]
    # Empty pieces, markers and repeats are dropped; names are cut at 255 characters.
    assert split_names("Cá nhân,, Cá nhân\nKhông có\n-\nTổ chức") == ["Cá nhân", "Tổ chức"]
    assert split_names("Công dân " + "A" * 300) == ["Công dân " + "A" * 246]
    assert split_names("") == []


def test_shorten_cuts_at_a_word_in_the_second_half_and_ends_with_an_ellipsis():
    assert shorten("abc", 3) == "abc"
    assert shorten("abcd", 3) == "ab…"
    assert shorten("một hai ba bốn năm", 10) == "một hai…"
    # No space in the second half: cut inside the word.
    assert shorten("ab cdefghijkl", 10) == "ab cdefgh…"
    # A space exactly at the half counts.
    assert shorten("abcde fghijkl", 10) == "abcde…"
    # Punctuation left at the cut goes.
    assert shorten("một hai, ba bốn", 10) == "một hai…"
    assert shorten("một hai; ba bốn", 10) == "một hai…"
    assert shorten("một hai: ba bốn", 10) == "một hai…"
    assert shorten("một hai - ba bốn", 10) == "một hai…"


def test_normalise_code_drops_every_blank():
    assert normalise_code(" 1.001 193\n") == "1.001193"
    assert normalise_code(None) == ""
    assert normalise_code(1.5) == "1.5"


def test_record_label_names_the_line_the_sheet_and_the_code():
    assert record_label(["x"]) == "bản ghi"
    assert record_label({}) == "bản ghi"
    assert record_label({"_line": 3}) == "dòng 3"
    assert record_label({"_line": 3, "_sheet": "Xã", "ma_thu_tuc": " 1.000 001"}) == "dòng 3 (Xã), mã 1.000001"
    assert record_label({"ma_thu_tuc": "9" * 50}) == "mã " + "9" * 39 + "…"


# --- time cells and working days --------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("15 Ngày làm việc", "15 ngày làm việc"),
        ("4 Giờ", "4 giờ"),
        ("8 Giờ làm việc", "8 giờ làm việc"),
        ("1 Tuần", "1 tuần"),
        ("3 Tháng", "3 tháng"),
        ("30 Phút", "30 phút"),
        ("7", "7 ngày"),
        ("2,5", "2,5 ngày"),
        ("30 ngày.", "30 ngày"),
        ("Không", ""),
        ("không.", ""),
        ("không quy định", "Không quy định"),
        ("KHÔNG QUY ĐỊNH", "Không quy định"),
        ("Theo quy định", "Theo quy định"),
        ("", ""),
    ],
)
def test_time_cells_are_written_the_same_way(raw, expected):
    assert _format_time(raw) == expected


@pytest.mark.parametrize(
    ("time", "days"),
    [
        ("15 ngày làm việc", 15),
        (" 3 ngày ", 3),
        ("7", 7),
        ("1 ngày", 1),
        # A part of a day is rounded up (the counter has until that day's end), both sides of .5.
        ("1,5 ngày", 2),
        ("2,5 ngày", 3),
        ("2,2 ngày", 3),
        ("0,5 ngày", None),
        ("0 ngày", None),
        ("15 NGÀY LÀM VIỆC", 15),
        # Hours: whole 8-hour working days, rounded up; under a day is not a number of days.
        ("4 giờ", None),
        ("7,5 giờ", None),
        ("8 giờ", 1),
        ("8,5 giờ", 2),
        ("9 giờ", 2),
        ("16 giờ", 2),
        ("24 giờ làm việc", 3),
        ("25 Giờ", 4),
        # A week is five working days (Saturday and Sunday are not: Labour Code 2019, art. 105).
        ("1 tuần", 5),
        ("2 Tuần", 10),
        ("0,5 tuần", 3),
        ("1,5 tuần", 8),
        ("6 tháng", None),
        ("1 năm", None),
        ("30 phút", None),
        ("Không quy định", None),
        ("", None),
    ],
)
def test_working_days_of_a_channel(time, days):
    assert channel_days(time) == days


# --- channels -----------------------------------------------------------------------------------


def test_three_channels_with_times_fees_notes_and_descriptions():
    text = (
        CHANNEL_HEADER + "Trực tiếp15 Ngày làm việc50.000 Đồng(Lệ phí cấp bản sao)Nộp tại Bộ phận một cửa cấp xã"
        "Trực tuyến10 Ngày làm việcMiễn phíNộp qua Cổng dịch vụ công quốc gia"
        "Dịch vụ bưu chính1 TuầnMiễn phí"
    )
    assert parse_channels(text) == [
        Channel(
            kind="in_person",
            processing_time="15 ngày làm việc",
            fee="50.000 Đồng (Lệ phí cấp bản sao)",
            description="Nộp tại Bộ phận một cửa cấp xã",
        ),
        Channel(
            kind="online",
            processing_time="10 ngày làm việc",
            fee="Miễn phí",
            description="Nộp qua Cổng dịch vụ công quốc gia",
        ),
        Channel(kind="postal", processing_time="1 tuần", fee="Miễn phí", description=""),
    ]


def test_channel_with_two_amounts_a_note_in_double_parentheses_and_a_wrapped_description():
    # A bracket glued to an amount is its note; a bracketed description after a blank is unwrapped.
    text = "Trực tiếp5 Ngày50.000 Đồng((áp dụng lần đầu))100.000 Đồng (Nộp tại xã)"
    assert parse_channels(text) == [
        Channel(
            kind="in_person",
            processing_time="5 ngày",
            fee="50.000 Đồng (áp dụng lần đầu); 100.000 Đồng",
            description="Nộp tại xã",
        )
    ]


def test_channel_fee_with_an_empty_note_and_a_kind_word_not_glued_to_a_cell():
    # "Trực tiếp tại …" and a kind at the very end do not start a row; "()" adds no note.
    text = "Trực tuyến2 Ngày20.000 VNĐ()Trực tiếp tại xã hoặc Trực tuyến"
    assert parse_channels(text) == [
        Channel(
            kind="online",
            processing_time="2 ngày",
            fee="20.000 VNĐ",
            description="Trực tiếp tại xã hoặc Trực tuyến",
        )
    ]


def test_channel_time_glued_to_the_fee_and_free_text_time():
    assert parse_channels("Trực tuyến120 VNĐ(20.000 vnđ/tờ khai)") == [
        Channel(kind="online", processing_time="1 ngày", fee="20 VNĐ (20.000 vnđ/tờ khai)", description="")
    ]
    assert parse_channels("Trực tiếpKhông phải trả kết quảMiễn phíTại xã") == [
        Channel(kind="in_person", processing_time="Không phải trả kết quả", fee="Miễn phí", description="Tại xã")
    ]
    # Neither a time nor a fee: the whole row is the description.
    assert parse_channels("Trực tiếpGiải quyết ngay") == [
        Channel(kind="in_person", processing_time="", fee="", description="Giải quyết ngay")
    ]


def test_channels_of_an_empty_or_header_only_cell():
    assert parse_channels(None) == []
    assert parse_channels("  " + CHANNEL_HEADER + "  ") == []
    assert parse_channels("Trực tiếp") == []


def test_summary_of_channel_values():
    in_person = Channel(kind="in_person", processing_time="15 ngày", fee="Miễn phí", description="")
    online = Channel(kind="online", processing_time="10 ngày", fee="Miễn phí", description="")
    postal = Channel(kind="postal", processing_time="15 ngày", fee="", description="")
    assert _summarise([in_person, online, postal], "fee") == "Miễn phí"
    assert _summarise([in_person, online, postal], "processing_time") == (
        "Trực tiếp: 15 ngày; Trực tuyến: 10 ngày; Dịch vụ bưu chính: 15 ngày"
    )
    assert _summarise([in_person, in_person, online], "processing_time") == "Trực tiếp: 15 ngày; Trực tuyến: 10 ngày"
    assert _summarise([postal], "fee") == ""
    assert _summarise([], "fee") == ""


# --- documents ------------------------------------------------------------------------------------


def test_documents_with_templates_quantities_and_groups():
    text = (
        "- Trường hợp đăng ký lần đầu:"
        + DOCUMENT_HEADER
        + "- Tờ khai đăng ký khai sinhMau01.docx1 bản chính"
        + "Giấy chứng sinh1 bản chính,1 bản sao"
        + "Văn bản ủy quyền0 bản chính"
        + "Thành phần hồ sơ"
        + DOCUMENT_HEADER
        + "Giấy tờ tùy thân (Căn cước);Mau02.pdf1 bản sao"
        + "+ Sổ hộ khẩu"
    )
    assert parse_documents(text) == [
        Document(
            name="Tờ khai đăng ký khai sinh",
            quantity="1 bản chính",
            template_name="Mau01.docx",
            group="Trường hợp đăng ký lần đầu",
            kind=CONDITIONAL,
            condition="Trường hợp đăng ký lần đầu",
        ),
        Document(
            name="Giấy chứng sinh",
            quantity="1 bản chính, 1 bản sao",
            group="Trường hợp đăng ký lần đầu",
            kind=CONDITIONAL,
            condition="Trường hợp đăng ký lần đầu",
        ),
        # Zero copies: asked only when the citizen has one (issue #19), never required of everyone.
        Document(
            name="Văn bản ủy quyền",
            quantity="0 bản chính",
            group="Trường hợp đăng ký lần đầu",
            kind=CONDITIONAL,
            condition="Nếu có",
        ),
        Document(
            name="Giấy tờ tùy thân (Căn cước)",
            quantity="1 bản sao",
            template_name="Mau02.pdf",
            kind=REQUIRED,
        ),
        Document(name="Sổ hộ khẩu", kind=REQUIRED),
    ]
    assert [d.is_required for d in parse_documents(text)] == [False, False, False, True, True]


def test_documents_need_the_table_header():
    assert parse_documents(None) == []
    assert parse_documents("Tờ khai1 bản chính") == []
    assert parse_documents(DOCUMENT_HEADER) == []
    assert parse_documents(DOCUMENT_HEADER + " - ;") == []


def test_a_group_saying_no_information_is_no_group():
    text = "Không có thông tin" + DOCUMENT_HEADER + "Tờ khai1 bản chính"
    assert parse_documents(text) == [Document(name="Tờ khai", quantity="1 bản chính", kind=REQUIRED)]
    text = "Thành phần hồ sơ gồm:" + DOCUMENT_HEADER + "Tờ khai1 bản chính"
    assert parse_documents(text) == [Document(name="Tờ khai", quantity="1 bản chính", kind=REQUIRED)]


def test_a_template_name_needs_more_than_its_extension():
    # "sinhM.pdf": one character before the extension is not a file name.
    text = DOCUMENT_HEADER + "Tờ khai sinhM.pdf1 bản chính"
    assert parse_documents(text) == [Document(name="Tờ khai sinhM.pdf", quantity="1 bản chính", kind=REQUIRED)]
    # No sign where the file name starts: it stays in the name.
    text = DOCUMENT_HEADER + "tokhai.doc1 bản chính"
    assert parse_documents(text) == [Document(name="tokhai.doc", quantity="1 bản chính", kind=REQUIRED)]


@pytest.mark.parametrize(
    ("row", "name", "template"),
    [
        ("Đơn đề nghị (theo mẫu)Mau01.docx", "Đơn đề nghị (theo mẫu)", "Mau01.docx"),
        ("Đơn đề nghị:mau 01.doc", "Đơn đề nghị:", "mau 01.doc"),
        ("Tờ khai “A”Mẫu.xlsx", "Tờ khai “A”", "Mẫu.xlsx"),
        ("Tờ khai theo mẫu.Mau 03.rtf", "Tờ khai theo mẫu.", "Mau 03.rtf"),
        # After a digit, "." is a number ("40.2024") or a numbered file ("1.Mau"), not a sentence.
        ("Tờ khai sinhMau 40.2024.pdf", "Tờ khai sinh", "Mau 40.2024.pdf"),
        ("Tờ khai sinh1.Mau.odt", "Tờ khai sinh1.Mau.odt", ""),
        # An acronym glued to a capitalised word: "NĐ-CPMus06".
        ("Tờ khai theo Nghị định 01/NĐ-CPMus06.doc", "Tờ khai theo Nghị định 01/NĐ-CP", "Mus06.doc"),
        ("Tờ khai N-PMau.doc", "Tờ khai N-P", "Mau.doc"),
        ("Tờ khai PMau.doc", "Tờ khai PMau.doc", ""),
        ("Tờ khai ABCDe.zip", "Tờ khai ABC", "De.zip"),
        # The last strong sign wins over a weak one seen before it.
        ("Giấy tờ khaiMẫu (bản in)Tk.pdf", "Giấy tờ khaiMẫu (bản in)", "Tk.pdf"),
    ],
)
def test_template_file_glued_to_the_document_name(row, name, template):
    documents = parse_documents(DOCUMENT_HEADER + row + "1 bản chính")
    assert [(d.name, d.template_name) for d in documents] == [(name, template)]


# --- legal basis ----------------------------------------------------------------------------------


def test_legal_basis_titles_and_numbers_glued_together():
    text = (
        LEGAL_HEADER + "Luật Hộ tịch60/2014/QH13"
        "Nghị định quy định chi tiết một số điều của Luật Hộ tịch123/2015/NĐ-CP"
        "Thông tư số 04/2020/TT-BTP ngày 28/5/202004/2020/TT-BTP"
    )
    assert parse_legal_basis(text) == [
        LegalDocument(title="Luật Hộ tịch", number="60/2014/QH13"),
        LegalDocument(title="Nghị định quy định chi tiết một số điều của Luật Hộ tịch", number="123/2015/NĐ-CP"),
        LegalDocument(title="Thông tư số 04/2020/TT-BTP ngày 28/5/2020", number="04/2020/TT-BTP"),
    ]


def test_legal_basis_document_type_glued_to_the_title_and_a_title_without_number():
    text = "Luật Đất đaiLuật số 31/2024/QH15Quyết định của Ủy ban nhân dân tỉnh;"
    assert parse_legal_basis(text) == [
        LegalDocument(title="Luật Đất đai", number="31/2024/QH15"),
        LegalDocument(title="Quyết định của Ủy ban nhân dân tỉnh", number=""),
    ]


def test_legal_basis_empty_and_a_number_alone():
    assert parse_legal_basis(None) == []
    assert parse_legal_basis(LEGAL_HEADER) == []
    assert parse_legal_basis("Không có thông tin") == []
    assert parse_legal_basis("1109/QĐ-BTC") == [LegalDocument(title="1109/QĐ-BTC", number="1109/QĐ-BTC")]


def test_legal_basis_numbers_trimmed_before_the_next_title():
    text = "Thông tư hướng dẫn40/2025/TT-BTCThông tư sửa đổi41/2025/TT-BTCLUẬT Bảo hiểm xã hội"
    assert parse_legal_basis(text) == [
        LegalDocument(title="Thông tư hướng dẫn", number="40/2025/TT-BTC"),
        LegalDocument(title="Thông tư sửa đổi", number="41/2025/TT-BTC"),
        LegalDocument(title="LUẬT Bảo hiểm xã hội", number=""),
    ]
    # A lower-case title word after the number keeps the number's last capital.
    text = "Quyết định9354/QĐ-BCA-C06Quyết định về cư trú"
    assert parse_legal_basis(text)[0] == LegalDocument(title="Quyết định", number="9354/QĐ-BCA-C06")


def test_legal_basis_year_run_into_the_number_goes_back_to_the_title():
    text = "Luật Doanh nghiệp 202076/2025/QH15"
    assert parse_legal_basis(text) == [LegalDocument(title="Luật Doanh nghiệp 2020", number="76/2025/QH15")]


def test_legal_number_inside_a_title_between_spaces_is_not_a_number_cell():
    text = "Nghị định số 63/2024/NĐ-CP ngày 10/6/2024 của Chính phủ"
    assert parse_legal_basis(text) == [LegalDocument(title=text, number="")]
    text = "Căn cứ (63/2024/NĐ-CP) của Chính phủ"
    assert parse_legal_basis(text) == [LegalDocument(title=text, number="")]


# --- steps and result --------------------------------------------------------------------------------


def test_steps_marked_with_bước_n_and_their_separators():
    text = "Bước 1: Nộp hồ sơ.Bước 2. Tiếp nhận; bước 3 - Trả kết quả"
    assert parse_steps(text) == [
        Step(title="Bước 1", description="Nộp hồ sơ."),
        Step(title="Bước 2", description="Tiếp nhận;"),
        Step(title="Bước 3", description="Trả kết quả"),
    ]


def test_steps_preamble_empty_steps_and_line_breaks():
    assert parse_steps("a) Bước 1: Nộp") == [Step(title="Bước 1", description="Nộp")]
    assert parse_steps("abc Bước 1: Nộp") == [Step(title="Bước 1", description="Nộp")]
    assert parse_steps("abcd Bước 1: Nộp") == [
        Step(title="", description="abcd"),
        Step(title="Bước 1", description="Nộp"),
    ]
    assert parse_steps("Bước 1:Bước\n2: Nhận") == [Step(title="Bước 2", description="Nhận")]
    assert parse_steps("Nộp hồ sơ tại xã") == [Step(title="", description="Nộp hồ sơ tại xã")]
    assert parse_steps("Không có thông tin") == []
    assert parse_steps(None) == []


def test_result_without_codes_and_portal_text():
    text = "Giấy khai sinh bản chínhMã: KQ.123Giấy khai sinh bản chínhMã:KQ.A45.6Trích lục Từ khóa: hộ tịch"
    assert parse_result(text) == "Giấy khai sinh bản chính\nTrích lục"
    assert parse_result("Quyết định\nChọn cơ quan thực hiện\nxã A") == "Quyết định"
    assert parse_result(None) == ""


# --- online mode and service level ----------------------------------------------------------------

IN_PERSON = Channel(kind="in_person", processing_time="", fee="", description="")
ONLINE = Channel(kind="online", processing_time="", fee="", description="")
POSTAL = Channel(kind="postal", processing_time="", fee="", description="")


def test_online_mode_under_decree_42_2022():
    assert online_mode_for("Đăng ký khai sinh", [IN_PERSON, POSTAL]) == "none"
    assert online_mode_for("Đăng ký khai sinh", []) == "none"
    assert online_mode_for("Đăng ký khai sinh", [IN_PERSON, ONLINE]) == "partial"
    assert online_mode_for("Đăng ký khai sinh", [ONLINE]) == "full"
    assert online_mode_for("Đăng ký khai sinh (TOÀN  TRÌNH)", [IN_PERSON, ONLINE]) == "full"
    assert online_mode_for("Đăng ký khai sinh toàn trình", [IN_PERSON]) == "none"


def test_service_level_from_the_online_mode_and_templates():
    with_template = [Document(name="Tờ khai"), Document(name="Đơn", template_name="Mau01.docx")]
    assert service_level_for("full", []) == 4
    assert service_level_for("partial", []) == 3
    assert service_level_for("none", with_template) == 2
    assert service_level_for("none", [Document(name="Tờ khai")]) == 1


# --- the record ------------------------------------------------------------------------------------


def test_a_whole_record_with_every_field():
    raw = {
        "ma_thu_tuc": "1.001193",
        "ten_thu_tuc": "Đăng ký  khai sinh",
        "linh_vuc": "Hộ tịch",
        "co_quan_thuc_hien": "Ủy ban nhân dân xã",
        "doi_tuong_thuc_hien": "Công dân Việt Nam, Người nước ngoài",
        "trinh_tu_thuc_hien": "Bước 1: Nộp hồ sơ. Bước 2: Nhận kết quả",
        "cach_thuc_thuc_hien": CHANNEL_HEADER + "Trực tiếp5 Ngày làm việcMiễn phíNhận kết quả qua dịch vụ bưu chính"
        "Trực tuyến3 Ngày làm việcMiễn phí",
        "thanh_phan_ho_so": DOCUMENT_HEADER + "Tờ khai1 bản chính",
        "yeu_cau_dieu_kien": "Không có thông tin",
        "ket_qua_xu_ly": "Giấy khai sinhMã: KQ.1",
        "can_cu_phap_ly": LEGAL_HEADER + "Luật Hộ tịch60/2014/QH13",
        "detail_url": "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-nganh-doc.html?ma_thu_tuc=1",
        "so_quyet_dinh": "1109/QĐ-BTP",
        "loai_thu_tuc": "TTHC được luật giao quy định chi tiết",
        "cap_thuc_hien": "Cấp Xã",
        "dia_chi_tiep_nhan": "Bộ phận một cửa",
    }
    data = parse_record(raw)
    assert data.code == "1.001193"
    assert data.title == data.official_title == "Đăng ký khai sinh"
    assert data.sector_name == "Hộ tịch"
    assert data.agency_names == ["Ủy ban nhân dân xã"]
    assert data.audience_names == ["Công dân Việt Nam", "Người nước ngoài"]
    assert data.steps == [
        Step(title="Bước 1", description="Nộp hồ sơ."),
        Step(title="Bước 2", description="Nhận kết quả"),
    ]
    assert [c.kind for c in data.channels] == ["in_person", "online"]
    assert data.documents == [Document(name="Tờ khai", quantity="1 bản chính", kind=REQUIRED)]
    # The slowest channel.
    assert data.processing_days == 5
    assert data.processing_time == "Trực tiếp: 5 ngày làm việc; Trực tuyến: 3 ngày làm việc"
    assert data.fees == "Miễn phí"
    assert data.fee_problems == []
    assert data.conditions == ""
    assert data.result == "Giấy khai sinh"
    assert data.legal_basis == [LegalDocument(title="Luật Hộ tịch", number="60/2014/QH13")]
    assert data.online_mode == "partial" and data.service_level == 3
    # No postal channel, but the result comes back by post (Decision 45/2016/QĐ-TTg).
    assert data.postal_submission is False and data.postal_return is True
    assert data.national_portal_url == raw["detail_url"]
    assert data.decision_number == "1109/QĐ-BTP"
    assert data.procedure_type == "TTHC được luật giao quy định chi tiết"
    assert data.implementation_level == "Cấp Xã"
    assert data.receiving_address == "Bộ phận một cửa"
    assert data.provided == ALL_FIELDS


def test_a_poor_record_provides_only_its_keys_and_the_agency_falls_back():
    raw = {
        "ma_thu_tuc": "1.000001",
        "ten_thu_tuc": "Thủ tục " + "dài " * 80,
        "co_quan_co_tham_quyen": "Ủy ban nhân dân huyện",
        "detail_url": "dichvucong.gov.vn/x",
        "cach_thuc_thuc_hien": "Dịch vụ bưu chính20 Ngày làm việcMiễn phí",
    }
    data = parse_record(raw)
    assert data.agency_names == ["Ủy ban nhân dân huyện"]
    assert data.title == "Thủ tục " + " ".join(["dài"] * 61) + "…"
    assert data.official_title == "Thủ tục " + " ".join(["dài"] * 80)
    assert data.national_portal_url == ""
    assert data.postal_submission is True and data.postal_return is True
    assert data.online_mode == "none" and data.service_level == 1
    assert data.processing_days == 20
    assert data.steps == [] and data.documents == [] and data.legal_basis == []
    assert data.provided == frozenset(
        {
            "title",
            "official_title",
            "agency_names",
            "national_portal_url",
            "channels",
            "processing_days",
            "processing_time",
            "fees",
            "fee_items",
            "service_level",
            "online_mode",
            "postal_submission",
            "postal_return",
        }
    )


def test_a_record_without_channels_has_no_fee_reading():
    data = parse_record({"ma_thu_tuc": "1.000001", "ten_thu_tuc": "Thủ tục"})
    assert data.fee_items == [] and data.fee_problems == []
    assert data.processing_days is None and data.processing_time == "" and data.fees == ""


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("x", "bản ghi không phải đối tượng JSON"),
        ({"_error": "dòng hỏng"}, "dòng hỏng"),
        ({"ten_thu_tuc": "A"}, "thiếu mã thủ tục (ma_thu_tuc)"),
        ({"ma_thu_tuc": "1.000001", "ten_thu_tuc": 5}, "trường ten_thu_tuc phải là chuỗi văn bản, không phải int"),
        ({"ma_thu_tuc": "1.000001", "ten_thu_tuc": "A", "linh_vuc": None}, None),
        ({"ma_thu_tuc": "1.00001", "ten_thu_tuc": "A"}, "mã thủ tục «1.00001» không đúng dạng 1.001193"),
        ({"ma_thu_tuc": "1.000001", "ten_thu_tuc": " \n "}, "thiếu tên thủ tục (ten_thu_tuc)"),
    ],
)
def test_records_refused_with_their_reason(raw, reason):
    if reason is None:
        assert parse_record(raw).sector_name == ""
        return
    with pytest.raises(RecordError) as error:
        parse_record(raw)
    assert str(error.value) == reason


# --- fee items of a record --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "case", "kept"),
    [
        ("online", "Trường hợp công dân nộp hồ sơ trực tuyến", ""),
        ("online", "TRƯỜNG HỢP NỘP HỒ SƠ TRỰC TUYẾN", ""),
        ("in_person", "Trường hợp nộp hồ sơ trực tiếp", ""),
        ("postal", "Trường hợp nộp hồ sơ qua dịch vụ bưu chính", ""),
        # Another channel's words, no "nộp hồ sơ", or an item of every channel: a real case.
        ("in_person", "Trường hợp nộp hồ sơ trực tuyến", "Trường hợp nộp hồ sơ trực tuyến"),
        ("online", "Trường hợp cấp lại trực tuyến", "Trường hợp cấp lại trực tuyến"),
        ("", "Trường hợp nộp hồ sơ trực tuyến", "Trường hợp nộp hồ sơ trực tuyến"),
        ("online", "", ""),
    ],
)
def test_a_fee_case_that_only_restates_its_channel_is_dropped(channel, case, kept):
    item = FeeItem(kind="phi_le_phi", amount=50000, case=case, channel=channel)
    assert _without_channel_case(item) == FeeItem(kind="phi_le_phi", amount=50000, case=kept, channel=channel)


def test_fee_items_of_a_record_only_when_every_amount_is_read():
    text = (
        "Trực tuyến5 Ngày50.000 Đồng(Trường hợp công dân nộp hồ sơ trực tuyến)"
        "Trực tiếp5 Ngày60.000 Đồng(Trường hợp công dân nộp hồ sơ trực tuyến)"
    )
    data = parse_record({"ma_thu_tuc": "1.000001", "ten_thu_tuc": "A", "cach_thuc_thuc_hien": text})
    assert data.fee_items == [
        FeeItem(kind="phi_le_phi", amount=50000, channel="online"),
        FeeItem(kind="phi_le_phi", amount=60000, case="Trường hợp công dân nộp hồ sơ trực tuyến", channel="in_person"),
    ]
    assert data.fee_problems == []
    text = "Trực tuyến5 NgàyTheo quy định"
    data = parse_record({"ma_thu_tuc": "1.000001", "ten_thu_tuc": "A", "cach_thuc_thuc_hien": text})
    assert data.fee_items == []
    assert data.fee_problems == ["Văn bản không có thông tin về phí, lệ phí."]


# --- reading files ------------------------------------------------------------------------------


def test_jsonl_files_by_their_extension_with_line_numbers(tmp_path):
    body = '{"ma_thu_tuc": "1.000001"}\n\n  \n[1]\n{"ma_thu_tuc"\n'
    for name in ("a.jsonl", "b.JSON", "c.ndjson"):
        (tmp_path / name).write_text(body, encoding="utf-8")
        assert list(read_records(str(tmp_path / name))) == [
            {"ma_thu_tuc": "1.000001", "_line": 1},
            {"_line": 4, "_error": "bản ghi không phải đối tượng JSON"},
            {"_line": 5, "_error": "dòng không phải JSON hợp lệ (Expecting ':' delimiter)"},
        ]
    for name in ("d.jsonl.gz", "e.json.gz"):
        with gzip.open(tmp_path / name, "wt", encoding="utf-8") as handle:
            handle.write('{"ma_thu_tuc": "1.000002", "_line": 9}\n')
        assert list(read_records(tmp_path / name)) == [{"ma_thu_tuc": "1.000002", "_line": 1}]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.csv", b"x", "Không đọc được tệp a.csv: chỉ hỗ trợ .jsonl, .jsonl.gz và .xlsx."),
        ("a.jsonl", b'{"a": "\xff\xfe"}\n', "Không đọc được tệp a.jsonl: nội dung không phải văn bản UTF-8."),
        ("a.jsonl.gz", b"not gzip at all", "Không đọc được tệp a.jsonl.gz: tệp nén .gz bị hỏng hoặc không trọn vẹn."),
        (
            "b.jsonl.gz",
            gzip.compress(b'{"a": 1}\n' * 50)[:-12],
            "Không đọc được tệp b.jsonl.gz: tệp nén .gz bị hỏng hoặc không trọn vẹn.",
        ),
        ("a.xlsx", b"PK\x03\x04 not a workbook", "Không đọc được tệp a.xlsx: không phải tệp Excel .xlsx hợp lệ."),
        ("missing.jsonl", None, "Không đọc được tệp missing.jsonl: No such file or directory."),
    ],
)
def test_unreadable_files_are_refused_with_one_line_naming_them(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CatalogueFileError) as error:
        list(read_records(path))
    assert str(error.value) == message


def test_xlsx_rows_under_the_header_of_each_sheet(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Cấp xã"
    sheet.append(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    sheet.append(["STT", " Mã  số ", "Tên", "Lĩnh vực", "Cơ quan thực hiện"])
    sheet.append([1, 1.00012, "Đăng ký khai sinh", "Hộ tịch", None])
    sheet.append([None, None, None])
    sheet.append([2, "1.000002", "Đăng ký kết hôn"])
    other = workbook.create_sheet("Khác")
    other.append(["Mã thủ tục", "Tên thủ tục"])
    other.append(["2.000001", 12])
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    assert list(read_records(path)) == [
        {
            "_line": 3,
            "_sheet": "Cấp xã",
            "ma_thu_tuc": "1.000120",
            "ten_thu_tuc": "Đăng ký khai sinh",
            "linh_vuc": "Hộ tịch",
            "co_quan_thuc_hien": "",
        },
        {
            "_line": 5,
            "_sheet": "Cấp xã",
            "ma_thu_tuc": "1.000002",
            "ten_thu_tuc": "Đăng ký kết hôn",
            "linh_vuc": "",
            "co_quan_thuc_hien": "",
        },
        {"_line": 2, "_sheet": "Khác", "ma_thu_tuc": "2.000001", "ten_thu_tuc": "12"},
    ]


def test_xlsx_without_the_code_and_name_header_is_refused(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for number in range(40):
        sheet.append([f"dòng {number}", "Tên"])
    sheet.append(["Mã số", "Tên"])
    sheet.append(["1.000001", "Đăng ký khai sinh"])
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    with pytest.raises(CatalogueFileError) as error:
        list(read_records(path))
    assert str(error.value) == (
        "Không đọc được tệp export.xlsx: không có dòng tiêu đề với cột «Mã số» và cột «Tên» (tên thủ tục)."
    )


def test_a_record_missing_its_text_fields_leaves_them_empty():
    data = parse_record({"ma_thu_tuc": "1.000001", "ten_thu_tuc": "Thủ tục"})
    assert (data.sector_name, data.conditions, data.result, data.receiving_address) == ("", "", "", "")
    assert (data.decision_number, data.procedure_type, data.implementation_level) == ("", "", "")
    assert data.agency_names == [] and data.audience_names == [] and data.channels == []
    assert data.online_mode == "none" and data.postal_submission is False and data.postal_return is False
    assert data.provided == frozenset({"title", "official_title"})


def test_long_record_fields_are_cut_to_their_columns():
    long = "x" * 600
    raw = {
        "ma_thu_tuc": "1.000001",
        "ten_thu_tuc": long,
        "linh_vuc": long,
        "so_quyet_dinh": long,
        "loai_thu_tuc": long,
        "cap_thuc_hien": long,
        "detail_url": "https://" + long,
        "cach_thuc_thuc_hien": "Trực tiếp" + "Y" * 600 + "Miễn phí",
    }
    data = parse_record(raw)
    assert data.title == "x" * 254 + "…"
    assert data.official_title == long
    assert data.sector_name == data.decision_number == "x" * 254 + "…"
    assert data.procedure_type == data.implementation_level == "x" * 254 + "…"
    assert data.national_portal_url == "https://" + "x" * 492
    assert data.processing_time == "Y" * 499 + "…"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A year run into the number goes back to the title: four digits from 19xx or 20xx.
        ("Luật Hôn nhân 1986123/2000/QH10", [("Luật Hôn nhân 1986", "123/2000/QH10")]),
        ("Luật Đất đai 20131/2024/QH15", [("Luật Đất đai 2013", "1/2024/QH15")]),
        ("Quyết định 2031/2024/QĐ-UBND", [("Quyết định", "2031/2024/QĐ-UBND")]),
        ("Luật Hộ tịch20/2014/QH13", [("Luật Hộ tịch", "20/2014/QH13")]),
        ("Quyết định sửa đổi201.5/2025/QĐ-UBND", [("Quyết định sửa đổi", "201.5/2025/QĐ-UBND")]),
        # The letters given back to the next title: a vowel, an onset ("Ng", "Th"), a vowel after.
        ("Thông tư40/2025/TT-BTCAn toàn thực phẩm", [("Thông tư", "40/2025/TT-BTC"), ("An toàn thực phẩm", "")]),
        ("Quyết định5/2020/QĐ-UBNDNghị quyết", [("Quyết định", "5/2020/QĐ-UBND"), ("Nghị quyết", "")]),
        ("Nghị định15/2020/NĐ-CPĐình chỉ", [("Nghị định", "15/2020/NĐ-CP"), ("Đình chỉ", "")]),
        # The dash before a letter given back leaves the number (it stays at the head of the next title).
        ("Quyết định12/2020/QĐ-Bình thường", [("Quyết định", "12/2020/QĐ"), ("-Bình thường", "")]),
        ("Quyết định12/2020/QĐ-CLUThông tư", [("Quyết định", "12/2020/QĐ-CLU"), ("Thông tư", "")]),
        ("Luật Bảo hiểm41/2024/QH15LUẬT Việc làm", [("Luật Bảo hiểm", "41/2024/QH15"), ("LUẬT Việc làm", "")]),
    ],
)
def test_legal_numbers_and_the_titles_around_them(text, expected):
    assert [(item.title, item.number) for item in parse_legal_basis(text)] == expected


def test_xlsx_header_is_looked_for_in_the_first_30_rows(tmp_path):
    from openpyxl import Workbook

    for junk, found in ((29, True), (30, False)):
        workbook = Workbook()
        sheet = workbook.active
        for number in range(junk):
            sheet.append([f"dòng {number}"])
        sheet.append(["Mã số", "Tên", "Lĩnh vực"])
        # A formula is read as its saved value (none here), never as its text.
        sheet.append(["1.000001", "Đăng ký khai sinh", '="Hộ "&"tịch"'])
        path = tmp_path / f"export{junk}.xlsx"
        workbook.save(path)
        if found:
            assert list(read_records(path)) == [
                {
                    "_line": junk + 2,
                    "_sheet": "Sheet",
                    "ma_thu_tuc": "1.000001",
                    "ten_thu_tuc": "Đăng ký khai sinh",
                    "linh_vuc": "",
                }
            ]
        else:
            with pytest.raises(CatalogueFileError):
                list(read_records(path))


# --- edges found by surviving mutants ----------------------------------------------------------------


def test_text_helpers_at_their_edges():
    assert clean_text("Nộp\rhồ sơ") == "Nộphồ sơ"
    assert split_names("Cá nhân,, Tổ chức") == ["Cá nhân", "Tổ chức"]
    assert split_names("Người dân tỉnh X") == ["Người dân tỉnh X"]
    # A space between a third and a half of the limit is not a word boundary to cut at.
    assert shorten("abc defghijklmn", 10) == "abc defgh…"
    assert shorten("Phụ lục X bổ sung", 11) == "Phụ lục X…"
    assert _format_time("Theo quy định X") == "Theo quy định X"


def test_channel_edges():
    # A time cell without a fee cell: the time is still read.
    assert parse_channels("Trực tiếp5 NgàyNộp tại xã") == [
        Channel(kind="in_person", processing_time="5 ngày", fee="", description="Nộp tại xã")
    ]
    # A free-text time looks for the fee in its own row only.
    assert parse_channels("Trực tiếpGiải quyết ngayTrực tuyến2 NgàyMiễn phí") == [
        Channel(kind="in_person", processing_time="", fee="", description="Giải quyết ngay"),
        Channel(kind="online", processing_time="2 ngày", fee="Miễn phí", description=""),
    ]
    # Two bracketed parts are not one wrapped description.
    assert parse_channels("Trực tiếp5 NgàyMiễn phí (Nộp tại xã) (hoặc huyện)") == [
        Channel(kind="in_person", processing_time="5 ngày", fee="Miễn phí", description="(Nộp tại xã) (hoặc huyện)")
    ]


def test_document_edges():
    text = (
        "- Không có"
        + DOCUMENT_HEADER
        + "Phụ lục X1 bản chính, 1 bản sao"
        + "Hồ sơ loại X"
        + DOCUMENT_HEADER
        + "Tờ khai:"
        + "M" * 300
        + ".doc1 bản chính"
        + "G" * 600
        + DOCUMENT_HEADER
        + "Đơn1 bản chính"
    )
    assert parse_documents(text) == [
        Document(name="Phụ lục X", quantity="1 bản chính, 1 bản sao", kind=REQUIRED),
        Document(name="Tờ khai:", quantity="1 bản chính", template_name="M" * 255, group="Hồ sơ loại X", kind=REQUIRED),
        Document(name="Đơn", quantity="1 bản chính", group="G" * 499 + "…", kind=REQUIRED),
    ]


@pytest.mark.parametrize(
    ("row", "name", "template"),
    [
        ("xMau01.doc", "x", "Mau01.doc"),
        ("Tờ khai (mẫu)-Mau.doc", "Tờ khai (mẫu)-Mau.doc", ""),
        ("Phụ lục XMau.doc", "Phụ lục XMau.doc", ""),
        ("1.Mau01.doc", "1.Mau01.doc", ""),
        ("ABCdef.doc", "AB", "Cdef.doc"),
    ],
)
def test_template_signs_at_their_edges(row, name, template):
    documents = parse_documents(DOCUMENT_HEADER + row + "1 bản chính")
    assert [(d.name, d.template_name) for d in documents] == [(name, template)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Luật Hộ tịch60/2014/QH13 và Luật khác", [("Luật Hộ tịch", "60/2014/QH13"), ("và Luật khác", "")]),
        ("Phụ lục X12/2020/QH14 và Y", [("Phụ lục X", "12/2020/QH14"), ("và Y", "")]),
        ("Luật A;12/2020/QH14", [("Luật A", "12/2020/QH14")]),
        ("60/2014/QH13 về hộ tịch", [("60/2014/QH13 về hộ tịch", "")]),
        # A number glued to the next digits is the title's own, the number cell follows it.
        ("Luật Hộ tịch60/2014/QH1360/2014/QH13", [("Luật Hộ tịch60/2014/QH13", "60/2014/QH13")]),
        ("Quyết định12/2020/QĐ-XAn toàn", [("Quyết định", "12/2020/QĐ-X"), ("An toàn", "")]),
        ("Quyết định của tỉnh X", [("Quyết định của tỉnh X", "")]),
        # "LU" is given back only to "ẬT" (a "LUẬT" title glued on), never at the end of the text.
        ("Quyết định12/2020/QĐ-CLU", [("Quyết định", "12/2020/QĐ-CLU")]),
        ("T" * 1100 + "12/2020/" + "Q" * 300, [("T" * 999 + "…", "12/2020/" + "Q" * 247)]),
        ("R" * 1100, [("R" * 999 + "…", "")]),
    ],
)
def test_legal_basis_at_its_edges(text, expected):
    assert [(item.title, item.number) for item in parse_legal_basis(text)] == expected


def test_record_conditions_plain_http_links_and_a_long_wrong_code():
    raw = {
        "ma_thu_tuc": "1.000001",
        "ten_thu_tuc": "Thủ tục",
        "yeu_cau_dieu_kien": " Có nơi thường trú \n",
        "detail_url": "http://dichvucong.gov.vn/p/1",
    }
    data = parse_record(raw)
    assert data.conditions == "Có nơi thường trú"
    assert data.national_portal_url == "http://dichvucong.gov.vn/p/1"
    with pytest.raises(RecordError) as error:
        parse_record({"ma_thu_tuc": "1." + "2" * 50, "ten_thu_tuc": "Thủ tục"})
    assert str(error.value) == "mã thủ tục «1." + "2" * 37 + "…» không đúng dạng 1.001193"
