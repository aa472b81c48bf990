"""The officer's actions on one dossier in the back office: what each is called, asks and calls.

Nothing here decides what may happen to a dossier: every action hands the officer's input to one
service of ``forms.lifecycle.services`` (``dossier_transition``, ``dossier_postal_arrived``,
``dossier_apologise``, ``dossier_result_attach``, ``dossier_correct``), which checks it, writes the
history and the audit log, and notifies the citizen. A refusal is shown next to the field it is
about, in the service's Vietnamese words. Only the actions the services would allow are offered.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from forms.backoffice.forms import (
    ActionForm,
    ApologyForm,
    CorrectionForm,
    PaymentForm,
    PostalArrivedForm,
    ResultFileForm,
    TransitionForm,
)
from forms.backoffice.selectors import received_documents_initial
from forms.communes import dossier_for_staff_or_404
from forms.lifecycle import selectors
from forms.lifecycle.services import (
    dossier_apologise,
    dossier_correct,
    dossier_postal_arrived,
    dossier_result_attach,
    dossier_transition,
)
from forms.models import Dossier, DossierStatus, PaymentStatus
from forms.papers.selectors import RECEIPT
from forms.payments.fees import format_dong
from forms.payments.reconciliation import payment_officer_record

S = DossierStatus
TRANSITION, POSTAL, APOLOGY, RESULT_FILE, CORRECTION = "transition", "postal", "apology", "result_file", "correction"
PAYMENT = "payment"
# The statuses of a dossier's fee an officer may record a payment in.
PAYMENT_OPEN = (PaymentStatus.AWAITING, PaymentStatus.PARTIAL)


@dataclass(frozen=True)
class Action:
    """One button of the dossier view and the form behind it."""

    slug: str
    label: str
    help: str
    kind: str = TRANSITION
    to_status: DossierStatus | None = None
    note_label: str = "Ghi chú"
    file: bool = False
    tracking: bool = False
    documents: bool = False
    # A permission the action needs besides acting on dossiers (``forms.reconcile_payment``).
    permission: str = ""

    def allowed(self, user) -> bool:
        """Whether ``user`` (already allowed to act on dossiers) may take this action."""
        return not self.permission or user.has_perm(self.permission)

    def available(self, dossier: Dossier) -> bool:
        """Whether the service would accept this action on ``dossier`` as it stands."""
        if self.kind == TRANSITION:
            if self.to_status not in selectors.dossier_allowed_transitions(dossier=dossier):
                return False
            # A dossier sent by post is received once its envelope is recorded; one whose procedure
            # waits for payment (Decree 42/2022/NĐ-CP) is processed once paid.
            if self.to_status == S.PROCESSING and selectors.dossier_awaits_payment(dossier):
                return False
            return not (self.to_status == S.RECEIVED and selectors.dossier_awaits_postal_papers(dossier))
        if self.kind == POSTAL:
            return selectors.dossier_awaits_postal_papers(dossier)
        if self.kind == APOLOGY:
            return dossier.status in selectors.APOLOGY_STATUSES
        if self.kind == RESULT_FILE:
            return dossier.status in selectors.RESULT_FILE_STATUSES
        if self.kind == PAYMENT:
            return dossier.payment_status in PAYMENT_OPEN
        return dossier.is_closed

    def form(self, request, dossier: Dossier) -> ActionForm:
        data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
        kwargs = {"dossier": dossier, "note_label": self.note_label}
        if self.documents:
            kwargs["documents_initial"] = received_documents_initial(procedure=dossier.procedure, dossier=dossier)
        form_class = {
            POSTAL: PostalArrivedForm,
            APOLOGY: ApologyForm,
            RESULT_FILE: ResultFileForm,
            CORRECTION: CorrectionForm,
            PAYMENT: PaymentForm,
        }.get(self.kind)
        if form_class is None:
            return TransitionForm(data, files, with_file=self.file, with_tracking=self.tracking, **kwargs)
        return form_class(data, files, **kwargs)

    def perform(self, *, form: ActionForm, dossier: Dossier, user) -> str:
        """Call the service; return the success message (raises the service's ``ValidationError``)."""
        data = form.cleaned_data
        if self.kind == POSTAL:
            dossier_postal_arrived(
                dossier=dossier, actor=user, postal_item_code=data["postal_item_code"], note=data["note"]
            )
            return f"Hồ sơ {dossier.code}: đã ghi nhận bộ hồ sơ giấy, số hiệu bưu gửi {dossier.postal_item_code}."
        if self.kind == APOLOGY:
            dossier_apologise(dossier=dossier, actor=user, new_due_date=data["new_due_date"], reason=data["note"])
            return f"Hồ sơ {dossier.code}: đã hẹn lại ngày trả kết quả {dossier.due_date:%d/%m/%Y} (Mẫu 04)."
        if self.kind == RESULT_FILE:
            dossier_result_attach(dossier=dossier, actor=user, attachments=form.attachments())
            return f"Hồ sơ {dossier.code}: đã lưu tệp kết quả."
        if self.kind == PAYMENT:
            payment_officer_record(
                dossier=dossier,
                actor=user,
                amount=data["amount"],
                paid_on=data["paid_on"],
                method=data["method"],
                reference=data["reference"],
                note=data["note"],
            )
            return (
                f"Hồ sơ {dossier.code}: đã ghi nhận {format_dong(data['amount'])}; "
                f"{dossier.get_payment_status_display().lower()}."
            )
        if self.kind == CORRECTION:
            dossier_correct(dossier=dossier, actor=user, changes=form.changes(), reason=data["note"])
            return f"Hồ sơ {dossier.code}: đã điều chỉnh."
        dossier_transition(
            dossier=dossier,
            to_status=self.to_status,
            actor=user,
            note=data["note"],
            attachments=form.attachments(),
            postal_tracking_number=data.get("postal_tracking_number", ""),
            received_documents=form.documents.documents() if form.documents is not None else None,
        )
        if self.to_status == S.RECEIVED:
            return f"Đã tiếp nhận hồ sơ {dossier.code}; hẹn trả kết quả ngày {dossier.due_date:%d/%m/%Y}."
        return f"Hồ sơ {dossier.code}: {self.to_status.label}."


# In the order the buttons appear.
ACTIONS: dict[str, Action] = {
    action.slug: action
    for action in [
        Action(
            "tiep-nhan",
            "Tiếp nhận hồ sơ",
            "Hồ sơ đủ thành phần: tiếp nhận, hẹn ngày trả kết quả và in Giấy tiếp nhận (Mẫu 01). Thời hạn tính từ "
            "ngày tiếp nhận; tiếp nhận sau giờ làm việc hoặc ngày nghỉ thì tính từ ngày làm việc tiếp theo.",
            to_status=S.RECEIVED,
            documents=True,
        ),
        Action(
            "nhan-ho-so-buu-chinh",
            "Ghi nhận hồ sơ giấy qua bưu chính",
            "Bộ hồ sơ giấy người dân gửi qua bưu chính công ích đã đến: ghi số hiệu bưu gửi, rồi tiếp nhận hồ sơ.",
            kind=POSTAL,
        ),
        Action(
            "yeu-cau-hoan-thien",
            "Yêu cầu bổ sung, hoàn thiện",
            "Hồ sơ chưa đủ hoặc chưa đúng: hướng dẫn người dân bổ sung, hoàn thiện một lần (Mẫu 02). Thời hạn chưa "
            "tính.",
            to_status=S.COMPLETION_REQUESTED,
            note_label="Giấy tờ cần bổ sung, hoàn thiện và lý do (Mẫu 02)",
        ),
        Action(
            "tu-choi-tiep-nhan",
            "Từ chối tiếp nhận",
            "Hồ sơ không thuộc thẩm quyền hoặc không đủ điều kiện tiếp nhận: từ chối, nêu rõ lý do (Mẫu 03).",
            to_status=S.NOT_RECEIVED,
            note_label="Lý do từ chối tiếp nhận (Mẫu 03, gửi cho người dân)",
        ),
        Action(
            "nhan-giai-quyet",
            "Nhận giải quyết",
            "Hồ sơ đủ thành phần: chuyển sang giải quyết. Nếu người dân đã bổ sung tại quầy, dùng nút này để "
            "tiếp tục tính thời hạn.",
            to_status=S.PROCESSING,
        ),
        Action(
            "yeu-cau-bo-sung",
            "Yêu cầu bổ sung",
            "Người dân nhận thông báo và bổ sung trên trang tra cứu hồ sơ; thời hạn tạm dừng cho đến khi họ bổ sung.",
            to_status=S.SUPPLEMENT_REQUESTED,
            note_label="Giấy tờ cần bổ sung (gửi cho người dân)",
        ),
        Action(
            "ghi-nhan-ket-qua",
            "Ghi nhận kết quả",
            "Tải lên bản điện tử của kết quả (bản chụp, PDF); người dân tải được trên trang tra cứu hồ sơ.",
            to_status=S.RESULT_READY,
            file=True,
        ),
        Action(
            "tep-ket-qua",
            "Đính kèm, thay tệp kết quả",
            "Đính kèm hoặc thay bản điện tử của kết quả trước khi trả kết quả cho người dân.",
            kind=RESULT_FILE,
        ),
        Action(
            "tra-ket-qua",
            "Trả kết quả",
            "Đã trao kết quả tại Bộ phận Một cửa, hoặc đã gửi qua bưu chính công ích (ghi số hiệu bưu gửi).",
            to_status=S.RETURNED,
            tracking=True,
        ),
        Action(
            "xin-loi-hen-lai",
            "Xin lỗi, hẹn lại ngày trả",
            "Hồ sơ sẽ trễ hạn: gửi Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04). Hồ sơ vẫn tính trễ hạn so "
            "với ngày hẹn ban đầu.",
            kind=APOLOGY,
            note_label="Lý do chậm trả kết quả (gửi cho người dân)",
        ),
        Action(
            "tu-choi",
            "Từ chối giải quyết",
            "Lý do từ chối được gửi cho người dân.",
            to_status=S.REFUSED,
            note_label="Lý do từ chối (gửi cho người dân)",
        ),
        Action(
            "ghi-nhan-thanh-toan",
            "Ghi nhận đã nộp phí, lệ phí",
            "Người dân đã nộp tiền mặt tại Bộ phận Một cửa, hoặc khoản chuyển khoản đã về tài khoản của xã: ghi số "
            "tiền, ngày nộp và số biên lai hoặc số tham chiếu. Khoản nộp được ghi vào lịch sử hồ sơ và nhật ký.",
            kind=PAYMENT,
            permission="forms.reconcile_payment",
        ),
        Action(
            "dieu-chinh",
            "Điều chỉnh",
            "Hồ sơ đã kết thúc chỉ được điều chỉnh các thông tin dưới đây, có lý do; mọi thay đổi được ghi vào lịch "
            "sử và nhật ký.",
            kind=CORRECTION,
            note_label="Lý do điều chỉnh",
        ),
    ]
}

# Which form field shows a refusal by the service, by its error code; other codes go to the top.
ERROR_FIELDS = {
    "note_required": "note",
    "note_too_long": "note",
    "reason_required": "note",
    "tracking_required": "postal_tracking_number",
    "empty": "result_file",
    "file_too_large": "result_file",
    "file_type": "result_file",
    "dossier_too_large": "result_file",
    "result_missing": "result_file",
    "postal_item_required": "postal_item_code",
    "postal_item_too_long": "postal_item_code",
    "date_not_later": "new_due_date",
    "date_not_working_day": "new_due_date",
    "amount_invalid": "amount",
    "amount_over": "amount",
    "date_future": "paid_on",
    "method": "method",
}


def action_url(dossier: Dossier, slug: str) -> str:
    return reverse("forms_dossier_action", kwargs={"pk": dossier.pk, "action": slug})


def inspect_url(dossier: Dossier) -> str:
    return reverse("forms_dossier_modeladmin_inspect", args=[dossier.pk])


def dossier_actions(dossier: Dossier, *, user=None) -> list[dict]:
    """The buttons to show on ``dossier``: the actions the services would accept now (and ``user`` may take)."""
    return [
        {"slug": action.slug, "label": action.label, "url": action_url(dossier, action.slug)}
        for action in ACTIONS.values()
        if action.available(dossier) and (user is None or action.allowed(user))
    ]


def receipt_url(dossier: Dossier) -> str | None:
    """Mẫu 01 to print for a received dossier (the staff link, checked by permission)."""
    if not dossier.is_received:
        return None
    return reverse("forms:dossier_paper_staff", kwargs={"pk": dossier.pk, "form": RECEIPT})


def _show_errors(form: ActionForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item.messages[0])
        return
    for item in error.error_list:
        field = ERROR_FIELDS.get(item.code)
        form.add_error(field if field in form.fields else None, item.messages[0])


def dossier_action(request, pk: int, action: str):
    """One action on a dossier: its form on GET, the service call on POST (back to the dossier when done)."""
    from forms.backoffice.admin import DossierPermissionHelper

    if not request.user.has_perm("forms.view_dossier"):
        raise PermissionDenied
    # A dossier of another commune is not found (issue #17); the province finds it and is refused.
    dossier = dossier_for_staff_or_404(request.user, pk)
    if not DossierPermissionHelper(Dossier).user_can_act_on_obj(request.user, dossier):
        raise PermissionDenied
    spec = ACTIONS.get(action)
    if spec is None or not spec.allowed(request.user):
        raise PermissionDenied
    if request.method != "POST" and not spec.available(dossier):
        messages.error(
            request, f"Hồ sơ đang ở trạng thái “{dossier.get_status_display()}”: không thể {spec.label.lower()}."
        )
        return redirect(inspect_url(dossier))
    form = spec.form(request, dossier)
    if request.method == "POST" and form.is_valid():
        try:
            message = spec.perform(form=form, dossier=dossier, user=request.user)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, message)
            url = inspect_url(dossier)
            return redirect(f"{url}?vua-tiep-nhan=1" if spec.to_status == S.RECEIVED else url)
    return TemplateResponse(
        request,
        "forms/admin/dossier_action.html",
        {"dossier": dossier, "form": form, "spec": spec, "inspect_url": inspect_url(dossier)},
        status=400 if form.errors or (form.documents is not None and form.documents.total_error_count()) else 200,
    )
