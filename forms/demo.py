"""Demo submission forms, built by ``manage.py load_demo`` through the cms demo's step hook.

Three forms follow the fields of their official declarations (tờ khai, Thông tư 04/2024/TT-BTP):
birth registration (1.001193), marriage registration (1.000894) and the certificate of marital
status (1.004873). Idempotent: pages are found by slug and left as editors may have changed them.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from cms.demo import DemoContext, register_step
from cms.models import ProcedurePage
from forms.files.services import AttachmentInput
from forms.intake.services import dossier_submit
from forms.lifecycle.services import dossier_transition
from forms.models import DeliveryMethod, Dossier, SubmissionFormIndexPage, SubmissionFormPage

NATIONALITY_HELP = "Ví dụ: Việt Nam"


def _field(kind: str, label: str, key: str, *, required: bool = True, help_text: str = "", when=None, **extra):
    value = {
        "label": label,
        "key": key,
        "help_text": help_text,
        "required": required,
        "condition_field": when[0] if when else "",
        "condition_value": when[1] if when else "",
    }
    value.update(extra)
    return (kind, value)


def _heading(text: str, help_text: str = ""):
    return ("heading", {"heading": text, "help_text": help_text})


def _person(prefix: str, *, when=None, id_required: bool = True, with_sex: bool = False, born_before: str = "") -> list:
    """The identity block every civil-status declaration repeats for a person.

    A birth date is never after today; ``born_before`` names a date field this person's birth date
    must precede (a parent's before the child's).
    """
    birth_date = _field(
        "date",
        "Ngày, tháng, năm sinh",
        f"{prefix}_birth_date",
        when=when,
        not_after_today=True,
        before_field=born_before,
    )
    fields = [_field("text", "Họ, chữ đệm, tên", f"{prefix}_name", when=when), birth_date]
    if with_sex:
        fields.append(_field("choice", "Giới tính", f"{prefix}_sex", choices="Nam\nNữ", when=when))
    fields += [
        _field("text", "Dân tộc", f"{prefix}_ethnicity", when=when, help_text="Ví dụ: Kinh"),
        _field("text", "Quốc tịch", f"{prefix}_nationality", when=when, help_text=NATIONALITY_HELP),
        _field("id_number", "Số định danh cá nhân", f"{prefix}_id_number", required=id_required, when=when),
        _field("address", "Nơi cư trú", f"{prefix}_residence", when=when),
    ]
    return fields


BIRTH = [
    (
        "step",
        {
            "title": "Người được khai sinh",
            "intro": "Khai theo giấy chứng sinh do cơ sở y tế cấp (hoặc văn bản của người làm chứng).",
            "fields": [
                _heading("Thông tin người được khai sinh"),
                _field("text", "Họ, chữ đệm, tên", "child_name"),
                _field("date", "Ngày, tháng, năm sinh", "child_birth_date", not_after_today=True),
                _field("choice", "Giới tính", "child_sex", choices="Nam\nNữ"),
                _field("text", "Dân tộc", "child_ethnicity", help_text="Ví dụ: Kinh"),
                _field("text", "Quốc tịch", "child_nationality", help_text=NATIONALITY_HELP),
                _field("text", "Nơi sinh", "child_birth_place", help_text="Tên cơ sở y tế, hoặc địa chỉ nơi sinh."),
                _field("text", "Quê quán", "child_home_town"),
            ],
        },
    ),
    (
        "step",
        {
            "title": "Cha, mẹ",
            "intro": "Thông tin của cha, mẹ như trên giấy tờ tùy thân.",
            "fields": [
                _heading("Người mẹ"),
                *_person("mother", born_before="child_birth_date"),
                _heading("Người cha", "Bỏ trống nếu chưa xác định được cha."),
                _field("yes_no", "Khai thông tin người cha", "has_father"),
                *_person("father", when=("has_father", "Có"), born_before="child_birth_date"),
                _heading("Bản sao"),
                _field("yes_no", "Đề nghị cấp bản sao Giấy khai sinh", "wants_copies"),
                _field("number", "Số bản sao", "copies", when=("wants_copies", "Có")),
            ],
        },
    ),
]

MARRIAGE = [
    (
        "step",
        {
            "title": "Bên nữ",
            "intro": "Hai bên nam, nữ cùng có mặt khi nhận Giấy chứng nhận kết hôn.",
            "fields": [
                *_person("bride"),
                _field(
                    "choice",
                    "Kết hôn lần thứ",
                    "bride_marriage_number",
                    choices="Lần đầu\nLần thứ hai\nLần thứ ba trở lên",
                ),
            ],
        },
    ),
    (
        "step",
        {
            "title": "Bên nam",
            "intro": "",
            "fields": [
                *_person("groom"),
                _field(
                    "choice",
                    "Kết hôn lần thứ",
                    "groom_marriage_number",
                    choices="Lần đầu\nLần thứ hai\nLần thứ ba trở lên",
                ),
                _heading("Cam kết"),
                _field(
                    "yes_no",
                    "Hai bên tự nguyện kết hôn, đủ điều kiện kết hôn theo Luật Hôn nhân và gia đình",
                    "voluntary",
                ),
            ],
        },
    ),
]

MARITAL_STATUS = [
    (
        "step",
        {
            "title": "Người được xác nhận",
            "intro": "Người yêu cầu cấp Giấy xác nhận tình trạng hôn nhân.",
            "fields": [
                *_person("person", with_sex=True),
                _field(
                    "text",
                    "Thời gian cư trú tại nơi cư trú trên",
                    "residence_period",
                    help_text="Ví dụ: từ 01/2015 đến nay",
                ),
                _field(
                    "choice",
                    "Tình trạng hôn nhân",
                    "marital_status",
                    choices="Chưa kết hôn với ai\nĐã kết hôn và đã ly hôn\nCó vợ/chồng đã chết\nĐang có vợ/chồng",
                ),
            ],
        },
    ),
    (
        "step",
        {
            "title": "Mục đích sử dụng",
            "intro": "",
            "fields": [
                _field(
                    "choice",
                    "Mục đích sử dụng Giấy xác nhận",
                    "purpose",
                    choices="Kết hôn\nMua bán, chuyển nhượng tài sản\nVay vốn ngân hàng\nMục đích khác",
                ),
                _field("text", "Họ, chữ đệm, tên người dự định kết hôn", "partner_name", when=("purpose", "Kết hôn")),
                _field(
                    "date",
                    "Ngày sinh người dự định kết hôn",
                    "partner_birth_date",
                    when=("purpose", "Kết hôn"),
                    not_after_today=True,
                ),
                _field("text", "Quốc tịch người dự định kết hôn", "partner_nationality", when=("purpose", "Kết hôn")),
                _field("text", "Ghi rõ mục đích", "purpose_other", when=("purpose", "Mục đích khác")),
                _field("number", "Số lượng Giấy xác nhận đề nghị cấp", "copies"),
            ],
        },
    ),
]

DEMO_FORMS = [
    ("1.001193", "dang-ky-khai-sinh", "Đăng ký khai sinh trực tuyến", BIRTH),
    ("1.000894", "dang-ky-ket-hon", "Đăng ký kết hôn trực tuyến", MARRIAGE),
    ("1.004873", "xac-nhan-tinh-trang-hon-nhan", "Cấp Giấy xác nhận tình trạng hôn nhân trực tuyến", MARITAL_STATUS),
]

INTROS = {
    "1.001193": "Khai sinh cho trẻ trong 60 ngày kể từ ngày sinh. Chuẩn bị bản chụp giấy chứng sinh và giấy tờ "
    "tùy thân của cha, mẹ.",
    "1.000894": "Một trong hai bên nộp hồ sơ; cả hai bên cùng có mặt khi nhận Giấy chứng nhận kết hôn.",
    "1.004873": "Dùng để kết hôn, giao dịch tài sản hoặc các việc khác cần chứng minh tình trạng hôn nhân.",
}


def submission_form_index(context: DemoContext) -> SubmissionFormIndexPage:
    index = SubmissionFormIndexPage.objects.child_of(context.home).first()
    if index:
        return index
    index = SubmissionFormIndexPage(
        title="Nộp hồ sơ trực tuyến",
        slug="nop-ho-so-truc-tuyen",
        intro="Các thủ tục nộp được hồ sơ trực tuyến trên cổng của xã. Bản nháp được lưu tự động.",
    )
    context.home.add_child(instance=index)
    index.save_revision().publish()
    return index


@register_step
def build_submission_forms(context: DemoContext) -> None:
    """Online forms for birth registration, marriage registration and the marital status certificate."""
    index = submission_form_index(context)
    for code, slug, title, declaration in DEMO_FORMS:
        procedure = ProcedurePage.objects.filter(code=code).first()
        if procedure is None:
            context.log(f"Bỏ qua biểu mẫu {title}: chưa có thủ tục {code}.")
            continue
        if SubmissionFormPage.objects.filter(slug=slug).exists():
            continue
        page = SubmissionFormPage(
            title=title, slug=slug, procedure=procedure, intro=INTROS[code], declaration=declaration
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        context.count("biểu mẫu nộp hồ sơ mới")


# -- sample dossiers for the demo officer --------------------------------------------------------

RESULT_NOTE = "Đã ký kết quả; mời ông/bà nhận theo cách đã chọn."
# (submission key, form slug, applicant name, ID number, phone, days since received, delivery, moves)
DEMO_DOSSIERS = [
    ("demo-ho-so-1", "dang-ky-khai-sinh", "Nguyễn Thị Hoa", "060190000101", "0912000101", 0, "counter", []),
    (
        "demo-ho-so-2",
        "dang-ky-khai-sinh",
        "Trần Văn Bình",
        "060190000102",
        "0912000102",
        1,
        "counter",
        [("processing", "Hồ sơ đủ thành phần, chuyển công chức tư pháp - hộ tịch.")],
    ),
    (
        "demo-ho-so-3",
        "dang-ky-ket-hon",
        "Lê Văn Cường",
        "060190000103",
        "0912000103",
        2,
        "counter",
        [("supplement_requested", "Bổ sung bản chụp Giấy xác nhận tình trạng hôn nhân của bên nữ (còn hạn 6 tháng).")],
    ),
    (
        "demo-ho-so-4",
        "xac-nhan-tinh-trang-hon-nhan",
        "Phạm Thị Dung",
        "060190000104",
        "0912000104",
        21,
        "counter",
        [("processing", "Đang xác minh thời gian cư trú.")],
    ),
    (
        "demo-ho-so-5",
        "xac-nhan-tinh-trang-hon-nhan",
        "Võ Minh Em",
        "060190000105",
        "0912000105",
        3,
        "post",
        [("processing", ""), ("result_ready", RESULT_NOTE)],
    ),
    (
        "demo-ho-so-6",
        "dang-ky-khai-sinh",
        "Đặng Thị Giang",
        "060190000106",
        "0912000106",
        6,
        "counter",
        [("processing", ""), ("result_ready", RESULT_NOTE), ("returned", "Đã trao Giấy khai sinh tại quầy.")],
    ),
    (
        "demo-ho-so-7",
        "dang-ky-ket-hon",
        "Huỳnh Văn Hải",
        "060190000107",
        "0912000107",
        4,
        "counter",
        [("refused", "Bên nam chưa đủ tuổi kết hôn theo Luật Hôn nhân và gia đình.")],
    ),
]
DEMO_ADDRESS = {
    "province_code": "68",
    "province": "Tỉnh Lâm Đồng",
    "commune_code": "",
    "commune": "Xã Hàm Chính",
    "detail": "Thôn 2",
}


def _demo_pdf(title: str) -> ContentFile:
    body = f"%PDF-1.4\n% {title}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return ContentFile(body.encode("utf-8"), name="tep.pdf")


@register_step
def build_demo_dossiers(context: DemoContext) -> None:
    """A few dossiers in every status, so the demo officer (canbo) finds work in the "Hồ sơ" menu.

    No e-mail address is given, so processing them in the demo sends no mail.
    """
    officer = context.users.get("canbo")
    for key, slug, name, id_number, phone, days_ago, delivery, moves in DEMO_DOSSIERS:
        if Dossier.objects.filter(submission_key=key).exists():
            continue
        page = SubmissionFormPage.objects.filter(slug=slug).select_related("procedure").first()
        if page is None or page.procedure is None:
            continue
        if delivery == DeliveryMethod.POST and not page.procedure.postal_return:
            delivery = DeliveryMethod.COUNTER
        applicant = {"full_name": name, "id_number": id_number, "phone": phone, "email": ""}
        rows = [["Họ, chữ đệm, tên", name], ["Số định danh cá nhân", id_number], ["Số điện thoại", phone]]
        dossier = dossier_submit(
            form_page=page,
            applicant=applicant,
            answers={},
            snapshot=[{"step": "nguoi-nop", "title": "Người nộp hồ sơ", "rows": rows}],
            attachments=[
                AttachmentInput(slot=str(doc.pk), label=doc.name, name=f"{doc.name}.pdf", file=_demo_pdf(doc.name))
                for doc in page.procedure.required_documents.all()
            ],
            delivery_method=delivery,
            delivery_address=DEMO_ADDRESS if delivery == DeliveryMethod.POST else None,
            submission_key=key,
            received_at=timezone.now() - timedelta(days=days_ago),
        )
        for status, note in moves:
            result = (
                [AttachmentInput(slot="", label="Kết quả giải quyết", name="ket-qua.pdf", file=_demo_pdf("Kết quả"))]
                if status == "result_ready"
                else []
            )
            dossier_transition(
                dossier=dossier,
                to_status=status,
                actor=officer,
                note=note,
                attachments=result,
                postal_tracking_number="EB000000105VN" if delivery == DeliveryMethod.POST else "",
            )
        context.count("hồ sơ mẫu mới")
