"""The dossier lifecycle of the one-stop mechanism (Decree 61/2018/NĐ-CP as amended by Decree 107/2021/NĐ-CP).

Every status change goes through ``dossier_transition(...)``: it checks the move against
``TRANSITIONS``, moves the deadline, writes the history and the audit log, and notifies the citizen.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import Site

from forms.communes import default_site, dossier_site
from forms.files.services import AttachmentInput, attachment_files_delete, attachment_store
from forms.files.uploads import validate_total_size, validate_upload
from forms.lifecycle.notifications import dossier_notify
from forms.lifecycle.selectors import dossier_awaits_payment
from forms.lifecycle.workdays import add_working_days, is_working_day, reception_day, working_days_between
from forms.models import (
    AttachmentKind,
    DeliveryMethod,
    DocumentForm,
    Dossier,
    DossierAttachment,
    DossierEvent,
    DossierStatus,
    EventKind,
    ReceivedDocument,
    SubmissionChannel,
)
from forms.payments.fees import format_dong

logger = logging.getLogger(__name__)


CITIZEN_LABEL = "Người nộp hồ sơ"
NOTE_MAX_LENGTH = 2000

S = DossierStatus
# Allowed moves, by the one-stop mechanism (Decree 61/2018/NĐ-CP as amended by Decree 107/2021/NĐ-CP):
# a dossier sent online or by post is checked before it is received; once received it is processed,
# may be paused for a supplement, and ends with the result returned or a refusal.
TRANSITIONS: dict[str, set[str]] = {
    S.AWAITING_RECEPTION: {S.RECEIVED, S.COMPLETION_REQUESTED, S.NOT_RECEIVED},
    S.COMPLETION_REQUESTED: {S.AWAITING_RECEPTION, S.RECEIVED, S.NOT_RECEIVED},
    S.NOT_RECEIVED: set(),
    S.RECEIVED: {S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.REFUSED},
    S.PROCESSING: {S.SUPPLEMENT_REQUESTED, S.RESULT_READY, S.REFUSED},
    S.SUPPLEMENT_REQUESTED: {S.PROCESSING, S.REFUSED},
    S.RESULT_READY: {S.RETURNED},
    S.RETURNED: set(),
    S.REFUSED: set(),
}
# The citizen's own moves: answering a request to complete the dossier (before reception, Mẫu 02)
# or to supplement it (during processing). Every other move is an officer's.
CITIZEN_TRANSITIONS: set[tuple[str, str]] = {
    (S.COMPLETION_REQUESTED, S.AWAITING_RECEPTION),
    (S.SUPPLEMENT_REQUESTED, S.PROCESSING),
}
# Of those, the ones only the citizen makes. A supplement may also be brought to the counter: the
# officer then resumes processing himself (SUPPLEMENT_REQUESTED → PROCESSING is both's). Papers
# completed at the counter before reception are simply received (COMPLETION_REQUESTED → RECEIVED).
CITIZEN_ONLY_TRANSITIONS: set[tuple[str, str]] = {(S.COMPLETION_REQUESTED, S.AWAITING_RECEPTION)}


def transition_allowed(*, from_status: str, to_status: str, by_citizen: bool) -> bool:
    """Whether the citizen (``by_citizen``) or an officer may move a dossier from one status to the other."""
    if to_status not in TRANSITIONS[from_status]:
        return False
    move = (from_status, to_status)
    return move in CITIZEN_TRANSITIONS if by_citizen else move not in CITIZEN_ONLY_TRANSITIONS


NOTE_REQUIRED = {S.COMPLETION_REQUESTED, S.NOT_RECEIVED, S.SUPPLEMENT_REQUESTED, S.REFUSED}
NOTE_REQUIRED_MESSAGES = {
    S.COMPLETION_REQUESTED: "Hãy ghi rõ giấy tờ cần bổ sung, hoàn thiện và lý do (Mẫu 02).",
    S.NOT_RECEIVED: "Hãy ghi rõ lý do từ chối tiếp nhận hồ sơ (Mẫu 03).",
    S.SUPPLEMENT_REQUESTED: "Hãy ghi rõ giấy tờ cần bổ sung.",
    S.REFUSED: "Hãy ghi rõ lý do từ chối.",
}

# Wagtail audit log actions about dossiers: action → (label in the log filter, message).
DOSSIER_LOG_ACTIONS: dict[str, tuple[str, str]] = {
    "forms.dossier.submit": ("Hồ sơ: nộp trực tuyến", "Người dân nộp hồ sơ trực tuyến"),
    "forms.dossier.register": ("Hồ sơ: tiếp nhận tại quầy", "Cán bộ đăng ký hồ sơ nộp trực tiếp hoặc qua bưu chính"),
    "forms.dossier.view": ("Hồ sơ: xem", "Xem hồ sơ"),
    "forms.dossier.export": ("Hồ sơ: xuất danh sách", "Xuất hồ sơ trong danh sách (XLSX/CSV)"),
    "forms.dossier.receive": ("Hồ sơ: tiếp nhận", "Tiếp nhận hồ sơ, hẹn ngày trả kết quả (Mẫu 01)"),
    "forms.dossier.request_completion": (
        "Hồ sơ: yêu cầu hoàn thiện",
        "Yêu cầu bổ sung, hoàn thiện hồ sơ trước khi tiếp nhận (Mẫu 02)",
    ),
    "forms.dossier.complete": ("Hồ sơ: người dân hoàn thiện", "Người dân bổ sung, hoàn thiện hồ sơ"),
    "forms.dossier.not_receive": ("Hồ sơ: từ chối tiếp nhận", "Từ chối tiếp nhận hồ sơ (Mẫu 03)"),
    "forms.dossier.postal_arrived": (
        "Hồ sơ: nhận hồ sơ giấy qua bưu chính",
        "Ghi nhận bộ hồ sơ giấy gửi qua bưu chính",
    ),
    "forms.dossier.accept": ("Hồ sơ: nhận giải quyết", "Nhận giải quyết hồ sơ"),
    "forms.dossier.request_supplement": ("Hồ sơ: yêu cầu bổ sung", "Yêu cầu bổ sung hồ sơ"),
    "forms.dossier.supplement": ("Hồ sơ: người dân bổ sung", "Người dân bổ sung giấy tờ"),
    "forms.dossier.resume": ("Hồ sơ: tiếp tục giải quyết", "Tiếp tục giải quyết sau khi bổ sung"),
    "forms.dossier.record_result": ("Hồ sơ: ghi nhận kết quả", "Ghi nhận kết quả giải quyết"),
    "forms.dossier.result_file": ("Hồ sơ: tệp kết quả", "Đính kèm hoặc thay tệp kết quả"),
    "forms.dossier.apologise": ("Hồ sơ: xin lỗi, hẹn lại", "Xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)"),
    "forms.dossier.return": ("Hồ sơ: trả kết quả", "Trả kết quả cho người dân"),
    "forms.dossier.refuse": ("Hồ sơ: từ chối giải quyết", "Từ chối giải quyết hồ sơ"),
    "forms.dossier.correct": ("Hồ sơ: điều chỉnh", "Điều chỉnh hồ sơ đã kết thúc"),
    "forms.dossier.payment": ("Hồ sơ: thanh toán phí, lệ phí", "Ghi nhận thanh toán phí, lệ phí"),
}

_LOG_ACTION_BY_STATUS = {
    S.RECEIVED: "forms.dossier.receive",
    S.COMPLETION_REQUESTED: "forms.dossier.request_completion",
    S.NOT_RECEIVED: "forms.dossier.not_receive",
    S.SUPPLEMENT_REQUESTED: "forms.dossier.request_supplement",
    S.RESULT_READY: "forms.dossier.record_result",
    S.RETURNED: "forms.dossier.return",
    S.REFUSED: "forms.dossier.refuse",
}


def _log_action_for(*, from_status: str, to_status: str, by_citizen: bool) -> str:
    if by_citizen:
        return "forms.dossier.complete" if to_status == S.AWAITING_RECEPTION else "forms.dossier.supplement"
    if to_status == S.PROCESSING:
        return "forms.dossier.accept" if from_status == S.RECEIVED else "forms.dossier.resume"
    return _LOG_ACTION_BY_STATUS[to_status]


def actor_label(actor) -> str:
    """How the history names who acted: the officer's name, or the citizen."""
    if actor is None or getattr(actor, "is_anonymous", False):
        return CITIZEN_LABEL
    if hasattr(actor, "get_username"):
        # Vietnamese order: family and middle names (last_name), then the given name (first_name).
        full = f"{actor.last_name} {actor.first_name}".strip()
        return full or actor.get_username()
    return str(actor)


def clean_note(note: str) -> str:
    """An officer's or citizen's note, trimmed; refused beyond ``NOTE_MAX_LENGTH`` characters."""
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            "Ghi chú dài %(length)s ký tự; hãy rút gọn trong %(limit)s ký tự.",
            code="note_too_long",
            params={"length": len(note), "limit": NOTE_MAX_LENGTH},
        )
    return note


def public_url(path: str, *, site: Site | None = None) -> str:
    """Return ``path`` as an absolute URL on commune ``site`` (the default site when None), for
    e-mails, SMS and QR codes."""
    site = site or default_site()
    base = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    return f"{base.rstrip('/')}{path}"


def dossier_tracking_url(dossier: Dossier) -> str:
    """The absolute link that opens the dossier's tracking page (printed as the receipt's QR code),
    on the host of the commune the dossier belongs to (issue #17)."""
    return public_url(
        reverse("forms:dossier_detail", kwargs={"token": dossier.access_token}), site=dossier_site(dossier)
    )


@dataclass(frozen=True)
class ReceivedDocumentInput:
    """One row of Mẫu 01's documents table as the officer confirms it: name, form, quantity."""

    name: str
    form: str = DocumentForm.COPY
    quantity: int = 1


def dossier_transition(
    *,
    dossier: Dossier,
    to_status: str,
    actor=None,
    note: str = "",
    attachments: Sequence[AttachmentInput] = (),
    postal_tracking_number: str = "",
    received_documents: Sequence[ReceivedDocumentInput] | None = None,
    now: datetime | None = None,
) -> DossierEvent:
    """Move ``dossier`` to ``to_status``, write the history entry and notify the citizen.

    ``actor`` is the officer (a user); ``None`` means the citizen holding the token, who may only
    answer a request to complete (before reception) or to supplement (during processing), with at
    least one file. A note is required when asking for completion (Mẫu 02), refusing to receive
    (Mẫu 03), asking for a supplement or refusing. Receiving (Mẫu 01) starts the clock: the due date
    is ``processing_days`` working days from the reception day (the next working day when received
    after hours or on a day off). The clock stops while a supplement is awaited: the due date moves
    by the working days spent waiting. Marking a posted result returned needs the postal tracking
    number. When the procedure processes dossiers only once the fee is paid
    (``payment_before_processing``, Decree 42/2022/NĐ-CP), an officer cannot move an unpaid dossier
    to processing (``payment_required``); the citizen's supplement is still recorded. Raises
    ``ValidationError`` for a move that is not allowed from the current status.
    """
    to_status = DossierStatus(to_status)
    note = clean_note(note)
    now = now or timezone.now()
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        from_status = DossierStatus(locked.status)
        if to_status not in TRANSITIONS[from_status]:
            raise ValidationError(
                "Không thể chuyển hồ sơ từ “%(from)s” sang “%(to)s”.",
                code="invalid_transition",
                params={"from": from_status.label, "to": to_status.label},
            )
        by_citizen = actor is None
        if not transition_allowed(from_status=from_status, to_status=to_status, by_citizen=by_citizen):
            if by_citizen:
                raise ValidationError(
                    "Người nộp hồ sơ chỉ có thể bổ sung giấy tờ khi được yêu cầu.", code="not_allowed"
                )
            raise ValidationError("Chỉ người nộp hồ sơ mới bổ sung giấy tờ theo yêu cầu.", code="citizen_only")
        if by_citizen and not attachments:
            raise ValidationError("Hãy tải lên ít nhất một tệp giấy tờ bổ sung.", code="supplement_missing")
        if to_status in NOTE_REQUIRED and not note:
            raise ValidationError(NOTE_REQUIRED_MESSAGES[to_status], code="note_required")
        postal_tracking_number = (postal_tracking_number or "").strip()
        if to_status == S.RETURNED and locked.delivery_method == DeliveryMethod.POST and not postal_tracking_number:
            raise ValidationError("Hãy nhập số hiệu bưu gửi của kết quả gửi qua bưu chính.", code="tracking_required")
        if to_status == S.PROCESSING and not by_citizen and dossier_awaits_payment(locked):
            raise ValidationError(
                "Thủ tục này chỉ giải quyết sau khi người dân nộp đủ phí, lệ phí: hồ sơ còn %(remaining)s chưa nộp. "
                "Hãy ghi nhận thanh toán trước khi nhận giải quyết.",
                code="payment_required",
                params={"remaining": format_dong(locked.amount_due - locked.amount_paid)},
            )
        if to_status == S.RECEIVED and locked.channel == SubmissionChannel.POST and not locked.postal_item_code:
            raise ValidationError(
                "Hồ sơ gửi qua bưu chính: hãy ghi số hiệu bưu gửi khi nhận được bộ hồ sơ giấy trước khi tiếp nhận.",
                code="postal_item_missing",
            )
        for item in attachments:
            validate_upload(item.file)
        if attachments:
            used = sum(a.size for a in locked.attachments.all())
            validate_total_size(used + sum(item.file.size for item in attachments))

        if to_status == S.RECEIVED:
            locked.received_at = now
            locked.due_date = add_working_days(reception_day(now), locked.processing_days)
        if from_status == S.SUPPLEMENT_REQUESTED and locked.paused_at:
            waited = working_days_between(timezone.localdate(locked.paused_at), timezone.localdate(now))
            locked.due_date = add_working_days(locked.due_date, waited)
            if locked.original_due_date:
                locked.original_due_date = add_working_days(locked.original_due_date, waited)
            locked.paused_at = None
        if to_status == S.SUPPLEMENT_REQUESTED:
            locked.paused_at = now
        if to_status in (S.RESULT_READY, S.REFUSED, S.NOT_RECEIVED):
            locked.completed_at = now
        if to_status == S.RETURNED:
            locked.returned_at = now
            locked.postal_tracking_number = postal_tracking_number
        result_files = bool(attachments) and to_status == S.RESULT_READY and not by_citizen
        if result_files and locked.electronic_result_at is None:
            locked.electronic_result_at = now
        locked.status = to_status
        locked.save()

        event = DossierEvent.objects.create(
            dossier=locked,
            kind=EventKind.STATUS,
            from_status=from_status,
            to_status=to_status,
            note=note,
            actor=actor if actor is not None and getattr(actor, "pk", None) else None,
            actor_label=actor_label(actor),
            created_at=now,
        )
        if to_status == S.RECEIVED:
            received_documents_record(dossier=locked, documents=received_documents)
        log(
            instance=locked,
            action=_log_action_for(from_status=from_status, to_status=to_status, by_citizen=by_citizen),
            user=event.actor,
            data={"event": event.pk, "from_status": from_status.value, "to_status": to_status.value, "note": note},
        )
        kind = AttachmentKind.RESULT if result_files else AttachmentKind.SUPPLEMENT
        _store_all(dossier=locked, attachments=attachments, kind=kind, event=event)
        transaction.on_commit(lambda: dossier_notify(dossier=locked, event=event))
    _refresh(dossier, locked)
    return event


def _refresh(dossier: Dossier, locked: Dossier) -> None:
    # Keep the caller's instance in step with the database.
    for field in (
        "status",
        "received_at",
        "due_date",
        "original_due_date",
        "paused_at",
        "completed_at",
        "returned_at",
        "electronic_result_at",
        "postal_tracking_number",
        "postal_item_code",
    ):
        setattr(dossier, field, getattr(locked, field))


def _store_all(*, dossier: Dossier, attachments: Sequence[AttachmentInput], kind: str, event: DossierEvent) -> None:
    stored: list[DossierAttachment] = []
    try:
        for item in attachments:
            stored.append(attachment_store(dossier=dossier, item=item, kind=kind, event=event))
    except Exception:
        attachment_files_delete(stored)
        raise


def received_documents_record(*, dossier: Dossier, documents: Sequence[ReceivedDocumentInput] | None) -> None:
    """Write Mẫu 01's table of documents received (replacing any earlier rows).

    ``None`` takes the table from the files the citizen sent (each a scan, quantity 1), for an
    online dossier received without changes.
    """
    if documents is None:
        if dossier.received_documents.exists():
            return
        documents = [
            ReceivedDocumentInput(name=a.label, form=DocumentForm.SCAN, quantity=1)
            for a in dossier.attachments.filter(kind=AttachmentKind.SUBMITTED)
        ]
    rows = []
    for position, doc in enumerate(documents):
        name = (doc.name or "").strip()
        if not name:
            continue
        if doc.form not in DocumentForm.values:
            raise ValidationError("Hình thức giấy tờ không hợp lệ.", code="document_form")
        if not 1 <= int(doc.quantity) <= 99:
            raise ValidationError("Số lượng mỗi giấy tờ từ 1 đến 99.", code="document_quantity")
        limit = ReceivedDocument._meta.get_field("name").max_length
        rows.append(
            ReceivedDocument(
                dossier=dossier,
                name=name if len(name) <= limit else name[: limit - 1] + "…",
                form=doc.form,
                quantity=int(doc.quantity),
                position=position,
            )
        )
    dossier.received_documents.all().delete()
    ReceivedDocument.objects.bulk_create(rows)


def dossier_postal_arrived(*, dossier: Dossier, actor, postal_item_code: str, note: str = "") -> DossierEvent:
    """Record that the paper dossier sent by post has arrived, with its postal item code.

    Only for dossiers the citizen chose to send by post (bưu chính công ích) that still await
    reception; the officer then receives it as any other.
    """
    code = (postal_item_code or "").strip()
    note = clean_note(note)
    if not code:
        raise ValidationError("Hãy nhập số hiệu bưu gửi in trên phong bì.", code="postal_item_required")
    if len(code) > 64:
        raise ValidationError("Số hiệu bưu gửi dài quá 64 ký tự.", code="postal_item_too_long")
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.channel != SubmissionChannel.POST:
            raise ValidationError("Hồ sơ này không gửi qua bưu chính.", code="not_postal")
        if locked.status not in (S.AWAITING_RECEPTION, S.COMPLETION_REQUESTED):
            raise ValidationError("Hồ sơ đã được xử lý việc tiếp nhận.", code="already_received")
        locked.postal_item_code = code
        locked.save(update_fields=["postal_item_code", "updated_at"])
        event = _note_event(
            locked, kind=EventKind.POSTAL_ARRIVED, actor=actor, note=note, data={"postal_item_code": code}
        )
        log(instance=locked, action="forms.dossier.postal_arrived", user=event.actor, data={"event": event.pk})
    _refresh(dossier, locked)
    return event


def dossier_apologise(*, dossier: Dossier, actor, new_due_date: date, reason: str) -> DossierEvent:
    """Issue the apology with a new date for a dossier that will be late (Mẫu 04) and tell the citizen.

    The first appointment is kept as ``original_due_date``: the result still counts as late against
    it in the statistics and exports (Decree 61/2018/NĐ-CP as amended by Decree 107/2021/NĐ-CP).
    """
    reason = clean_note(reason)
    if not reason:
        raise ValidationError("Hãy ghi rõ lý do chậm trả kết quả.", code="reason_required")
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.status not in (S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED):
            raise ValidationError("Chỉ hẹn lại ngày trả kết quả cho hồ sơ đang giải quyết.", code="not_in_progress")
        if new_due_date <= locked.due_date:
            raise ValidationError("Ngày hẹn mới phải sau ngày hẹn hiện tại.", code="date_not_later")
        if not is_working_day(new_due_date):
            raise ValidationError("Ngày hẹn mới phải là ngày làm việc.", code="date_not_working_day")
        old = locked.due_date
        locked.original_due_date = locked.original_due_date or old
        locked.due_date = new_due_date
        locked.save(update_fields=["original_due_date", "due_date", "updated_at"])
        event = _note_event(
            locked,
            kind=EventKind.APOLOGY,
            actor=actor,
            note=reason,
            data={"old_due_date": old.isoformat(), "new_due_date": new_due_date.isoformat()},
        )
        log(instance=locked, action="forms.dossier.apologise", user=event.actor, data={"event": event.pk})
        transaction.on_commit(lambda: dossier_notify(dossier=locked, event=event))
    _refresh(dossier, locked)
    return event


def dossier_result_attach(*, dossier: Dossier, actor, attachments: Sequence[AttachmentInput]) -> DossierEvent:
    """Attach or replace the electronic result until the dossier is returned.

    Earlier result files stay in the history (the event that brought them) but the tracking page
    offers the newest one.
    """
    if not attachments:
        raise ValidationError("Hãy chọn tệp kết quả.", code="result_missing")
    for item in attachments:
        validate_upload(item.file)
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.status not in (S.PROCESSING, S.RESULT_READY):
            raise ValidationError(
                "Chỉ đính kèm tệp kết quả khi hồ sơ đang giải quyết hoặc đã có kết quả, trước khi trả.",
                code="result_closed",
            )
        used = sum(a.size for a in locked.attachments.all())
        validate_total_size(used + sum(item.file.size for item in attachments))
        if locked.electronic_result_at is None:
            locked.electronic_result_at = timezone.now()
            locked.save(update_fields=["electronic_result_at", "updated_at"])
        event = _note_event(locked, kind=EventKind.RESULT_FILE, actor=actor, note="")
        log(instance=locked, action="forms.dossier.result_file", user=event.actor, data={"event": event.pk})
        # Files last: nothing after them in the transaction can roll back and leave them orphaned.
        _store_all(dossier=locked, attachments=attachments, kind=AttachmentKind.RESULT, event=event)
    return event


CORRECTABLE_FIELDS = {
    "postal_tracking_number": "số hiệu bưu gửi kết quả",
    "applicant_email": "thư điện tử",
    "applicant_phone": "số điện thoại",
    "delivery_method": "cách nhận kết quả",
}


def dossier_correct(*, dossier: Dossier, actor, changes: dict[str, str], reason: str) -> DossierEvent:
    """Correct a closed dossier ("điều chỉnh"): only with a reason, every change written to the history.

    Closed dossiers are otherwise read-only; statuses and dates never change here.
    """
    reason = clean_note(reason)
    if not reason:
        raise ValidationError("Hãy ghi rõ lý do điều chỉnh.", code="reason_required")
    unknown = set(changes) - CORRECTABLE_FIELDS.keys()
    if unknown:
        raise ValidationError("Không điều chỉnh được trường này.", code="field_not_correctable")
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if not locked.is_closed:
            raise ValidationError("Chỉ điều chỉnh hồ sơ đã kết thúc.", code="not_closed")
        diff = {}
        for field, value in changes.items():
            value = (value or "").strip()
            old = getattr(locked, field)
            if value != old:
                diff[field] = {"old": old, "new": value}
                setattr(locked, field, value)
        if not diff:
            raise ValidationError("Không có thay đổi nào.", code="no_change")
        locked.full_clean(exclude=[f.name for f in Dossier._meta.fields if f.name not in diff])
        locked.save(update_fields=[*diff, "updated_at"])
        event = _note_event(locked, kind=EventKind.CORRECTION, actor=actor, note=reason, data={"changes": diff})
        log(instance=locked, action="forms.dossier.correct", user=event.actor, data={"event": event.pk, **diff})
    _refresh(dossier, locked)
    for field in diff:
        setattr(dossier, field, getattr(locked, field))
    return event


def _note_event(dossier: Dossier, *, kind: str, actor, note: str, data: dict | None = None) -> DossierEvent:
    return DossierEvent.objects.create(
        dossier=dossier,
        kind=kind,
        from_status=dossier.status,
        to_status=dossier.status,
        note=note,
        data=data or {},
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        actor_label=actor_label(actor),
        created_at=timezone.now(),
    )
