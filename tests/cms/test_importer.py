"""The catalogue parser on real DVCQG records (tests/cms/data/catalogue_sample.jsonl, copied from
data/tthc/cap_xa.jsonl) chosen to span every table layout found in the 588 + 2,642 records."""

import gzip
import json
from pathlib import Path

import pytest

from cms.importer import (
    Channel,
    Document,
    LegalDocument,
    RecordError,
    channel_days,
    parse_channels,
    parse_documents,
    parse_legal_basis,
    parse_record,
    read_records,
    split_names,
)

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "catalogue_sample.jsonl"
XLSX = DATA / "toa-an-nhan-dan.xlsx"


# Function-scoped on purpose (2 s for the file): mutmut learns which test reaches which function
# while the tests run, and a module-scoped fixture parses every record inside the first test only,
# so the other tests were never run against the parsers' mutants (issue #19).
@pytest.fixture
def records() -> dict[str, dict]:
    return {raw["ma_thu_tuc"]: raw for raw in read_records(SAMPLE)}


@pytest.fixture
def parsed(records) -> dict:
    return {code: parse_record(raw) for code, raw in records.items()}


def test_sample_holds_two_dozen_real_records_that_all_parse(records, parsed):
    assert len(records) == 24
    assert all(
        data.title and data.national_portal_url.startswith("https://dichvucong.gov.vn/") for data in parsed.values()
    )


# --- channels ---------------------------------------------------------------------------------


def test_single_in_person_channel_with_calendar_days(parsed):
    data = parsed["1.000253"]
    assert data.channels == [
        Channel(
            kind="in_person", processing_time="7 ngày", fee="", description="Nộp trực tiếp tại trụ sở Công an cấp xã"
        )
    ]
    assert data.processing_days == 7
    assert data.online_mode == "none" and not data.postal_submission and not data.postal_return


def test_three_channels_with_bare_number_time_and_fee_note(parsed):
    data = parsed["1.001766"]
    assert [c.kind for c in data.channels] == ["online", "postal", "in_person"]
    assert {c.processing_time for c in data.channels} == {"1 ngày"}
    assert data.channels[0].fee.startswith("Miễn phí (Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh")
    assert data.processing_days == 1
    assert data.postal_submission and data.postal_return
    assert data.online_mode == "partial" and data.service_level == 3


def test_money_fees_differ_per_channel(parsed):
    data = parsed["1.002755"]
    online, in_person = data.channels
    assert online.fee.startswith("5,000 Việt Nam Đồng (- Gia hạn tạm trú (cá nhân, hộ gia đình)")
    assert in_person.fee.startswith("10,000 Việt Nam Đồng (- Gia hạn tạm trú theo danh sách")
    assert in_person.description.startswith("- Nộp hồ sơ trực tiếp tại Công an cấp xã.")
    assert data.fees.startswith("Trực tuyến: 5,000 Việt Nam Đồng") and "Trực tiếp: 10,000" in data.fees


def test_time_digit_glued_to_the_fee_amount(parsed):
    # "Trực tuyến120 VNĐ(20.000 vnđ /tờ khai)": 1 day, then the fee.
    data = parsed["1.000014"]
    assert [(c.kind, c.processing_time, c.fee) for c in data.channels] == [
        ("online", "1 ngày", "20 VNĐ (20.000 vnđ /tờ khai)"),
        ("in_person", "1 ngày", "20 VNĐ (20.000 vnđ /tờ khai)"),
    ]


def test_free_text_time_cell_and_unregulated_time(parsed):
    data = parsed["1.007689"]
    assert {c.processing_time for c in data.channels} == {"Không phải trả kết quả cho người nộp thuế"}
    assert {c.fee for c in data.channels} == {"Miễn phí"}
    assert data.processing_days is None
    assert {c.processing_time for c in parsed["1.008312"].channels} == {"Không quy định"}
    assert parsed["1.008312"].processing_days is None


def test_time_cell_saying_only_khong_is_empty(parsed):
    data = parsed["1.009825"]
    assert [(c.kind, c.processing_time, c.fee) for c in data.channels] == [
        ("in_person", "", ""),
        ("online", "", ""),
        ("postal", "", ""),
    ]
    assert data.channels[0].description == "Tại Trung tâm phục vụ hành chính công cấp tỉnh, xã"


def test_hours_full_online_by_name_and_postal_return_from_the_description(parsed):
    data = parsed["1.013065"]
    assert [(c.kind, c.processing_time) for c in data.channels] == [("online", "8 giờ")]
    assert data.processing_days == 1
    assert data.online_mode == "full" and data.service_level == 4
    # No postal channel, but "+ Trả kết quả qua dịch vụ bưu chính."
    assert not data.postal_submission and data.postal_return


def test_postal_and_in_person_without_online(parsed):
    data = parsed["1.004327"]
    assert [c.kind for c in data.channels] == ["postal", "in_person"]
    assert data.channels[0].description == "Gửi qua bưu điện"
    assert data.postal_submission and data.postal_return
    assert data.online_mode == "none" and data.service_level == 1
    assert data.processing_days == 60


def test_online_and_postal_only(parsed):
    data = parsed["3.000123"]
    assert [c.kind for c in data.channels] == ["online", "postal"]
    assert data.channels[1].fee == "Miễn phí (Không)"
    assert data.online_mode == "partial"


def test_online_only_is_full_online(parsed):
    data = parsed["1.011049"]
    assert [c.kind for c in data.channels] == ["online"]
    assert data.online_mode == "full" and data.service_level == 4


def test_repeated_kinds_and_kind_words_inside_descriptions(parsed):
    # "… như: Trực tuyến qua Cổng dịch vụ công quốc gia …" stays inside the description.
    data = parsed["1.010040"]
    assert [(c.kind, c.processing_time) for c in data.channels] == [
        ("online", "5 ngày làm việc"),
        ("in_person", "5 ngày làm việc"),
        ("online", "30 ngày làm việc"),
        ("in_person", "30 ngày làm việc"),
    ]
    assert "Trực tuyến qua Cổng dịch vụ công quốc gia" in data.channels[0].description
    assert data.processing_days == 30
    assert data.processing_time.startswith("Trực tuyến: 5 ngày làm việc; Trực tiếp: 5 ngày làm việc")
    assert [c.processing_time for c in parsed["1.012533"].channels] == ["15 ngày làm việc", "3 ngày làm việc"]


def test_channel_days_rules():
    assert channel_days("4 ngày làm việc") == 4
    assert channel_days("45 ngày") == 45
    assert channel_days("16 giờ") == 2
    assert channel_days("4 giờ") is None
    assert channel_days("6 tháng") is None
    assert channel_days("Không quy định") is None
    assert channel_days("") is None


def test_channels_without_header_or_rows():
    assert parse_channels("") == []
    assert parse_channels("Hình thức nộpThời gianPhí, lệ phíMô tả") == []


# --- documents --------------------------------------------------------------------------------


def test_document_with_template_glued_after_a_parenthesis(parsed):
    assert parsed["1.000253"].documents == [
        Document(
            name="Phiếu khai báo tạm trú cho người nước ngoài (mẫu NA17)",
            quantity="1 bản chính",
            template_name="101-Mau A17 tam tru cho nguoi nuoc ngoai.doc",
        )
    ]
    assert parsed["1.000253"].service_level == 2


def test_templates_glued_after_an_acronym_or_a_sentence(parsed):
    assert [d.template_name for d in parsed["1.008312"].documents] == ["Mẫu số 01 TAIN.docx", "Mẫu 01-1 TAIN.docx"]
    assert parsed["1.012694"].documents[-1].template_name == "Mus22.docx"
    first = parsed["1.010041"].documents[0]
    assert first.name == "Tờ khai thay đổi thông tin cư trú (Mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA)."
    assert first.template_name == "1.MuCT01banhnhkmtheoThngts53.doc"


def test_grouped_documents_keep_their_group_and_notes_are_optional(parsed):
    documents = parsed["1.003583"].documents
    assert {d.group for d in documents} == {"Giấy tờ phải nộp", "Giấy tờ phải xuất trình"}
    submitted = [d for d in documents if d.group == "Giấy tờ phải nộp"]
    assert submitted[1] == Document(
        name="Tờ khai đăng ký khai sinh theo mẫu.", quantity="1 bản chính", group="Giấy tờ phải nộp"
    )
    notes = [d for d in documents if d.name.startswith("Trường hợp")]
    assert notes and not any(d.is_required for d in notes)
    assert parsed["1.003583"].service_level == 1


def test_many_groups_with_free_text_headings(parsed):
    groups = list(dict.fromkeys(d.group for d in parsed["1.002755"].documents))
    assert groups[0] == "Gia hạn tạm trú theo danh sách, hồ sơ gồm"
    assert groups[1].startswith("Gia hạn tạm trú tại nơi đơn vị đóng quân trong Công an nhân dân")
    assert groups[-1] == ""  # the closing "Lưu ý" row has no heading of its own


def test_quantities_with_copies(parsed):
    quantities = [d.quantity for d in parsed["1.012694"].documents]
    assert quantities[:3] == ["0 bản chính, 1 bản sao", "0 bản chính, 1 bản sao", "1 bản chính"]


def test_misaligned_documents_field_without_table_gives_no_documents(records, parsed):
    assert "Tên giấy tờ" not in records["1.001521"]["thanh_phan_ho_so"]
    assert parsed["1.001521"].documents == []


def test_documents_without_header_or_marker():
    assert parse_documents("Không có thông tin") == []
    assert parse_documents("--Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn đề nghị1 bản chính") == [
        Document(name="Đơn đề nghị", quantity="1 bản chính")
    ]


# --- legal basis ------------------------------------------------------------------------------


def test_legal_basis_title_and_number_pairs(parsed):
    assert parsed["1.000253"].legal_basis == [
        LegalDocument(
            title="Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam", number="47/2014/QH13"
        ),
        LegalDocument(
            title=(
                "Thông tư quy định cách thức thực hiện khai báo, tiếp nhận thông tin tạm trú của người nước ngoài "
                "tại Việt Nam"
            ),
            number="53/2016/TT-BCA",
        ),
    ]


def test_legal_numbers_repeated_in_their_titles_and_glued_years(parsed):
    assert parsed["1.011049"].legal_basis[:2] == [
        LegalDocument(title="Luật 51/2005/QH11", number="51/2005/QH11"),
        LegalDocument(title="Nghị định 105/2017/NĐ-CP", number="105/2017/NĐ-CP"),
    ]
    assert parsed["1.001266"].legal_basis[-1] == LegalDocument(
        title="Luật sửa đổi, bổ sung một số điều của Luật Doanh nghiệp 2020", number="76/2025/QH15"
    )


def test_a_typo_glued_inside_a_title_does_not_split_it(parsed):
    first = parsed["1.010041"].legal_basis[0]
    assert first.number == "53/2025/TT-BCA"
    assert first.title.startswith("Thông tư số 53/2025/TT-BCAngày 01/7/2025 của Bộ Công an")


def test_single_legal_document_and_empty_legal_basis(parsed):
    assert parsed["3.000360"].legal_basis == [
        LegalDocument(title="Quy định về hoạt động đào tạo và sát hạch lái xe.", number="160/2024/NĐ-CP")
    ]
    assert parsed["1.014832"].legal_basis == []
    assert parse_legal_basis("Không có thông tin") == []


# --- steps, result, names, everything "Không có thông tin" -----------------------------------


def test_steps_marked_and_plain(parsed):
    steps = parsed["1.000253"].steps
    assert [s.title for s in steps] == ["Bước 1", "Bước 2", "Bước 3"]
    assert steps[0].description == "Người khai báo tạm trú tiếp nhận thông tin tạm trú của người nước ngoài."
    plain = parsed["3.000360"].steps
    assert len(plain) == 1 and plain[0].title == "" and plain[0].description.startswith("a) Nộp hồ sơ TTHC")
    # A bare "+" before "Bước 1" is not a step.
    assert parsed["1.011049"].steps[0].title == "Bước 1"


def test_result_drops_codes_and_portal_noise(parsed):
    assert parsed["1.000253"].result.endswith("ghi vào sổ trực ban của Công an cấp xã.")
    assert parsed["1.011049"].result == (
        "Thông báo chấp nhận/không chấp nhận hồ sơ đăng ký, sử dụng tem điện tử (Mẫu số 02/TB/TEM)\n"
        "Thông báo bổ sung hồ sơ của cơ quan thuế trong trường hợp không được chấp thuận"
    )


def test_audiences_split_outside_parentheses_and_lower_case_continuations(parsed):
    assert parsed["1.000253"].audience_names == [
        "Tổ chức (không bao gồm doanh nghiệp, HTX)",
        "Công dân Việt Nam",
        "Doanh nghiệp",
        "Người nước ngoài",
    ]
    assert "Cán bộ, công chức, viên chức" in parsed["1.004327"].audience_names
    assert parsed["1.011049"].agency_names == ["Thuế tỉnh, thành phố", "Thuế cơ sở"]
    assert split_names("Không có thông tin") == []


def test_many_fields_without_information(records, parsed):
    raw, data = records["1.014832"], parsed["1.014832"]
    assert raw["co_quan_thuc_hien"] == "Không có thông tin"
    assert data.agency_names == ["Chủ tịch UBND cấp xã"]  # from co_quan_co_tham_quyen
    assert raw["yeu_cau_dieu_kien"] == "Không có thông tin" and data.conditions == ""
    assert data.receiving_address == ""


def test_long_names_are_shortened_for_the_page_title(parsed):
    data = parsed["1.012836"]
    assert len(data.official_title) > 255
    assert len(data.title) <= 255 and data.title.endswith("…")
    assert data.official_title.startswith(data.title[:-1])


def test_scalar_fields(parsed):
    data = parsed["1.001266"]
    assert data.code == "1.001266"
    assert data.sector_name == "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)"
    assert data.decision_number == "2353/QĐ-BTC"
    assert data.implementation_level == "Cấp bộ, Cấp xã"
    assert data.procedure_type


# --- xlsx and file reading --------------------------------------------------------------------


def test_xlsx_export_rows_below_the_title_block():
    rows = list(read_records(XLSX))
    assert [r["ma_thu_tuc"] for r in rows] == ["3.000164", "3.000163", "3.000165"]
    data = parse_record(rows[0])
    assert data.title == "Đăng ký nhận các thông báo, văn bản tố tụng bằng phương tiện điện tử"
    assert data.sector_name == "Tòa án"
    assert data.agency_names[0] == "Tòa án nhân dân cấp cao"
    assert len(data.agency_names) == 3
    assert data.provided == {"title", "official_title", "sector_name", "agency_names"}
    assert rows[0]["_line"] == 3


def test_gzipped_jsonl_and_line_numbers(tmp_path):
    path = tmp_path / "two.jsonl.gz"
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[:2]
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    rows = list(read_records(path))
    assert [r["_line"] for r in rows] == [1, 2]
    assert rows[1]["ma_thu_tuc"] == json.loads(lines[1])["ma_thu_tuc"]


def test_unknown_file_type_is_refused(tmp_path):
    path = tmp_path / "records.csv"
    path.write_text("x")
    with pytest.raises(ValueError, match="chỉ hỗ trợ"):
        list(read_records(path))


# --- malformed records ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (["1.000253"], "không phải đối tượng JSON"),
        ({"ten_thu_tuc": "Đăng ký khai sinh"}, "thiếu mã thủ tục"),
        ({"ma_thu_tuc": "  ", "ten_thu_tuc": "Đăng ký khai sinh"}, "thiếu mã thủ tục"),
        ({"ma_thu_tuc": "KS-01", "ten_thu_tuc": "Đăng ký khai sinh"}, "không đúng dạng 1.001193"),
        ({"ma_thu_tuc": "1.001193"}, "thiếu tên thủ tục"),
        ({"ma_thu_tuc": "1.001193", "ten_thu_tuc": "Không có thông tin"}, "thiếu tên thủ tục"),
        ({"_line": 7, "_error": "dòng không phải JSON hợp lệ (Expecting value)"}, "không phải JSON hợp lệ"),
        ({"ma_thu_tuc": 1.001193, "ten_thu_tuc": "Đăng ký khai sinh"}, "ma_thu_tuc phải là chuỗi văn bản"),
        (
            {"ma_thu_tuc": "1.001193", "ten_thu_tuc": "Đăng ký khai sinh", "thanh_phan_ho_so": ["Tờ khai"]},
            "thanh_phan_ho_so phải là chuỗi văn bản, không phải list",
        ),
    ],
)
def test_malformed_records_raise_a_one_line_reason(raw, reason):
    with pytest.raises(RecordError, match=reason) as excinfo:
        parse_record(raw)
    assert "\n" not in str(excinfo.value)


def test_broken_json_lines_are_yielded_as_errors(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text('{"ma_thu_tuc": "1.000253"\n[1, 2]\n\n{"ma_thu_tuc": "1.000254"}\n', encoding="utf-8")
    rows = list(read_records(path))
    assert [r["_line"] for r in rows] == [1, 2, 4]
    assert "JSON hợp lệ" in rows[0]["_error"] and "đối tượng JSON" in rows[1]["_error"]
    assert rows[2]["ma_thu_tuc"] == "1.000254"


def test_all_caps_word_and_dash_glued_to_legal_numbers(parsed):
    items = parsed["1.001521"].legal_basis
    assert LegalDocument(title="LUẬT Bảo hiểm xã hội", number="58/2014/QH13") in items
    dashed = next(item for item in items if item.title.startswith("Nghị định 166/2016/NĐ-CP-Quy định"))
    assert dashed.number == "166/2016/NĐ-CP"


def test_fee_note_in_double_parentheses():
    # Record 1.002010 of national_2642.jsonl.gz.
    text = (
        "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến7 Ngày làm việc50 VNĐ((áp dụng mức phí 25.000 đồng/hồ "
        "sơ kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC))"
    )
    assert parse_channels(text) == [
        Channel(
            kind="online",
            processing_time="7 ngày làm việc",
            fee=(
                "50 VNĐ (áp dụng mức phí 25.000 đồng/hồ sơ kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 "
                "theo Thông tư số 64/2025/TT-BTC)"
            ),
            description="",
        )
    ]


def test_documents_with_a_condition_inside_their_name_are_not_required_of_everyone():
    demo = Path(__file__).resolve().parents[2] / "cms" / "demo" / "data" / "procedures.jsonl"
    birth = next(raw for raw in read_records(demo) if raw.get("ma_thu_tuc") == "1.001193")
    documents = parse_record(birth).documents

    def required(prefix: str) -> bool:
        (match,) = [doc for doc in documents if doc.name.startswith(prefix)]
        return match.is_required

    assert required("Giấy chứng sinh")  # "…; trường hợp không có Giấy chứng sinh thì …": an alternative
    assert not required("Văn bản ủy quyền")  # "… trong trường hợp ủy quyền thực hiện …"
    assert not required("Tờ khai đăng ký khai sinh")  # "… (nếu người có yêu cầu lựa chọn nộp … trực tiếp …)"
