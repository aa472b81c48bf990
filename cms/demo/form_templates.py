"""The demo's downloadable form templates (mẫu đơn, tờ khai) and which required documents use them.

The .docx files in ``cms/demo/data/templates/`` are committed; this module both describes them for
``load_demo`` (``FORM_TEMPLATES``) and rebuilds them::

    .venv/bin/python -m cms.demo.form_templates

The fields follow the official declarations (hộ tịch forms of the Ministry of Justice, form CT01
of the Ministry of Public Security) with the demo commune pre-filled as the addressee.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cms.demo.docx_writer import DocxBuilder, Span

TEMPLATE_DIR = Path(__file__).resolve().parent / "data" / "templates"
ADDRESSEE = "Ủy ban nhân dân xã Hàm Liêm, tỉnh Lâm Đồng"
PLACE_LINE = "Làm tại: xã Hàm Liêm, ngày ...... tháng ...... năm ..........."
HOTICH_BASIS = "Mẫu ban hành kèm theo Thông tư số 04/2020/TT-BTP của Bộ Tư pháp (đã được sửa đổi, bổ sung)"


@dataclass(frozen=True)
class FormTemplate:
    """One downloadable form and the required documents (by procedure code and name) it belongs to."""

    title: str
    filename: str
    codes: tuple[str, ...]
    # Lower-case phrases; a required document matches when its name or template name contains one.
    phrases: tuple[str, ...]
    build: Callable[[], DocxBuilder]

    @property
    def path(self) -> Path:
        return TEMPLATE_DIR / self.filename


def _applicant(doc: DocxBuilder, relation: str):
    doc.field("Họ, chữ đệm, tên người yêu cầu")
    doc.field("Số định danh cá nhân")
    doc.field("Nơi cư trú (1)")
    doc.field("Giấy tờ tùy thân (2)")
    doc.field(relation)


def _person(doc: DocxBuilder):
    doc.field("Họ, chữ đệm, tên")
    doc.field("Ngày, tháng, năm sinh")
    doc.fields_row("Giới tính", "Dân tộc", "Quốc tịch")
    doc.field("Số định danh cá nhân")


RESIDENCE_NOTE = (
    "(1) Ghi theo nơi đăng ký thường trú; nếu không có nơi thường trú thì ghi nơi đăng ký tạm trú; "
    "nếu không có cả hai thì ghi nơi đang sinh sống."
)
ID_NOTE = (
    "(2) Ghi loại giấy tờ tùy thân, số, cơ quan cấp, ngày cấp (ví dụ: Thẻ căn cước số 060123456789 "
    "do Bộ Công an cấp ngày 20/10/2024). Nếu đã khai số định danh cá nhân thì có thể bỏ trống."
)
PROMISE = (
    "Tôi cam đoan nội dung đề nghị trên đây là đúng sự thật và chịu hoàn toàn trách nhiệm trước "
    "pháp luật về nội dung cam đoan của mình."
)


def build_birth() -> DocxBuilder:
    doc = DocxBuilder(title="Tờ khai đăng ký khai sinh", subject="Thủ tục đăng ký khai sinh (1.001193)")
    doc.national_header()
    doc.title_block("TỜ KHAI ĐĂNG KÝ KHAI SINH")
    doc.addressee(ADDRESSEE)
    _applicant(doc, "Quan hệ với người được khai sinh")
    doc.paragraph(Span("Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:", bold=True), before=120)
    doc.field("Họ, chữ đệm, tên")
    doc.field("Ngày, tháng, năm sinh")
    doc.field("Ghi bằng chữ")
    doc.fields_row("Giới tính", "Dân tộc", "Quốc tịch")
    doc.field("Nơi sinh (3)")
    doc.field("Quê quán")
    doc.paragraph(Span("Thông tin về người mẹ", bold=True), before=120)
    doc.field("Họ, chữ đệm, tên người mẹ")
    doc.fields_row("Năm sinh", "Dân tộc", "Quốc tịch")
    doc.field("Số định danh cá nhân")
    doc.field("Nơi cư trú (1)")
    doc.paragraph(Span("Thông tin về người cha", bold=True), before=120)
    doc.field("Họ, chữ đệm, tên người cha")
    doc.fields_row("Năm sinh", "Dân tộc", "Quốc tịch")
    doc.field("Số định danh cá nhân")
    doc.field("Nơi cư trú (1)")
    doc.paragraph(
        "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, được sự thỏa thuận "
        "nhất trí của các bên liên quan theo quy định pháp luật. Tôi chịu hoàn toàn trách nhiệm trước "
        "pháp luật về nội dung cam đoan của mình.",
        before=120,
        indent=567,
    )
    doc.checkbox_line("Đề nghị cấp bản sao (4)", ["Có", "Không"], "số lượng: ........ bản")
    doc.signature_block(PLACE_LINE, [("Người yêu cầu", "(Ký, ghi rõ họ, chữ đệm, tên)")])
    doc.notes(
        "Chú thích:",
        [
            RESIDENCE_NOTE,
            ID_NOTE,
            "(3) Trẻ em sinh tại cơ sở y tế thì ghi tên cơ sở y tế và địa danh hành chính nơi có cơ sở "
            "đó (ví dụ: Trạm Y tế xã Hàm Liêm, tỉnh Lâm Đồng); sinh ngoài cơ sở y "
            "tế thì ghi địa danh hành chính nơi sinh.",
            "(4) Đánh dấu X vào ô nếu có yêu cầu cấp bản sao và ghi rõ số lượng.",
            HOTICH_BASIS + ".",
        ],
    )
    return doc


def build_marriage() -> DocxBuilder:
    doc = DocxBuilder(title="Tờ khai đăng ký kết hôn", subject="Thủ tục đăng ký kết hôn (1.000894)")
    doc.national_header()
    doc.title_block("TỜ KHAI ĐĂNG KÝ KẾT HÔN")
    doc.addressee(ADDRESSEE)
    doc.table(
        [
            ["Thông tin", "Bên nữ", "Bên nam"],
            ["Họ, chữ đệm, tên", "", ""],
            ["Ngày, tháng, năm sinh", "", ""],
            ["Dân tộc", "", ""],
            ["Quốc tịch", "", ""],
            ["Số định danh cá nhân", "", ""],
            ["Nơi cư trú (1)", "\n", "\n"],
            ["Giấy tờ tùy thân (2)", "\n", "\n"],
            ["Kết hôn lần thứ mấy (3)", "", ""],
        ],
        widths=[30, 35, 35],
    )
    doc.paragraph(
        "Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng tôi là tự "
        "nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình Việt Nam. Chúng tôi chịu hoàn toàn "
        "trách nhiệm trước pháp luật về nội dung cam đoan của mình. Đề nghị Quý cơ quan đăng ký.",
        indent=567,
    )
    doc.checkbox_line("Đề nghị cấp bản sao Trích lục kết hôn (4)", ["Có", "Không"], "số lượng: ........ bản")
    doc.signature_block(
        PLACE_LINE,
        [("Bên nữ", "(Ký, ghi rõ họ, chữ đệm, tên)"), ("Bên nam", "(Ký, ghi rõ họ, chữ đệm, tên)")],
    )
    doc.notes(
        "Chú thích:",
        [
            RESIDENCE_NOTE,
            ID_NOTE,
            "(3) Ghi rõ kết hôn lần thứ nhất, lần thứ hai hoặc lần thứ mấy.",
            "(4) Đánh dấu X vào ô nếu có yêu cầu cấp bản sao và ghi rõ số lượng.",
            "Hai bên nam, nữ có thể khai chung vào một tờ khai. " + HOTICH_BASIS + ".",
        ],
    )
    return doc


def build_death() -> DocxBuilder:
    doc = DocxBuilder(title="Tờ khai đăng ký khai tử", subject="Thủ tục đăng ký khai tử (1.000656)")
    doc.national_header()
    doc.title_block("TỜ KHAI ĐĂNG KÝ KHAI TỬ")
    doc.addressee(ADDRESSEE)
    _applicant(doc, "Quan hệ với người đã chết")
    doc.paragraph(Span("Đề nghị cơ quan đăng ký khai tử cho người có tên dưới đây:", bold=True), before=120)
    _person(doc)
    doc.field("Nơi cư trú cuối cùng (1)")
    doc.field("Đã chết vào lúc: ...... giờ ...... phút, ngày ...... tháng ...... năm")
    doc.field("Nơi chết (3)")
    doc.field("Nguyên nhân chết")
    doc.field("Số Giấy báo tử hoặc giấy tờ thay Giấy báo tử (4)")
    doc.fields_row("Ngày cấp", "Cơ quan cấp")
    doc.paragraph(PROMISE, before=120, indent=567)
    doc.checkbox_line("Đề nghị cấp bản sao Trích lục khai tử (5)", ["Có", "Không"], "số lượng: ........ bản")
    doc.signature_block(PLACE_LINE, [("Người yêu cầu", "(Ký, ghi rõ họ, chữ đệm, tên)")])
    doc.notes(
        "Chú thích:",
        [
            RESIDENCE_NOTE,
            ID_NOTE,
            "(3) Chết tại cơ sở y tế thì ghi tên cơ sở y tế và địa danh hành chính nơi có cơ sở đó; "
            "chết ngoài cơ sở y tế thì ghi địa danh hành chính nơi chết.",
            "(4) Giấy báo tử do cơ sở y tế, Ủy ban nhân dân cấp xã hoặc cơ quan có thẩm quyền cấp; ghi rõ "
            "tên giấy tờ nếu là giấy tờ thay thế.",
            "(5) Đánh dấu X vào ô nếu có yêu cầu cấp bản sao và ghi rõ số lượng. " + HOTICH_BASIS + ".",
        ],
    )
    return doc


def build_marital_status() -> DocxBuilder:
    doc = DocxBuilder(
        title="Tờ khai cấp Giấy xác nhận tình trạng hôn nhân",
        subject="Thủ tục cấp Giấy xác nhận tình trạng hôn nhân (1.004873)",
    )
    doc.national_header()
    doc.title_block("TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN")
    doc.addressee(ADDRESSEE)
    _applicant(doc, "Quan hệ với người được cấp Giấy xác nhận tình trạng hôn nhân")
    doc.paragraph(
        Span("Đề nghị cấp Giấy xác nhận tình trạng hôn nhân cho người có tên dưới đây:", bold=True), before=120
    )
    _person(doc)
    doc.field("Giấy tờ tùy thân (2)")
    doc.field("Nơi cư trú (1)")
    doc.field("Trong thời gian cư trú tại (3)")
    doc.fields_row("từ ngày", "đến ngày")
    doc.field("Tình trạng hôn nhân (4)")
    doc.dotted_line()
    doc.field("Mục đích sử dụng Giấy xác nhận tình trạng hôn nhân (5)")
    doc.dotted_line()
    doc.paragraph(PROMISE, before=120, indent=567)
    doc.signature_block(PLACE_LINE, [("Người yêu cầu", "(Ký, ghi rõ họ, chữ đệm, tên)")])
    doc.notes(
        "Chú thích:",
        [
            RESIDENCE_NOTE,
            ID_NOTE,
            "(3) Chỉ khai khi đề nghị xác nhận tình trạng hôn nhân trong thời gian cư trú trước đây ở nơi khác.",
            "(4) Người chưa từng kết hôn ghi “Chưa kết hôn với ai”; người đang có vợ, chồng ghi “Hiện tại "
            "đang có vợ (chồng) là bà (ông) …”; người đã ly hôn hoặc có vợ, chồng đã chết ghi rõ “Có đăng ký "
            "kết hôn, nhưng đã ly hôn theo Bản án (Quyết định) số … ngày … của Tòa án …” hoặc “… nhưng vợ "
            "(chồng) đã chết theo Trích lục khai tử số …”.",
            "(5) Ghi rõ mục đích, ví dụ: để đăng ký kết hôn với ông (bà) …, sinh năm …, nơi cư trú …; "
            "hoặc để làm thủ tục mua bán nhà đất. Không được để trống. " + HOTICH_BASIS + ".",
        ],
    )
    return doc


def build_copy_certification() -> DocxBuilder:
    doc = DocxBuilder(
        title="Phiếu yêu cầu chứng thực bản sao từ bản chính",
        subject="Chứng thực bản sao từ bản chính (2.000815)",
    )
    doc.national_header()
    doc.title_block(
        "PHIẾU YÊU CẦU CHỨNG THỰC BẢN SAO TỪ BẢN CHÍNH",
        "(Mẫu tham khảo của Bộ phận Một cửa; không bắt buộc, giúp ghi đúng số trang, số bản và lệ phí)",
    )
    doc.addressee(ADDRESSEE)
    doc.field("Họ, chữ đệm, tên người yêu cầu")
    doc.field("Số định danh cá nhân hoặc số giấy tờ tùy thân")
    doc.field("Nơi cư trú")
    doc.field("Số điện thoại")
    doc.paragraph(Span("Đề nghị chứng thực bản sao từ bản chính các giấy tờ, văn bản sau:", bold=True), before=120)
    doc.table(
        [["TT", "Tên giấy tờ, văn bản (bản chính)", "Số trang", "Số bản sao cần chứng thực"]]
        + [[str(i), "", "", ""] for i in range(1, 6)],
        widths=[8, 52, 15, 25],
    )
    doc.checkbox_line("Nhận kết quả", ["Tại Bộ phận Một cửa", "Qua dịch vụ bưu chính công ích"])
    doc.paragraph(
        "Tôi xin chịu trách nhiệm về tính hợp pháp của bản chính giấy tờ, văn bản đã xuất trình để chứng thực bản sao.",
        before=120,
        indent=567,
    )
    doc.signature_block(PLACE_LINE, [("Người yêu cầu", "(Ký, ghi rõ họ, chữ đệm, tên)")])
    doc.notes(
        "Lưu ý:",
        [
            "Danh mục thủ tục quốc gia không quy định tờ khai cho thủ tục này: người yêu cầu chỉ cần xuất "
            "trình bản chính (và bản sao nếu đã có); phiếu này chỉ để Bộ phận Một cửa ghi nhận yêu cầu.",
            "Lệ phí tại Ủy ban nhân dân cấp xã: 2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang, "
            "tối đa không quá 200.000 đồng/bản; trang tính theo bản chính.",
        ],
    )
    return doc


def build_residence_ct01() -> DocxBuilder:
    doc = DocxBuilder(
        title="Tờ khai thay đổi thông tin cư trú (Mẫu CT01)",
        subject="Đăng ký thường trú, tạm trú, tách hộ và các thủ tục cư trú khác",
        author="Công an xã Hàm Liêm",
    )
    doc.national_header(form_code="Mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA")
    doc.title_block("TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ")
    doc.addressee("Công an xã Hàm Liêm, tỉnh Lâm Đồng (1)")
    doc.field("1. Họ, chữ đệm và tên")
    doc.fields_row("2. Ngày, tháng, năm sinh", "3. Giới tính", weights=(3, 2))
    doc.field("4. Số định danh cá nhân")
    doc.fields_row("5. Số điện thoại liên hệ", "6. Email")
    doc.field("7. Họ, chữ đệm và tên chủ hộ")
    doc.field("8. Mối quan hệ với chủ hộ")
    doc.field("9. Số định danh cá nhân của chủ hộ")
    doc.field("10. Nội dung đề nghị (2)")
    doc.dotted_line()
    doc.dotted_line()
    doc.paragraph(Span("11. Những thành viên trong hộ gia đình cùng thay đổi:", bold=True), before=120)
    doc.table(
        [["TT", "Họ, chữ đệm và tên", "Ngày, tháng, năm sinh", "Giới tính", "Số định danh", "Quan hệ với chủ hộ"]]
        + [[str(i), "", "", "", "", ""] for i in range(1, 5)],
        widths=[7, 29, 16, 10, 20, 18],
    )
    doc.signature_block(
        "......, ngày ...... tháng ...... năm ...........",
        [
            ("Ý kiến của chủ hộ (3)", "(Ký, ghi rõ họ tên)"),
            ("Ý kiến của chủ sở hữu chỗ ở hợp pháp (3)", "(Ký, ghi rõ họ tên)"),
            ("Ý kiến của cha, mẹ hoặc người giám hộ (4)", "(Ký, ghi rõ họ tên)"),
            ("Người kê khai", "(Ký, ghi rõ họ tên)"),
        ],
    )
    doc.notes(
        "Chú thích:",
        [
            "(1) Cơ quan đăng ký cư trú nơi công dân thực hiện thủ tục.",
            "(2) Ghi rõ nội dung đề nghị, ví dụ: đăng ký thường trú, đăng ký tạm trú, gia hạn tạm trú, tách "
            "hộ, xác nhận thông tin về cư trú; ghi địa chỉ chỗ ở.",
            "(3) Khi đăng ký cư trú vào chỗ ở của người khác hoặc tách hộ mà cần ý kiến đồng ý.",
            "(4) Khi người đăng ký là người chưa thành niên, người hạn chế hoặc mất năng lực hành vi dân sự.",
        ],
    )
    return doc


RESIDENCE_CODES = ("1.004222", "1.004194", "1.002755", "1.010041", "1.010038", "1.003197")

FORM_TEMPLATES: tuple[FormTemplate, ...] = (
    FormTemplate(
        title="Tờ khai đăng ký khai sinh",
        filename="to-khai-dang-ky-khai-sinh.docx",
        codes=("1.001193", "1.000689"),
        phrases=("tờ khai đăng ký khai sinh",),
        build=build_birth,
    ),
    FormTemplate(
        title="Tờ khai đăng ký kết hôn",
        filename="to-khai-dang-ky-ket-hon.docx",
        codes=("1.000894",),
        phrases=("tờ khai đăng ký kết hôn",),
        build=build_marriage,
    ),
    FormTemplate(
        title="Tờ khai đăng ký khai tử",
        filename="to-khai-dang-ky-khai-tu.docx",
        codes=("1.000656",),
        phrases=("tờ khai đăng ký khai tử",),
        build=build_death,
    ),
    FormTemplate(
        title="Tờ khai cấp Giấy xác nhận tình trạng hôn nhân",
        filename="to-khai-cap-giay-xac-nhan-tinh-trang-hon-nhan.docx",
        codes=("1.004873",),
        phrases=("tờ khai cấp giấy xác nhận tình trạng hôn nhân",),
        build=build_marital_status,
    ),
    FormTemplate(
        title="Phiếu yêu cầu chứng thực bản sao từ bản chính",
        filename="phieu-yeu-cau-chung-thuc-ban-sao.docx",
        codes=("2.000815",),
        # The national record names no form: its only document is the original to be copied, and
        # the optional request slip goes with it (the importer would drop an added document).
        phrases=("bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao",),
        build=build_copy_certification,
    ),
    FormTemplate(
        title="Tờ khai thay đổi thông tin cư trú (Mẫu CT01)",
        filename="to-khai-thay-doi-thong-tin-cu-tru-ct01.docx",
        codes=RESIDENCE_CODES,
        phrases=("tờ khai thay đổi thông tin cư trú", "ct01"),
        build=build_residence_ct01,
    ),
)


def build_all(directory: Path = TEMPLATE_DIR) -> list[Path]:
    """Write every form template into ``directory`` and return the paths written."""
    paths = []
    for form in FORM_TEMPLATES:
        path = directory / form.filename
        form.build().write(path)
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in build_all():
        print(written)
