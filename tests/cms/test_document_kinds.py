"""Classification of required documents (issue 11) on 22 real records of data/tthc/cap_xa.jsonl,
copied to tests/cms/data/document_kinds.jsonl.gz. The expected kinds were written by reading each
record's "thành phần hồ sơ", not taken from the classifier."""

from collections import Counter
from importlib import import_module
from pathlib import Path

import pytest

from cms.catalogue.documents import CONDITIONAL, EFORM, KINDS, NOTE, PRESENT, REQUIRED, _sentence, classify_document
from cms.importer import parse_record, read_records
from cms.models import DocumentKind, ProcedureDocument
from tests import factories

SAMPLE = Path(__file__).parent / "data" / "document_kinds.jsonl.gz"


@pytest.fixture(scope="module")
def documents() -> dict[str, list]:
    return {raw["ma_thu_tuc"]: parse_record(raw).documents for raw in read_records(SAMPLE)}


# Every row, in the catalogue's order: (kind, how its name starts).
EXPECTED = {
    "1.002755": [  # Gia hạn tạm trú
        (REQUIRED, "Tờ khai thay đổi thông tin cư trú (của t"),
        (REQUIRED, "Văn bản đề nghị gia hạn tạm trú trong đó"),
        (CONDITIONAL, "Đối với Quân đội nhân dân: Giấy giới thi"),
        (CONDITIONAL, "Đối với Công an nhân dân: Giấy giới thiệ"),
        (REQUIRED, "Tờ khai thay đổi thông tin cư trú (Mẫu C"),
        (REQUIRED, "Tờ khai thay đổi thông tin cư trú (Mẫu C"),
        (NOTE, "Lưu ý:- Trường hợp nộp hồ sơ trực tiếp t"),
    ],
    "1.003677": [  # Khai báo tạm vắng: two cases of Điều 31 Luật Cư trú, as groups
        (CONDITIONAL, "Đề nghị khai báo tạm vắng"),
        (CONDITIONAL, "Văn bản đồng ý của cơ quan có thẩm quyền"),
        (CONDITIONAL, "Nội dung khai báo tạm vắng gồm: họ và tê"),
    ],
    "1.004194": [  # Đăng ký tạm trú
        (NOTE, "Ví dụ: Trường hợp giấy tờ, tài liệu chứn"),
        (REQUIRED, "Thông tin chứng minh về chỗ ở hợp pháp đ"),
        (REQUIRED, "Tờ khai thay đổi thông tin cư trú (Mẫu C"),
        (REQUIRED, "Tờ khai thay đổi thông tin cư trú (của t"),
        (REQUIRED, "Văn bản đề nghị đăng ký tạm trú, trong đ"),
        (CONDITIONAL, "Đối với Quân đội nhân dân: Giấy giới thi"),
        (REQUIRED, "Tờ khai thay đổi thông tin cư trú (Mẫu C"),
        (CONDITIONAL, "Đối với Công an nhân dân: Giấy giới thiệ"),
        (NOTE, "Lưu ý: - Trường hợp giấy tờ, tài liệu ch"),
    ],
    "1.010038": [  # Tách hộ
        (NOTE, "Việc nộp hồ sơ đăng ký cư trú - Trường h"),
        (CONDITIONAL, "Tờ khai thay đổi thông tin cư trú (Mẫu C"),
        (CONDITIONAL, "Giấy tờ, tài liệu chứng minh việc ly hôn"),
        (REQUIRED, "Tờ khai thay đổi thông tin cư trú (Mẫu C"),
    ],
    "1.010040": [  # Khai báo thông tin về cư trú
        (NOTE, "Lưu ý: - Người nước ngoài được nhập quốc"),
        (CONDITIONAL, "Giấy tờ, tài liệu khác (nếu có)."),
        (REQUIRED, "Tờ khai thay đổi thông tin cư trú (Mẫu C"),
    ],
    "1.010041": [  # Xác nhận thông tin về cư trú
        (REQUIRED, "Tờ khai thay đổi thông tin cư trú (Mẫu C"),
        (NOTE, "Lưu ý: Khi nộp hồ sơ trực tuyến, công dâ"),
    ],
    "1.010101": [  # Khai thác thông tin công dân
        (REQUIRED, "Phiếu đề nghị giải quyết thủ tục về căn "),
        (PRESENT, "Xuất trình giấy tờ hợp lệ chứng minh thô"),
    ],
    "1.012566": [  # Xác nhận số chứng minh nhân dân 09 số
        (REQUIRED, "Phiếu đề nghị giải quyết thủ tục về căn "),
        (CONDITIONAL, "Giấy chứng minh nhân dân 09 số (nếu có)."),
    ],
    "1.014058": [  # Thu thập thông tin sinh trắc học về ADN
        (CONDITIONAL, "Giấy tờ, tài liệu có giá trị pháp lý xác"),
        (REQUIRED, "Phiếu đề nghị giải quyết thủ tục về căn "),
        (PRESENT, "Xuất trình thẻ căn cước của công dân để "),
    ],
    "1.014059": [  # Thu thập thông tin sinh trắc học về giọng nói
        (CONDITIONAL, "Văn bản cam kết bảo đảm sức khỏe bình th"),
        (CONDITIONAL, "Giấy tờ, tài liệu có giá trị pháp lý xác"),
        (REQUIRED, "Phiếu đề nghị giải quyết thủ tục về căn "),
        (PRESENT, "Xuất trình thẻ căn cước của công dân để "),
    ],
    "1.014060": [  # Tích hợp, cập nhật thông tin trên thẻ căn cước: two cut-off fragments are notes
        (NOTE, "(đối với trường hợp tích hợp, cập nhật, "),
        (REQUIRED, "Phiếu đề nghị giải quyết thủ tục về căn "),
        (PRESENT, "Xuất trình thẻ căn cước của công dân để "),
        (REQUIRED, "Phiếu thu nhận thông tin căn cước (Mẫu C"),
        (NOTE, "đối với trường hợp tích hợp thông tin tr"),
    ],
    "1.014064": [  # Cấp lại thẻ căn cước
        (EFORM, "Phiếu này là biểu mẫu điện tử, công dân "),
        (REQUIRED, "Phiếu đề nghị giải quyết thủ tục về căn "),
        (REQUIRED, "Giấy tờ, tài liệu có giá trị pháp lý chứ"),
        (REQUIRED, "Phiếu CC01 được tạo lập khi trích xuất t"),
    ],
    "1.014068": [  # Cấp lại giấy chứng nhận căn cước: "0 bản chính" is never required
        (CONDITIONAL, "Phiếu được tạo lập khi trích xuất thông "),
        (REQUIRED, "Phiếu thu nhận thông tin căn cước (Mẫu C"),
        (REQUIRED, "Phiếu đề nghị giải quyết thủ tục về căn "),
        (NOTE, "Trường hợp thông tin người gốc Việt Nam "),
    ],
    "3.000228": [  # Cấp tài khoản định danh điện tử mức độ 2
        (PRESENT, "Xuất trình thẻ Căn cước công dân gắn chi"),
        (REQUIRED, "Phiếu đề nghị cấp tài khoản định danh đi"),
        (NOTE, "Trong đó cung cấp rõ số thuê bao di động"),
        # An instruction rather than a paper, conditional through its group; editors may make it a note.
        (CONDITIONAL, "Công dân chuẩn bị hồ sơ và thực hiện đồn"),
    ],
    "1.004335": [  # Giải quyết khiếu nại
        (REQUIRED, "Các tài liệu khác có liên quan"),
        (REQUIRED, "Đơn khiếu nại hoặc bản ghi lời khiếu nại"),
        (REQUIRED, "Quyết định giải quyết khiếu nại"),
        (CONDITIONAL, "Biên bản tổ chức đối thoại (nếu có)"),
        (CONDITIONAL, "Biên bản kiểm tra, xác minh, kết luận, k"),
        (REQUIRED, "Thông báo thụ lý khiếu nại"),
        (REQUIRED, "Tài liệu, chứng cứ do các bên cung cấp"),
    ],
    "1.012753": [  # Đăng ký đất đai lần đầu
        (REQUIRED, "Đơn đăng ký đất đai, tài sản gắn liền vớ"),
        (CONDITIONAL, "Văn bản về việc đại diện theo quy định c"),
        (CONDITIONAL, "Sơ đồ hoặc bản trích lục bản đồ địa chín"),
        (CONDITIONAL, "Văn bản thỏa thuận về việc cấp chung một"),
        (REQUIRED, "Quyết định vị trí đóng quân hoặc văn bản"),
        (REQUIRED, "Báo cáo kết quả rà soát hiện trạng sử dụ"),
        (CONDITIONAL, "Chứng từ thực hiện nghĩa vụ tài chính, g"),
    ],
    "1.010092": [  # Trợ cấp tiền tuất, tai nạn: cases a) and b) as groups
        (CONDITIONAL, "Thành phần hồ sơ của người tham gia lực "),
        (CONDITIONAL, "Thành phần hồ sơ của UBND cấp xã lập gửi"),
        (CONDITIONAL, "Thành phần hồ sơ của UBND cấp xã lập gửi"),
        (CONDITIONAL, "Thành phần hồ sơ của người đại diện hợp "),
    ],
    "1.001612": [  # Đăng ký thành lập hộ kinh doanh
        (CONDITIONAL, "(iv) Trường hợp ủy quyền cho đơn vị cung"),
        (CONDITIONAL, "(v) Người ủy quyền và người được ủy quyề"),
        (CONDITIONAL, "(ii) Trường hợp ủy quyền cho tổ chức thự"),
        (CONDITIONAL, "(iii) Trường hợp ủy quyền cho đơn vị cun"),
        (CONDITIONAL, "(i) Trường hợp ủy quyền cho cá nhân thực"),
        (CONDITIONAL, "Trường hợp chưa có tài khoản định danh đ"),
        (REQUIRED, "Giấy đề nghị đăng ký hộ kinh doanh"),
        (CONDITIONAL, "Bản sao văn bản ủy quyền của thành viên "),
    ],
    "1.012538": [  # Chế độ cho lực lượng bảo vệ an ninh, trật tự ở cơ sở
        (CONDITIONAL, "Giấy ra viện hoặc trích sao hồ sơ bệnh á"),
        (CONDITIONAL, "Trường hợp bị tai nạn giao thông thì có "),
        (REQUIRED, "Đơn đề nghị trợ cấp tai nạn, trợ cấp tiề"),
        (REQUIRED, "Biên bản giám định mức suy giảm khả năng"),
        (CONDITIONAL, "Giấy ra viện hoặc trích sao hồ sơ bệnh á"),
        (REQUIRED, "Bản sao giấy chứng tử hoặc trích lục kha"),
        (CONDITIONAL, "Trường hợp bị tai nạn giao thông dẫn đến"),
        (REQUIRED, "Đơn đề nghị trợ cấp tai nạn, trợ cấp tiề"),
        (NOTE, "Khi các cơ quan quản lý nhà nước hoàn th"),
    ],
}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_every_row_of_small_records_gets_its_kind(documents, code):
    assert [(d.kind, d.name[:40]) for d in documents[code]] == EXPECTED[code]


def test_the_sample_holds_22_records(documents):
    assert len(documents) == 22


# The civil-status procedures (Decree 123/2015/NĐ-CP, online under Circular 01/2022/TT-BTP) carry
# a dozen "Lưu ý" rows, the papers shown at the counter and the electronic declaration.
@pytest.mark.parametrize(
    ("code", "counts"),
    [
        ("1.001193", {REQUIRED: 1, CONDITIONAL: 4, PRESENT: 2, NOTE: 25, EFORM: 1}),  # đăng ký khai sinh
        ("1.000094", {REQUIRED: 2, CONDITIONAL: 1, PRESENT: 2, NOTE: 18, EFORM: 1}),  # kết hôn, biên giới
        ("1.004873", {CONDITIONAL: 3, PRESENT: 2, NOTE: 26, EFORM: 1}),  # xác nhận tình trạng hôn nhân
    ],
)
def test_civil_status_records_count_each_kind(documents, code, counts):
    assert Counter(d.kind for d in documents[code]) == counts


def test_birth_registration_asks_to_upload_only_the_birth_certificate_and_its_cases(documents):
    rows = {d.name[:30]: d for d in documents["1.001193"]}
    uploads = [(d.kind, d.name[:30], d.condition) for d in documents["1.001193"] if d.kind in (REQUIRED, CONDITIONAL)]
    assert sorted(uploads) == sorted(
        [
            (REQUIRED, "Giấy chứng sinh; trường hợp kh", ""),
            (CONDITIONAL, "Trường hợp trẻ em bị bỏ rơi th", "Trường hợp trẻ em bị bỏ rơi"),
            (
                CONDITIONAL,
                "Văn bản ủy quyền (được chứng t",
                "Trường hợp ủy quyền thực hiện việc đăng ký khai sinh",
            ),
            (
                CONDITIONAL,
                "Trường hợp khai sinh cho trẻ e",
                "Trường hợp khai sinh cho trẻ em sinh ra do mang thai hộ",
            ),
            (
                CONDITIONAL,
                "Tờ khai đăng ký khai sinh theo",
                "Nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tiếp "
                "hoặc gửi hồ sơ qua hệ thống bưu chính",
            ),
        ]
    )
    assert rows["Mẫu hộ tịch điện tử tương tác "].kind == EFORM
    assert rows["Hộ chiếu/Thẻ căn cước công dân"].kind == PRESENT
    # "0 bản chính" rows of the "Giấy tờ phải xuất trình" group are advice, not papers.
    assert rows["Trường hợp gửi hồ sơ qua hệ th"].kind == NOTE
    # The line that introduces the list ends with ":".
    assert rows["Người có yêu cầu đăng ký khai "].kind == NOTE


def test_conditions_read_as_a_case_the_citizen_can_tick(documents):
    conditions = {(d.name[:30], d.condition) for code in documents for d in documents[code] if d.condition}
    assert (
        "Đề nghị khai báo tạm vắng",
        "Trường hợp công dân thuộc quy định tại điểm a, điểm b khoản 1 Điều 31 Luật Cư trú",
    ) in (conditions)
    assert (
        "Tờ khai thay đổi thông tin cư ",
        "Trường hợp thành viên hộ gia đình đăng ký tách hộ là vợ, chồng đã ly hôn mà vẫn được ở cùng chỗ ở hợp pháp",
    ) in conditions
    assert ("Đối với Quân đội nhân dân: Giấ", "Đối với Quân đội nhân dân") in conditions
    assert ("Biên bản tổ chức đối thoại (nế", "Nếu có") in conditions
    assert (
        "(i) Trường hợp ủy quyền cho cá",
        "Trường hợp ủy quyền cho cá nhân thực hiện thủ tục đăng ký hộ kinh doanh",
    ) in conditions
    assert ("Phiếu được tạo lập khi trích x", "Nếu có") in conditions  # "0 bản chính"
    assert all(d.condition == "" for code in documents for d in documents[code] if d.kind != CONDITIONAL)


@pytest.mark.parametrize(
    ("name", "group", "quantity", "expected"),
    [
        ("Tờ khai đăng ký khai tử", "", "1 bản chính", (REQUIRED, "")),
        ("Tờ khai đăng ký khai tử", "Giấy tờ phải nộp", "", (REQUIRED, "")),
        ("Giấy báo tử", "Giấy tờ phải xuất trình", "1 bản chính", (PRESENT, "")),
        ("Giấy báo tử", "Lưu ý", "1 bản chính", (NOTE, "")),
        ("Lưu ý: bản chụp phải rõ nét.", "", "1 bản chính", (NOTE, "")),
        ("Người yêu cầu nộp các giấy tờ sau:", "", "1 bản chính", (NOTE, "")),
        ("Tờ khai hải quan:", "", "02 bản chính", (REQUIRED, "")),
        ("Giấy tờ khác", "", "0 bản chính, 0 bản sao", (CONDITIONAL, "Nếu có")),
        ("Người tiếp nhận kiểm tra hồ sơ.", "", "0 bản chính, 0 bản sao", (NOTE, "")),
        ("Biểu mẫu điện tử tương tác đăng ký khai tử", "", "1 bản chính", (EFORM, "")),
        (
            "Giấy tờ chứng minh nơi cư trú",
            "b) Trường hợp người chết ở nước ngoài:",
            "1 bản chính",
            (CONDITIONAL, "Trường hợp người chết ở nước ngoài"),
        ),
        ("Văn bản ủy quyền nếu có", "", "1 bản chính", (REQUIRED, "")),  # "nếu có" outside brackets names no case
    ],
)
def test_classify_document_rules(name, group, quantity, expected):
    assert classify_document(name, group, quantity) == expected


def test_the_classifier_speaks_the_model_choices():
    assert set(KINDS) == set(DocumentKind.values)
    assert dict(DocumentKind.choices) == {
        "required": "Bắt buộc nộp",
        "conditional": "Nộp trong trường hợp cụ thể",
        "present": "Chỉ xuất trình tại Bộ phận Một cửa",
        "note": "Lưu ý (không phải giấy tờ)",
        "eform": "Tờ khai điện tử (thay bằng biểu mẫu trực tuyến)",
    }


def test_is_required_is_the_required_kind_and_can_still_be_set():
    document = ProcedureDocument(name="Giấy chứng sinh")
    assert document.kind == DocumentKind.REQUIRED and document.is_required
    document.is_required = False
    assert document.kind == DocumentKind.CONDITIONAL and not document.is_required
    document.kind = DocumentKind.NOTE
    document.is_required = False  # a note stays a note
    assert document.kind == DocumentKind.NOTE
    document.is_required = True
    assert document.kind == DocumentKind.REQUIRED
    assert ProcedureDocument(name="x", is_required=False).kind == DocumentKind.CONDITIONAL


def test_admin_edits_kind_and_condition():
    names = [getattr(panel, "field_name", None) for panel in _flatten(ProcedureDocument.panels)]
    assert "kind" in names and "condition" in names and "is_required" not in names


def _flatten(panels):
    for panel in panels:
        children = getattr(panel, "children", None)
        if children:
            yield from _flatten(children)
        else:
            yield panel


@pytest.mark.django_db
def test_the_data_migration_classifies_existing_rows_and_the_latest_revision(procedure_index):
    from django.apps import apps

    page = factories.procedure_make(parent=procedure_index, documents=0)
    page.required_documents.add(ProcedureDocument(name="Giấy chứng sinh", quantity="1 bản chính", sort_order=0))
    page.required_documents.add(
        ProcedureDocument(name="Hộ chiếu", group="Giấy tờ phải xuất trình", quantity="1 bản chính", sort_order=1)
    )
    page.required_documents.add(
        ProcedureDocument(
            name="Văn bản ủy quyền trong trường hợp ủy quyền thực hiện việc đăng ký khai sinh.",
            quantity="1 bản chính",
            sort_order=2,
        )
    )
    page.save()
    page.save_revision()  # a pending draft written before the migration: no kind in its content
    revision = page.latest_revision
    for item in revision.content["required_documents"]:
        item.pop("kind"), item.pop("condition")
        item["is_required"] = True
    revision.save(update_fields=["content"])

    import_module("cms.migrations.0004_procedure_document_kind").classify_existing(apps, None)

    assert [
        (d.name[:16], d.kind, d.condition) for d in ProcedureDocument.objects.filter(page=page).order_by("sort_order")
    ] == [
        ("Giấy chứng sinh", REQUIRED, ""),
        ("Hộ chiếu", PRESENT, ""),
        ("Văn bản ủy quyền", CONDITIONAL, "Trường hợp ủy quyền thực hiện việc đăng ký khai sinh"),
    ]
    revision.refresh_from_db()
    assert [(item["kind"], "is_required" in item) for item in revision.content["required_documents"]] == [
        (REQUIRED, False),
        (PRESENT, False),
        (CONDITIONAL, False),
    ]


# Conditions written out, one rule each (issue #19's mutation run): where a case clause ends, how
# a long one is cut, and the defaults.

ONE = "1 bản chính"


def test_a_row_without_group_or_quantity_is_required():
    assert classify_document("Tờ khai đăng ký khai sinh") == (REQUIRED, "")


def test_a_zero_quantity_paper_to_show_is_advice():
    assert classify_document("Căn cước công dân", group="Giấy tờ phải xuất trình", quantity="0 bản chính") == (
        NOTE,
        "",
    )
    assert classify_document("Căn cước công dân", group="Giấy tờ phải xuất trình", quantity=ONE) == (PRESENT, "")


@pytest.mark.parametrize(
    ("name", "group", "condition"),
    [
        # The clause ends at "thì", not at the colon further on.
        ("Trường hợp trẻ em bị bỏ rơi thì phải có biên bản xác nhận: bản chính", "", "Trường hợp trẻ em bị bỏ rơi"),
        # A clause of 20 characters or fewer is a numbered or short case: it runs on to the next stop.
        (
            "Trường hợp cải chính: sai sót do cán bộ; bản sao giấy khai sinh",
            "",
            "Trường hợp cải chính: sai sót do cán bộ",
        ),
        ("Trường hợp người khác: nộp giấy ủy quyền; kèm bản sao", "", "Trường hợp người khác"),
        # ... unless the stop is the end of the text.
        ("Văn bản ủy quyền", "Trường hợp ủy quyền, kèm theo", "Trường hợp ủy quyền"),
        # A group in brackets: brackets and marker off, a final capital letter kept.
        ("Giấy ủy quyền", "(Đối với trường hợp thuộc Phụ lục X)", "Đối với trường hợp thuộc Phụ lục X"),
        # A case inside the name loses its final colon.
        (
            "Giấy tờ chứng minh trong trường hợp được miễn lệ phí:",
            "",
            "Trường hợp được miễn lệ phí",
        ),
    ],
)
def test_the_case_clause_is_cut_where_it_ends(name, group, condition):
    assert classify_document(name, group=group, quantity=ONE) == (CONDITIONAL, condition)


def test_a_condition_of_500_characters_is_kept_whole():
    name = "Trường hợp" + " abcd" * 98
    assert len(name) == 500
    assert classify_document(name, quantity=ONE) == (CONDITIONAL, name)


@pytest.mark.parametrize(
    ("name", "condition"),
    [
        # Cut to 499 characters, then back to the last space (here at 495), and "…" added.
        ("Trường hợp" + " abcd" * 120, "Trường hợp" + " abcd" * 97 + "…"),
        # The 499th character is a space: the cut keeps everything before it.
        ("Trường hợp" + " abc" * 150, "Trường hợp" + " abc" * 122 + "…"),
    ],
)
def test_a_longer_condition_is_cut_at_a_word(name, condition):
    assert classify_document(name, quantity=ONE) == (CONDITIONAL, condition)


def test_a_long_condition_without_spaces_is_cut_at_499_characters():
    assert _sentence("x" * 600) == "X" + "x" * 498 + "…"
