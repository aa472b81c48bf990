"""Dossiers (hồ sơ), their status history, attachments and the per-day code sequence."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from forms.files.storage import get_private_storage
from forms.files.uploads import ALLOWED_TYPES


class DossierStatus(models.TextChoices):
    """Where a dossier stands; changes only through ``forms.lifecycle.services.dossier_transition``.

    The one-stop mechanism (Decree 61/2018/NĐ-CP as amended by Decree 107/2021/NĐ-CP, art. 19 and
    after): a dossier sent online or by post waits for an officer's check ("Chờ tiếp nhận"); the
    officer receives it (Mẫu 01), asks once for it to be completed before receiving it (Mẫu 02), or
    refuses to receive it (Mẫu 03). Labels are the national portal's words.
    """

    AWAITING_RECEPTION = "awaiting_reception", "Chờ tiếp nhận"
    COMPLETION_REQUESTED = "completion_requested", "Yêu cầu bổ sung, hoàn thiện hồ sơ"
    NOT_RECEIVED = "not_received", "Từ chối tiếp nhận"
    RECEIVED = "received", "Đã tiếp nhận"
    PROCESSING = "processing", "Đang giải quyết"
    SUPPLEMENT_REQUESTED = "supplement_requested", "Yêu cầu bổ sung hồ sơ"
    RESULT_READY = "result_ready", "Đã có kết quả"
    RETURNED = "returned", "Đã trả kết quả"
    REFUSED = "refused", "Từ chối giải quyết"


class SubmissionChannel(models.TextChoices):
    """How the dossier reached the counter (cách thức thực hiện)."""

    ONLINE = "online", "Nộp trực tuyến"
    POST = "post", "Nộp qua dịch vụ bưu chính công ích"
    COUNTER = "counter", "Nộp trực tiếp tại Bộ phận Một cửa"


class DeliveryMethod(models.TextChoices):
    """How the citizen receives the result."""

    COUNTER = "counter", "Nhận tại Bộ phận Một cửa"
    POST = "post", "Nhận qua dịch vụ bưu chính công ích"


class PaymentStatus(models.TextChoices):
    """Where a dossier's fee stands (level 4, Decree 42/2022/NĐ-CP).

    Set at submission (``dossier_submit``, ``dossier_register``: awaiting when an amount is due,
    else not required), then only by ``forms.payments.services``.
    """

    NOT_REQUIRED = "not_required", "Không phải nộp phí"
    AWAITING = "awaiting", "Chờ thanh toán"
    PARTIAL = "partial", "Đã thanh toán một phần"
    PAID = "paid", "Đã thanh toán"


def dossier_search_text(applicant_name: str, procedure_title: str) -> str:
    """What ``Dossier.search_text`` holds: the name and the title folded, one per line (a folded
    search term has no line break, so it never matches across the two). The search folds the term
    with the same ``fold``: a change to how it folds needs a data migration that fills the column
    again (as forms migration 0021 did)."""
    from search.analysis import fold

    return f"{fold(applicant_name or '')}\n{fold(procedure_title or '')}"


class Dossier(models.Model):
    """One application case: applicant, answers as submitted, files, delivery choice and status.

    ``code`` is the readable reference printed on the receipt; ``access_token`` is the secret
    that opens the tracking page and the files (the code alone is guessable and never suffices).
    """

    code = models.CharField("mã hồ sơ", max_length=40, unique=True)
    access_token = models.CharField("mã truy cập", max_length=64, unique=True, editable=False)
    submission_key = models.CharField(
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="Khóa của lần nộp (bản nháp); nộp lại cùng khóa trả về hồ sơ đã tạo thay vì tạo hồ sơ trùng.",
    )
    procedure = models.ForeignKey(
        "cms.ProcedurePage",
        verbose_name="thủ tục",
        null=True,
        on_delete=models.SET_NULL,
        related_name="dossiers",
    )
    form_page = models.ForeignKey(
        "forms.SubmissionFormPage",
        verbose_name="biểu mẫu",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossiers",
    )
    procedure_code = models.CharField("mã thủ tục", max_length=32)
    # The commune (Wagtail Site) the dossier was submitted to (issue #17): its officers handle it,
    # its settings give the code prefix, the receipt's issuer and the account for fees.
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name="xã",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    # The citizen account the dossier belongs to (submitted signed in, or added later with its code
    # and phone); none for a dossier submitted without an account. Closing the account detaches it.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản công dân",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossiers",
    )
    procedure_title = models.CharField("tên thủ tục", max_length=500)
    applicant_name = models.CharField("người nộp", max_length=255)
    # The applicant's name and the procedure's title folded (lower case, no diacritics, đ → d), one
    # per line, for the officers' search "nguyen van an" (``dossier_search_text``). Kept by ``save``:
    # neither database folds Vietnamese, and folding every row in Python took seconds over a
    # province's 100,000 dossiers (issue #17). Anonymisation empties it with the name.
    search_text = models.TextField("chuỗi tìm kiếm", blank=True, default="", editable=False)
    applicant_id_number = models.CharField("số định danh cá nhân", max_length=12)
    applicant_phone = models.CharField("số điện thoại", max_length=15, db_index=True)
    applicant_email = models.EmailField("thư điện tử", blank=True)
    applicant = models.JSONField("thông tin người nộp", default=dict)
    answers = models.JSONField("nội dung tờ khai", default=dict)
    snapshot = models.JSONField(
        "bản khai như người dân đã xem", default=list, help_text="Các mục và câu trả lời như ở bước kiểm tra lại."
    )
    delivery_method = models.CharField(
        "cách nhận kết quả", max_length=10, choices=DeliveryMethod.choices, default=DeliveryMethod.COUNTER
    )
    delivery_address = models.JSONField("địa chỉ nhận kết quả", null=True, blank=True)
    extra_copies = models.PositiveSmallIntegerField("số bản sao thêm", default=0)
    # Fees (issue #13): the case the citizen chose among the procedure's fee items, and the amount
    # due computed from it and the extra copies (``forms.payments.fees.amount_due``) at submission.
    fee_case = models.TextField("trường hợp thu phí", blank=True)
    amount_due = models.PositiveIntegerField("số tiền phải nộp (đồng)", default=0)
    amount_paid = models.PositiveIntegerField("số tiền đã nộp (đồng)", default=0)
    payment_status = models.CharField(
        "tình trạng nộp phí",
        max_length=12,
        choices=PaymentStatus.choices,
        default=PaymentStatus.NOT_REQUIRED,
        db_index=True,
    )
    paid_at = models.DateTimeField("ngày nộp đủ phí", null=True, blank=True)
    channel = models.CharField(
        "cách nộp", max_length=10, choices=SubmissionChannel.choices, default=SubmissionChannel.ONLINE
    )
    postal_item_code = models.CharField(
        "số hiệu bưu gửi hồ sơ",
        max_length=64,
        blank=True,
        help_text="Số hiệu bưu gửi của bộ hồ sơ giấy người dân gửi qua bưu chính công ích, ghi khi nhận được.",
    )
    status = models.CharField(
        "trạng thái",
        max_length=24,
        choices=DossierStatus.choices,
        default=DossierStatus.AWAITING_RECEPTION,
        db_index=True,
    )
    submitted_at = models.DateTimeField("ngày nộp", default=timezone.now)
    received_at = models.DateTimeField(
        "ngày tiếp nhận",
        null=True,
        blank=True,
        help_text="Khi cán bộ tiếp nhận hồ sơ (Mẫu 01); trống khi chờ tiếp nhận.",
    )
    processing_days = models.PositiveSmallIntegerField("thời hạn (ngày làm việc)", default=0)
    due_date = models.DateField(
        "ngày hẹn trả", null=True, blank=True, db_index=True, help_text="Tính từ ngày tiếp nhận, theo ngày làm việc."
    )
    original_due_date = models.DateField(
        "ngày hẹn trả ban đầu",
        null=True,
        blank=True,
        help_text="Ngày hẹn trước khi hẹn lại bằng phiếu xin lỗi (Mẫu 04); hồ sơ trả sau ngày này vẫn là trễ hạn.",
    )
    paused_at = models.DateTimeField(
        "tạm dừng từ", null=True, blank=True, help_text="Thời hạn dừng tính khi chờ người dân bổ sung."
    )
    completed_at = models.DateTimeField("ngày có kết quả", null=True, blank=True)
    returned_at = models.DateTimeField("ngày trả kết quả", null=True, blank=True)
    # When the officer first attached an electronic result file (issue #13: "returned online" of
    # Decision 766/QĐ-TTg). Kept after the files are deleted at the end of the retention period,
    # so the statistics do not change then.
    electronic_result_at = models.DateTimeField("ngày có kết quả điện tử", null=True, blank=True, editable=False)
    postal_tracking_number = models.CharField("số hiệu bưu gửi", max_length=64, blank=True)
    # Set when the retention period ended (Decree 13/2023/NĐ-CP): files deleted, personal fields
    # blanked by ``forms.lifecycle.retention.dossier_anonymise``; the figures stay.
    anonymised_at = models.DateTimeField("ngày xóa dữ liệu cá nhân", null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        ordering = ["due_date", "pk"]
        # Bulk exports leave the system (e-mailed, printed); the full ID number goes into them only
        # for groups given this permission. A single dossier's view shows it to every officer.
        permissions = [("export_personal_id", "Xuất số định danh cá nhân (CCCD) trong danh sách hồ sơ")]
        # The officers' work list of one commune, by due date (issue #17: 100,000 dossiers over 100 communes).
        indexes = [models.Index(fields=["site", "due_date", "id"], name="forms_dossier_site_due")]

    def __str__(self) -> str:
        return f"{self.code} – {self.procedure_title}"

    def save(self, *args, **kwargs):
        self.search_text = dossier_search_text(self.applicant_name, self.procedure_title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"applicant_name", "procedure_title"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def is_received(self) -> bool:
        """Received by an officer (the clock runs from then); not while awaiting reception or refused at it."""
        return self.received_at is not None and self.status not in BEFORE_RECEPTION_STATUSES

    @property
    def deadline(self):
        """The date the result was first promised: an apology (Mẫu 04) moves the appointment, not the deadline."""
        return self.original_due_date or self.due_date

    @property
    def is_overdue(self) -> bool:
        """Past the deadline when finished, or still open after it.

        A dossier waiting for the citizen's supplement is paused, but one that was already late when
        it paused stays late (Decree 61/2018/NĐ-CP: late results count as late whatever happens next).
        """
        deadline = self.deadline
        if deadline is None or self.status in (DossierStatus.REFUSED, *BEFORE_RECEPTION_STATUSES):
            return False
        if self.status == DossierStatus.SUPPLEMENT_REQUESTED:
            return self.paused_at is not None and timezone.localdate(self.paused_at) > deadline
        finished = self.completed_at or (self.returned_at if self.status == DossierStatus.RETURNED else None)
        day = timezone.localdate(finished) if finished else timezone.localdate()
        return day > deadline


# Before an officer has received the dossier: no deadline runs yet.
BEFORE_RECEPTION_STATUSES = (
    DossierStatus.AWAITING_RECEPTION,
    DossierStatus.COMPLETION_REQUESTED,
    DossierStatus.NOT_RECEIVED,
)
CLOSED_STATUSES = (DossierStatus.RETURNED, DossierStatus.REFUSED, DossierStatus.NOT_RECEIVED)


class EventKind(models.TextChoices):
    """What a history entry records besides (or instead of) a status change."""

    STATUS = "status", "Chuyển trạng thái"
    POSTAL_ARRIVED = "postal_arrived", "Nhận hồ sơ giấy qua bưu chính"
    APOLOGY = "apology", "Xin lỗi và hẹn lại ngày trả kết quả"
    CORRECTION = "correction", "Điều chỉnh hồ sơ đã kết thúc"
    RESULT_FILE = "result_file", "Đính kèm, thay tệp kết quả"
    ANONYMISED = "anonymised", "Xóa dữ liệu cá nhân hết thời hạn lưu trữ"
    PAYMENT = "payment", "Thanh toán phí, lệ phí"


class DossierEvent(models.Model):
    """One entry of a dossier's history: a status change (or a note) with who made it and when."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField("từ trạng thái", max_length=24, choices=DossierStatus.choices, blank=True)
    to_status = models.CharField("sang trạng thái", max_length=24, choices=DossierStatus.choices)
    kind = models.CharField("loại", max_length=16, choices=EventKind.choices, default=EventKind.STATUS)
    note = models.TextField("ghi chú", blank=True)
    data = models.JSONField(
        "chi tiết", default=dict, blank=True, help_text="Ví dụ: ngày hẹn cũ và mới của phiếu xin lỗi."
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField("người thực hiện (tên)", max_length=255, blank=True)
    created_at = models.DateTimeField("thời điểm", default=timezone.now)

    class Meta:
        verbose_name = "lịch sử hồ sơ"
        verbose_name_plural = "lịch sử hồ sơ"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier.code}: {self.get_to_status_display()}"


class AttachmentKind(models.TextChoices):
    """Why a file joined the dossier: with the submission, answering a supplement request, or the result."""

    SUBMITTED = "submitted", "Nộp kèm hồ sơ"
    SUPPLEMENT = "supplement", "Bổ sung"
    RESULT = "result", "Kết quả giải quyết"


def dossier_upload_to(instance, filename: str) -> str:
    # Random names on disk, the extension from the type sniffed from the content: nothing the
    # citizen typed (file name or its extension) reaches the path.
    now = timezone.now()
    extension = ALLOWED_TYPES.get(instance.content_type, ("bin",))[0]
    return f"dossiers/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"


class DossierAttachment(models.Model):
    """A file of a dossier, kept in private storage and served only by permission-checked views."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(
        DossierEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    kind = models.CharField("loại", max_length=12, choices=AttachmentKind.choices, default=AttachmentKind.SUBMITTED)
    slot = models.CharField("mã thành phần", max_length=64, blank=True)
    label = models.CharField("thành phần hồ sơ", max_length=500)
    file = models.FileField("tệp", storage=get_private_storage, upload_to=dossier_upload_to, max_length=255)
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField("kiểu tệp", max_length=100)
    size = models.PositiveIntegerField("dung lượng")
    # Hex SHA-256 of the stored bytes, computed while writing (``forms.files.services.attachment_store``);
    # shown with electronic results so a downloaded copy can be checked. Blank only for rows older
    # than the field whose file was missing when migration 0014 filled it.
    sha256 = models.CharField("mã kiểm tra SHA-256", max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "tệp hồ sơ"
        verbose_name_plural = "tệp hồ sơ"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.label}: {self.original_name}"


class DocumentForm(models.TextChoices):
    """The form of a paper received (Mẫu 01's table)."""

    ORIGINAL = "original", "Bản chính"
    COPY = "copy", "Bản sao"
    SCAN = "scan", "Bản chụp, bản điện tử"


class ReceivedDocument(models.Model):
    """One line of the documents received table of Mẫu 01: name, original / copy, quantity.

    Written when an officer receives a dossier (from the attachments of an online dossier, or as
    entered at the counter for paper dossiers).
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="received_documents")
    name = models.CharField("tên giấy tờ", max_length=500)
    form = models.CharField("hình thức", max_length=10, choices=DocumentForm.choices, default=DocumentForm.COPY)
    quantity = models.PositiveSmallIntegerField("số lượng", default=1)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "giấy tờ đã nhận"
        verbose_name_plural = "giấy tờ đã nhận"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_form_display()}, {self.quantity})"


class DossierSequence(models.Model):
    """The last number handed out for a code prefix on one day; its row lock serialises submissions."""

    prefix = models.CharField(max_length=40)
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "day"], name="forms_sequence_prefix_day")]

    def __str__(self) -> str:
        return f"{self.prefix} {self.day}: {self.last_number}"
