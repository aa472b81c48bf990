"""Demo submission forms, fee items and sample dossiers, built by ``manage.py load_demo`` (cms demo step hook).

Three forms follow the fields of their official declarations (tờ khai, Thông tư 04/2024/TT-BTP):
birth registration (1.001193), marriage registration (1.000894) and the certificate of marital
status (1.004873). Idempotent: pages are found by slug and left as editors may have changed them.
Level 4 (issue #13): the copies these procedures issue cost 8.000 đồng each (Thông tư
281/2016/TT-BTC, as their catalogue text says), so a dossier asking for copies has a fee to pay by
VietQR transfer; sample dossiers await payment, were paid, and carry an electronic result.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from cms.demo import DemoContext, register_commune_step, register_step
from cms.models import FeeKind, ProcedureFee, ProcedurePage
from forms.backoffice.services import dossier_register
from forms.files.services import AttachmentInput
from forms.intake.documents import document_slots
from forms.intake.services import dossier_submit
from forms.lifecycle.services import ReceivedDocumentInput, dossier_apologise, dossier_transition
from forms.lifecycle.workdays import add_working_days
from forms.models import (
    DeliveryMethod,
    DocumentForm,
    Dossier,
    DossierStatus,
    PaymentSource,
    PaymentStatus,
    SubmissionChannel,
    SubmissionFormIndexPage,
    SubmissionFormPage,
)
from forms.payments.fees import amount_due, fee_channel
from forms.payments.services import payment_record

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


# The birth and marriage declarations name the people concerned: "for whom" is not asked again.
ASKS_ON_BEHALF = {"1.001193": False, "1.000894": False, "1.004873": True}


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
            title=title,
            slug=slug,
            procedure=procedure,
            intro=INTROS[code],
            declaration=declaration,
            ask_on_behalf=ASKS_ON_BEHALF[code],
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        context.count("biểu mẫu nộp hồ sơ mới")


# -- fee items (level 4) --------------------------------------------------------------------------

COPY_FEE = 8000  # đồng per copy of a civil-status extract: Thông tư 281/2016/TT-BTC


@dataclass(frozen=True)
class DemoFee:
    """One fee item a demo procedure gets when it has none (an editor's or the importer's win)."""

    kind: str
    name: str
    amount: int
    unit: str = ""
    per_copy: bool = False


DEMO_FEES = {
    # Luật Hộ tịch 2014, art. 11: registering a birth on time is free; copies are charged.
    "1.001193": (
        DemoFee(FeeKind.LE_PHI, "Lệ phí đăng ký khai sinh (đúng hạn)", 0, "lần đăng ký"),
        DemoFee(FeeKind.PHI, "Phí cấp bản sao Giấy khai sinh", COPY_FEE, "bản", per_copy=True),
    ),
    # The catalogue text: "Miễn lệ phí. Phí cấp bản sao Trích lục kết hôn (nếu có yêu cầu) thực
    # hiện theo quy định tại Thông tư số 281/2016/TT-BTC".
    "1.000894": (
        DemoFee(FeeKind.LE_PHI, "Lệ phí đăng ký kết hôn", 0, "lần đăng ký"),
        DemoFee(FeeKind.PHI, "Phí cấp bản sao Trích lục kết hôn", COPY_FEE, "bản", per_copy=True),
    ),
    # The catalogue text: 8,000 VNĐ on every channel.
    "2.000635": (DemoFee(FeeKind.PHI, "Phí cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh", COPY_FEE, "bản"),),
}


@register_step
def build_demo_fees(context: DemoContext) -> None:
    """Fee items for the demo procedures whose catalogue text states the amounts (``DEMO_FEES``).

    A procedure that already has fee items (filled by the importer or an editor) keeps them; it
    only gets the demo's per-copy fee when none of its items is per copy (the importer reads the
    catalogue's "Miễn phí" of 1.001193 as one free item, and copies are still charged, Circular
    281/2016/TT-BTC; without it the demo's paid dossier would owe nothing). One with an unpublished
    draft is left alone; the items are published in a new revision so the editor's next edit keeps
    them. Idempotent.
    """
    for page in ProcedurePage.objects.filter(code__in=DEMO_FEES).order_by("code"):
        existing = list(page.fee_items.all())
        fees = DEMO_FEES[page.code]
        if existing:
            fees = () if any(item.per_copy for item in existing) else tuple(fee for fee in fees if fee.per_copy)
        if not fees:
            continue
        if page.has_unpublished_changes:
            context.log(f"Không thêm phí, lệ phí cho {page.code}: trang đang có bản nháp chưa xuất bản.")
            continue
        draft = page.get_latest_revision_as_object()
        draft.fee_items = list(draft.fee_items.all()) + [
            ProcedureFee(
                kind=fee.kind,
                name=fee.name,
                amount=fee.amount,
                unit=fee.unit,
                per_copy=fee.per_copy,
                sort_order=len(existing) + i,
            )
            for i, fee in enumerate(fees)
        ]
        draft.save_revision(log_action=True).publish()
        context.count("thủ tục có phí, lệ phí")


# -- sample dossiers for the demo officer --------------------------------------------------------

RESULT_NOTE = "Đã ký kết quả; mời ông/bà nhận theo cách đã chọn."
ONLINE, POST, COUNTER = "online", "post", "counter"


@dataclass(frozen=True)
class DemoDossier:
    """One sample dossier: who, which form, how it came, when it was received and what happened next.

    ``days_ago`` is when it was sent (and received, unless ``received`` is False); ``moves`` are
    (status, note) pairs made by the demo officer afterwards; ``apology`` is the number of working
    days a Mẫu 04 adds to the appointment. ``extra_copies`` copies make a fee (``DEMO_FEES``);
    ``paid`` has it paid by VietQR transfer, which the officer records after seeing it in the account.
    """

    key: str
    slug: str
    name: str
    id_number: str
    phone: str
    days_ago: int
    delivery: str = "counter"
    moves: tuple = ()
    channel: str = ONLINE
    received: bool = True
    apology: int = 0
    extra_copies: int = 0
    paid: bool = False


DEMO_DOSSIERS = [
    DemoDossier("demo-ho-so-1", "dang-ky-khai-sinh", "Nguyễn Thị Hoa", "060190000101", "0912000101", 0, received=False),
    DemoDossier(
        "demo-ho-so-8",
        "dang-ky-khai-sinh",
        "Bùi Văn Khoa",
        "060190000108",
        "0912000108",
        1,
        channel=POST,
        received=False,
    ),
    DemoDossier(
        "demo-ho-so-9",
        "xac-nhan-tinh-trang-hon-nhan",
        "Ngô Thị Lan",
        "060190000109",
        "0912000109",
        1,
        received=False,
        moves=(("completion_requested", "Tờ khai chưa ghi thời gian cư trú; bổ sung và ký lại tờ khai."),),
    ),
    DemoDossier(
        "demo-ho-so-10",
        "dang-ky-ket-hon",
        "Đỗ Văn Minh",
        "060190000110",
        "0912000110",
        2,
        received=False,
        moves=(("not_received", "Hai bên cư trú tại xã khác: nộp tại UBND xã nơi cư trú của một trong hai bên."),),
    ),
    DemoDossier(
        "demo-ho-so-11", "dang-ky-khai-sinh", "Phan Thị Ngọc", "060190000111", "0912000111", 0, channel=COUNTER
    ),
    DemoDossier(
        "demo-ho-so-2",
        "dang-ky-khai-sinh",
        "Trần Văn Bình",
        "060190000102",
        "0912000102",
        1,
        moves=(("processing", "Hồ sơ đủ thành phần, chuyển công chức tư pháp - hộ tịch."),),
    ),
    DemoDossier(
        "demo-ho-so-3",
        "dang-ky-ket-hon",
        "Lê Văn Cường",
        "060190000103",
        "0912000103",
        2,
        moves=(
            (
                "supplement_requested",
                "Bổ sung bản chụp Giấy xác nhận tình trạng hôn nhân của bên nữ (còn hạn 6 tháng).",
            ),
        ),
    ),
    DemoDossier(
        "demo-ho-so-4",
        "xac-nhan-tinh-trang-hon-nhan",
        "Phạm Thị Dung",
        "060190000104",
        "0912000104",
        21,
        moves=(("processing", "Đang xác minh thời gian cư trú."),),
    ),
    DemoDossier(
        "demo-ho-so-12",
        "xac-nhan-tinh-trang-hon-nhan",
        "Lý Thị Oanh",
        "060190000112",
        "0912000112",
        3,
        moves=(("processing", "Cần xác minh nơi cư trú trước đây tại tỉnh khác."),),
        apology=3,
    ),
    DemoDossier(
        "demo-ho-so-5",
        "xac-nhan-tinh-trang-hon-nhan",
        "Võ Minh Em",
        "060190000105",
        "0912000105",
        3,
        delivery="post",
        moves=(("processing", ""), ("result_ready", RESULT_NOTE)),
    ),
    DemoDossier(
        "demo-ho-so-6",
        "dang-ky-khai-sinh",
        "Đặng Thị Giang",
        "060190000106",
        "0912000106",
        6,
        moves=(("processing", ""), ("result_ready", RESULT_NOTE), ("returned", "Đã trao Giấy khai sinh tại quầy.")),
    ),
    DemoDossier(
        "demo-ho-so-7",
        "dang-ky-ket-hon",
        "Huỳnh Văn Hải",
        "060190000107",
        "0912000107",
        4,
        moves=(("refused", "Bên nam chưa đủ tuổi kết hôn theo Luật Hôn nhân và gia đình."),),
    ),
    DemoDossier(
        "demo-ho-so-13",
        "dang-ky-ket-hon",
        "Trịnh Văn Phúc",
        "060190000113",
        "0912000113",
        1,
        extra_copies=2,
        moves=(("processing", "Hồ sơ đủ thành phần; chờ người nộp chuyển khoản phí cấp 02 bản sao."),),
    ),
    DemoDossier(
        "demo-ho-so-14",
        "dang-ky-khai-sinh",
        "Mai Thị Quỳnh",
        "060190000114",
        "0912000114",
        5,
        extra_copies=1,
        paid=True,
        moves=(
            ("processing", ""),
            ("result_ready", RESULT_NOTE),
            ("returned", "Đã trả kết quả điện tử; bản sao Giấy khai sinh trao tại quầy."),
        ),
    ),
]
DEMO_ADDRESS = {
    "province_code": "68",
    "province": "Tỉnh Lâm Đồng",
    "commune_code": "",
    "commune": "Xã Hàm Chính",
    "detail": "Thôn 2",
}
APOLOGY_REASON = "Cần xác minh thông tin cư trú tại địa phương khác; chưa nhận được văn bản trả lời."


def _demo_pdf(title: str) -> ContentFile:
    body = f"%PDF-1.4\n% {title}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return ContentFile(body.encode("utf-8"), name="tep.pdf")


def _exists(sample: DemoDossier) -> bool:
    if sample.channel == COUNTER:  # registered at the counter: no submission key
        return Dossier.objects.filter(applicant_id_number=sample.id_number, channel=SubmissionChannel.COUNTER).exists()
    return Dossier.objects.filter(submission_key=sample.key).exists()


def _make(sample: DemoDossier, page: SubmissionFormPage, officer, delivery: str, moment, site) -> Dossier:
    applicant = {"full_name": sample.name, "id_number": sample.id_number, "phone": sample.phone, "email": ""}
    address = DEMO_ADDRESS if delivery == DeliveryMethod.POST else None
    if sample.channel == COUNTER:
        return dossier_register(
            procedure=page.procedure,
            applicant=applicant,
            channel=SubmissionChannel.COUNTER,
            documents=[
                ReceivedDocumentInput(name=slot.name, form=DocumentForm.ORIGINAL, quantity=1)
                for slot in document_slots(procedure=page.procedure, form_page=page)
                if slot.required
            ]
            or [ReceivedDocumentInput(name="Tờ khai", form=DocumentForm.ORIGINAL, quantity=1)],
            delivery_method=delivery,
            delivery_address=address,
            actor=officer,
            now=moment,
            site=site,
        )
    rows = [
        ["Họ, chữ đệm, tên", sample.name],
        ["Số định danh cá nhân", sample.id_number],
        ["Số điện thoại", sample.phone],
    ]
    dossier = dossier_submit(
        form_page=page,
        applicant=applicant,
        answers={},
        snapshot=[{"step": "nguoi-nop", "title": "Người nộp hồ sơ", "rows": rows}],
        attachments=[]
        if sample.channel == POST
        else [
            AttachmentInput(slot=slot.key, label=slot.name, name=f"{slot.name[:60]}.pdf", file=_demo_pdf(slot.name))
            for slot in document_slots(procedure=page.procedure, form_page=page)
            if slot.required
        ],
        delivery_method=delivery,
        delivery_address=address,
        extra_copies=sample.extra_copies,
        submission_key=sample.key,
        channel=SubmissionChannel.POST if sample.channel == POST else SubmissionChannel.ONLINE,
        submitted_at=moment,
        site=site,
    )
    if sample.received:
        dossier_transition(dossier=dossier, to_status=DossierStatus.RECEIVED, actor=officer, now=moment)
    return dossier


def _fee_ensure(dossier: Dossier, procedure: ProcedurePage) -> None:
    """Make sure the dossier's amount due follows the procedure's fee items and its copies.

    ``dossier_submit`` computes it once the fees part of issue #13 is in; until then (and for a
    database whose dossier lacks it) the demo sets it here, so that a dossier asks for payment.
    """
    due = amount_due(
        items=list(procedure.fee_items.all()),
        channel=fee_channel(dossier.channel),
        extra_copies=dossier.extra_copies,
    ).total
    if due and dossier.amount_due != due:
        dossier.amount_due = due
        dossier.payment_status = PaymentStatus.AWAITING
        Dossier.objects.filter(pk=dossier.pk).update(amount_due=due, payment_status=PaymentStatus.AWAITING)


@register_step
def build_demo_dossiers(context: DemoContext) -> None:
    """Dossiers in every status, so the demo officer (canbo) finds work in the "Hồ sơ" menu.

    Two await reception (one online, one announced by post whose papers have not arrived), one
    was sent back to be completed (Mẫu 02), one refused at reception (Mẫu 03), one was taken at
    the counter, one is late and one carries an apology with a new date (Mẫu 04). Level 4: one
    awaits payment of its copies, one was paid by VietQR transfer and returned with an electronic
    result. No e-mail address is given, so processing them in the demo sends no mail. Idempotent.
    """
    officer = context.users.get("canbo")
    for sample in DEMO_DOSSIERS:
        dossier = _sample_build(context, sample, officer=officer, site=context.site)
        if dossier is not None and sample.extra_copies:
            # Where to try level 4 after ``make run``: the tracking page asks for this phone number.
            state = "đã thanh toán, có kết quả điện tử" if sample.paid else "chờ thanh toán"
            context.log(f"Hồ sơ mẫu {dossier.code} ({state}): tra cứu hồ sơ với số điện thoại {sample.phone}.")


def _sample_build(context: DemoContext, sample: DemoDossier, *, officer, site) -> Dossier | None:
    """Make ``sample`` in commune ``site`` with its payments, moves and apology (None: exists or cannot be made)."""
    if _exists(sample):
        return None
    page = SubmissionFormPage.objects.filter(slug=sample.slug).select_related("procedure").first()
    if page is None or page.procedure is None:
        return None
    if sample.channel == POST and not page.procedure.postal_submission:
        context.log(f"Bỏ qua hồ sơ mẫu {sample.key}: thủ tục {page.procedure.code} không nhận hồ sơ qua bưu chính.")
        return None
    delivery = sample.delivery
    if delivery == DeliveryMethod.POST and not page.procedure.postal_return:
        delivery = DeliveryMethod.COUNTER
    moment = timezone.now() - timedelta(days=sample.days_ago)
    dossier = _make(sample, page, officer, delivery, moment, site)
    _fee_ensure(dossier, page.procedure)
    if sample.paid and dossier.amount_due:
        payment_record(
            dossier=dossier,
            amount=dossier.amount_due,
            paid_on=timezone.localdate(moment),
            reference=f"FT{sample.id_number}",
            method="vietqr",
            online=True,
            source=PaymentSource.OFFICER,
            actor=officer,
        )
    for status, note in sample.moves:
        result = (
            [AttachmentInput(slot="", label="Kết quả giải quyết", name="ket-qua.pdf", file=_demo_pdf("Kết quả"))]
            if status == DossierStatus.RESULT_READY
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
    if sample.apology:
        dossier_apologise(
            dossier=dossier,
            actor=officer,
            new_due_date=add_working_days(dossier.due_date, sample.apology),
            reason=APOLOGY_REASON,
        )
    context.count("hồ sơ mẫu mới")
    return dossier


# -- sample dossiers of the other communes (load_demo --communes N, issue #17) -------------------

# (form slug, applicant names by commune number modulo the list, days ago, received, moves)
COMMUNE_SAMPLES = (
    ("dang-ky-khai-sinh", ("Nguyễn Văn Tâm", "Lê Thị Thu", "Trần Quốc Việt"), 0, False, ()),
    ("dang-ky-ket-hon", ("Phạm Thị Hằng", "Hồ Văn Lộc", "Đinh Thị Mỹ"), 1, True, ()),
    (
        "xac-nhan-tinh-trang-hon-nhan",
        ("Võ Thị Sen", "Dương Văn Toàn", "Cao Thị Yến"),
        3,
        True,
        (("processing", "Hồ sơ đủ thành phần, chuyển công chức tư pháp - hộ tịch."), ("result_ready", RESULT_NOTE)),
    ),
)


def commune_demo_dossiers(*, number: int, code: str) -> list[DemoDossier]:
    """The sample dossiers of demo commune ``number`` (unit ``code``): one awaiting reception, one
    received, one with its result ready. Keys, ID numbers and phones are the commune's own."""
    return [
        DemoDossier(
            key=f"demo-{code}-ho-so-{i}",
            slug=slug,
            name=names[number % len(names)],
            id_number=f"060190{number:03d}{i:03d}",
            phone=f"0913{number:03d}{i:03d}",
            days_ago=days_ago,
            received=received,
            moves=moves,
        )
        for i, (slug, names, days_ago, received, moves) in enumerate(COMMUNE_SAMPLES, start=1)
    ]


@register_commune_step
def build_commune_dossiers(context: DemoContext, site, number: int) -> None:
    """A few dossiers of commune ``number`` made through the shared forms, handled by its own officer
    (``canbo<number>``), so that two officers of two communes each find their own list. Idempotent."""
    from cms.models import CommuneSettings

    settings = CommuneSettings.for_site(site)
    officer = context.users.get(f"canbo{number}")
    samples = commune_demo_dossiers(number=number, code=settings.commune_code)
    for sample in samples:
        _sample_build(context, sample, officer=officer, site=site)
    # Where to try this commune's tracking page after ``make run`` (its dossier with a result).
    shown = samples[-1]
    dossier = Dossier.objects.filter(submission_key=shown.key).only("code").first()
    if dossier is not None:
        context.log(
            f"{settings.commune_name} – hồ sơ mẫu {dossier.code} (đã có kết quả): tra cứu tại "
            f"{site.root_url}/tra-cuu-ho-so/ với số điện thoại {shown.phone}."
        )
