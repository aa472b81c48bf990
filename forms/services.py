"""Business actions of the forms app: submitting a dossier, changing its status, drafts.

Views and the back office call these functions only; they hold every rule about dossiers.
"""

import logging
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Site

from cms.models import CommuneSettings
from forms.fields import ID_NUMBER_RE, PHONE_RE, normalize_phone
from forms.models import (
    AttachmentKind,
    DeliveryMethod,
    Dossier,
    DossierAttachment,
    DossierEvent,
    DossierSequence,
    DossierStatus,
    Draft,
    DraftFile,
    SubmissionFormPage,
)
from forms.notifications import dossier_notify
from forms.uploads import safe_filename, validate_total_size, validate_upload
from forms.workdays import add_working_days, working_days_between

logger = logging.getLogger(__name__)

CITIZEN_LABEL = "Người nộp hồ sơ"
MAX_EXTRA_COPIES = 20

# Allowed moves. The citizen may only answer a supplement request; everything else is an officer's.
TRANSITIONS: dict[str, set[str]] = {
    DossierStatus.RECEIVED: {DossierStatus.PROCESSING, DossierStatus.SUPPLEMENT_REQUESTED, DossierStatus.REFUSED},
    DossierStatus.PROCESSING: {DossierStatus.SUPPLEMENT_REQUESTED, DossierStatus.RESULT_READY, DossierStatus.REFUSED},
    DossierStatus.SUPPLEMENT_REQUESTED: {DossierStatus.PROCESSING, DossierStatus.REFUSED},
    DossierStatus.RESULT_READY: {DossierStatus.RETURNED},
    DossierStatus.RETURNED: set(),
    DossierStatus.REFUSED: set(),
}
NOTE_REQUIRED = {DossierStatus.SUPPLEMENT_REQUESTED, DossierStatus.REFUSED}

# Wagtail audit log actions about dossiers: action → (label in the log filter, message).
DOSSIER_LOG_ACTIONS: dict[str, tuple[str, str]] = {
    "forms.dossier.submit": ("Hồ sơ: nộp trực tuyến", "Người dân nộp hồ sơ trực tuyến"),
    "forms.dossier.view": ("Hồ sơ: xem", "Xem hồ sơ"),
    "forms.dossier.export": ("Hồ sơ: xuất danh sách", "Xuất hồ sơ trong danh sách (XLSX/CSV)"),
    "forms.dossier.accept": ("Hồ sơ: nhận giải quyết", "Nhận giải quyết hồ sơ"),
    "forms.dossier.request_supplement": ("Hồ sơ: yêu cầu bổ sung", "Yêu cầu bổ sung hồ sơ"),
    "forms.dossier.supplement": ("Hồ sơ: người dân bổ sung", "Người dân bổ sung giấy tờ"),
    "forms.dossier.resume": ("Hồ sơ: tiếp tục giải quyết", "Tiếp tục giải quyết sau khi bổ sung"),
    "forms.dossier.record_result": ("Hồ sơ: ghi nhận kết quả", "Ghi nhận kết quả giải quyết"),
    "forms.dossier.return": ("Hồ sơ: trả kết quả", "Trả kết quả cho người dân"),
    "forms.dossier.refuse": ("Hồ sơ: từ chối giải quyết", "Từ chối giải quyết hồ sơ"),
}
_LOG_ACTION_BY_STATUS = {
    DossierStatus.SUPPLEMENT_REQUESTED: "forms.dossier.request_supplement",
    DossierStatus.RESULT_READY: "forms.dossier.record_result",
    DossierStatus.RETURNED: "forms.dossier.return",
    DossierStatus.REFUSED: "forms.dossier.refuse",
}


def _log_action_for(*, from_status: str, to_status: str, by_citizen: bool) -> str:
    if by_citizen:
        return "forms.dossier.supplement"
    if to_status == DossierStatus.PROCESSING:
        return "forms.dossier.accept" if from_status == DossierStatus.RECEIVED else "forms.dossier.resume"
    return _LOG_ACTION_BY_STATUS[to_status]


@dataclass(frozen=True)
class AttachmentInput:
    """One file handed to ``dossier_submit`` or ``dossier_transition``.

    ``slot`` names the required document it answers (``ProcedureDocument`` pk as text); ``name``
    is the citizen's file name, used for display only after cleaning.
    """

    slot: str
    label: str
    name: str
    file: File


def public_url(path: str) -> str:
    """Return ``path`` as an absolute URL on the default site (for e-mails and QR codes)."""
    site = Site.objects.filter(is_default_site=True).first()
    base = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    return f"{base.rstrip('/')}{path}"


def dossier_tracking_url(dossier: Dossier) -> str:
    """The absolute link that opens the dossier's tracking page (printed as the receipt's QR code)."""
    return public_url(reverse("forms:dossier_detail", kwargs={"token": dossier.access_token}))


def _code_prefix() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    code = CommuneSettings.for_site(site).commune_code.strip() if site else ""
    return code or "HS"


def _next_code(*, prefix: str, day: date) -> str:
    # Must run inside the caller's transaction: the row lock (PostgreSQL) or the IMMEDIATE write
    # lock (SQLite) makes concurrent submissions take numbers one after another.
    sequence, _ = DossierSequence.objects.select_for_update().get_or_create(prefix=prefix, day=day)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{prefix}-{day:%y%m%d}-{sequence.last_number:04d}"


def _clean_applicant(applicant: dict) -> tuple[dict, dict]:
    errors: dict[str, list[str]] = {}
    cleaned = dict(applicant)
    name = (applicant.get("full_name") or "").strip()
    if not name:
        errors.setdefault("full_name", []).append("Hãy nhập họ, chữ đệm và tên người nộp hồ sơ.")
    cleaned["full_name"] = name
    id_number = (applicant.get("id_number") or "").strip()
    if not ID_NUMBER_RE.match(id_number):
        errors.setdefault("id_number", []).append("Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số.")
    phone = normalize_phone(applicant.get("phone") or "")
    if not PHONE_RE.match(phone):
        errors.setdefault("phone", []).append("Số điện thoại di động không hợp lệ.")
    cleaned["phone"] = phone
    email = (applicant.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.setdefault("email", []).append("Địa chỉ thư điện tử không hợp lệ.")
    cleaned["email"] = email
    return cleaned, errors


def _store_attachment(*, dossier: Dossier, item: AttachmentInput, kind: str, event=None) -> DossierAttachment:
    sniffed = validate_upload(item.file)
    display_name = safe_filename(item.name, sniffed.extension)
    # Labels come from the catalogue's document names, which have no length limit.
    limit = DossierAttachment._meta.get_field("label").max_length
    label = item.label if len(item.label) <= limit else item.label[: limit - 1] + "…"
    attachment = DossierAttachment(
        dossier=dossier,
        event=event,
        kind=kind,
        slot=item.slot,
        label=label,
        original_name=display_name,
        content_type=sniffed.content_type,
        size=item.file.size,
    )
    item.file.seek(0)
    attachment.file.save(f"tep.{sniffed.extension}", item.file, save=False)
    attachment.save()
    return attachment


def _delete_files(attachments: list[DossierAttachment]) -> None:
    for attachment in attachments:
        try:
            attachment.file.storage.delete(attachment.file.name)
        except OSError:
            logger.warning("Không xóa được tệp %s sau khi hủy giao dịch", attachment.file.name)


def dossier_submit(
    *,
    form_page: SubmissionFormPage,
    applicant: dict,
    answers: dict,
    snapshot: list,
    attachments: Sequence[AttachmentInput],
    delivery_method: str,
    delivery_address: dict | None = None,
    extra_copies: int = 0,
    submission_key: str | None = None,
    received_at: datetime | None = None,
) -> Dossier:
    """Create a dossier with its files, first history entry and due date, in one transaction.

    ``applicant`` holds full_name, id_number (12 digits), phone (Vietnamese mobile), optional email
    and anything else the applicant step asked. Every required document of the procedure needs a
    file; files are checked by content and size. The due date is the procedure's processing time
    in working days (weekends and Vietnamese public holidays skipped). A repeated call with the same
    ``submission_key`` returns the dossier already created. Raises ``ValidationError`` (a dict of
    field → messages) when anything is wrong; nothing is stored then.
    """
    if submission_key:
        existing = Dossier.objects.filter(submission_key=submission_key).first()
        if existing:
            return existing

    form_page = SubmissionFormPage.objects.select_related("procedure").get(pk=form_page.pk)
    procedure = form_page.procedure
    if not form_page.live or not procedure.live:
        raise ValidationError({"__all__": ["Biểu mẫu này hiện không nhận hồ sơ trực tuyến."]}, code="form_closed")

    applicant, errors = _clean_applicant(applicant)

    if delivery_method not in DeliveryMethod.values:
        errors.setdefault("delivery_method", []).append("Hãy chọn cách nhận kết quả.")
    elif delivery_method == DeliveryMethod.POST:
        if not procedure.postal_return:
            errors.setdefault("delivery_method", []).append("Thủ tục này không trả kết quả qua bưu chính công ích.")
        elif not delivery_address:
            errors.setdefault("delivery_address", []).append("Hãy nhập địa chỉ nhận kết quả qua bưu chính.")
    if not 0 <= int(extra_copies) <= MAX_EXTRA_COPIES:
        errors.setdefault("extra_copies", []).append(f"Số bản sao thêm từ 0 đến {MAX_EXTRA_COPIES}.")

    documents = {str(doc.pk): doc for doc in procedure.required_documents.all()}
    given = {item.slot for item in attachments}
    for slot in given - documents.keys():
        errors.setdefault("attachments", []).append(f"Thành phần hồ sơ “{slot}” không thuộc thủ tục này.")
    for slot, doc in documents.items():
        if doc.is_required and slot not in given:
            errors.setdefault(f"doc_{slot}", []).append(f"Thiếu giấy tờ bắt buộc: {doc.name}.")
    for item in attachments:
        try:
            validate_upload(item.file)
        except ValidationError as error:
            errors.setdefault(f"doc_{item.slot}", []).extend(error.messages)
    try:
        validate_total_size(sum(item.file.size for item in attachments))
    except ValidationError as error:
        errors.setdefault("attachments", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)

    received_at = received_at or timezone.now()
    processing_days = procedure.processing_days or 0
    due_date = add_working_days(timezone.localdate(received_at), processing_days)
    prefix = _code_prefix()
    stored: list[DossierAttachment] = []
    try:
        with transaction.atomic():
            dossier = Dossier.objects.create(
                code=_next_code(prefix=prefix, day=timezone.localdate(received_at)),
                access_token=secrets.token_urlsafe(32),
                submission_key=submission_key or None,
                procedure=procedure,
                form_page=form_page,
                procedure_code=procedure.code,
                procedure_title=procedure.title,
                applicant_name=applicant["full_name"],
                applicant_id_number=applicant["id_number"],
                applicant_phone=applicant["phone"],
                applicant_email=applicant["email"],
                applicant=applicant,
                answers=answers,
                snapshot=snapshot,
                delivery_method=delivery_method,
                delivery_address=delivery_address if delivery_method == DeliveryMethod.POST else None,
                extra_copies=int(extra_copies),
                status=DossierStatus.RECEIVED,
                received_at=received_at,
                processing_days=processing_days,
                due_date=due_date,
            )
            event = DossierEvent.objects.create(
                dossier=dossier,
                from_status="",
                to_status=DossierStatus.RECEIVED,
                note="Hồ sơ nộp trực tuyến.",
                actor_label=CITIZEN_LABEL,
                created_at=received_at,
            )
            log(instance=dossier, action="forms.dossier.submit", user=None, data={"event": event.pk})
            for item in attachments:
                item = AttachmentInput(slot=item.slot, label=documents[item.slot].name, name=item.name, file=item.file)
                stored.append(_store_attachment(dossier=dossier, item=item, kind=AttachmentKind.SUBMITTED, event=event))
            transaction.on_commit(
                lambda: dossier_notify(dossier=dossier, event=event, tracking_url=dossier_tracking_url(dossier))
            )
    except Exception:
        _delete_files(stored)
        if submission_key:
            existing = Dossier.objects.filter(submission_key=submission_key).first()
            if existing:  # a double click won the race: hand back its dossier
                return existing
        raise
    return dossier


def dossier_transition(
    *,
    dossier: Dossier,
    to_status: str,
    actor=None,
    note: str = "",
    attachments: Sequence[AttachmentInput] = (),
    postal_tracking_number: str = "",
) -> DossierEvent:
    """Move ``dossier`` to ``to_status``, write the history entry and notify the citizen.

    ``actor`` is the officer (a user); ``None`` means the citizen holding the token, who may only
    answer a supplement request (with at least one file). A note is required when requesting a
    supplement or refusing; marking a posted result returned needs the postal tracking number.
    The clock stops while a supplement is awaited: the due date moves by the working days spent
    waiting. Raises ``ValidationError`` for a move that is not allowed from the current status.
    """
    to_status = DossierStatus(to_status)
    note = (note or "").strip()
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        from_status = DossierStatus(locked.status)
        if to_status not in TRANSITIONS[from_status]:
            raise ValidationError(
                "Không thể chuyển hồ sơ từ “%(from)s” sang “%(to)s”.",
                code="invalid_transition",
                params={"from": from_status.label, "to": to_status.label},
            )
        if actor is None and not (
            from_status == DossierStatus.SUPPLEMENT_REQUESTED and to_status == DossierStatus.PROCESSING
        ):
            raise ValidationError("Người nộp hồ sơ chỉ có thể bổ sung giấy tờ khi được yêu cầu.", code="not_allowed")
        if actor is None and not attachments:
            raise ValidationError("Hãy tải lên ít nhất một tệp giấy tờ bổ sung.", code="supplement_missing")
        if to_status in NOTE_REQUIRED and not note:
            message = (
                "Hãy ghi rõ giấy tờ cần bổ sung."
                if to_status == DossierStatus.SUPPLEMENT_REQUESTED
                else "Hãy ghi rõ lý do từ chối."
            )
            raise ValidationError(message, code="note_required")
        postal_tracking_number = (postal_tracking_number or "").strip()
        if (
            to_status == DossierStatus.RETURNED
            and locked.delivery_method == DeliveryMethod.POST
            and not postal_tracking_number
        ):
            raise ValidationError("Hãy nhập số hiệu bưu gửi của kết quả gửi qua bưu chính.", code="tracking_required")
        for item in attachments:
            validate_upload(item.file)
        if attachments:
            used = sum(a.size for a in locked.attachments.all())
            validate_total_size(used + sum(item.file.size for item in attachments))

        now = timezone.now()
        if from_status == DossierStatus.SUPPLEMENT_REQUESTED and locked.paused_at:
            waited = working_days_between(timezone.localdate(locked.paused_at), timezone.localdate(now))
            locked.due_date = add_working_days(locked.due_date, waited)
            locked.paused_at = None
        if to_status == DossierStatus.SUPPLEMENT_REQUESTED:
            locked.paused_at = now
        if to_status == DossierStatus.RESULT_READY:
            locked.completed_at = now
        if to_status == DossierStatus.REFUSED:
            locked.completed_at = now
        if to_status == DossierStatus.RETURNED:
            locked.returned_at = now
            locked.postal_tracking_number = postal_tracking_number
        locked.status = to_status
        locked.save()

        if actor is None:
            label = CITIZEN_LABEL
        else:
            label = (actor.get_full_name() or actor.get_username()) if hasattr(actor, "get_username") else str(actor)
        event = DossierEvent.objects.create(
            dossier=locked,
            from_status=from_status,
            to_status=to_status,
            note=note,
            actor=actor if actor is not None and getattr(actor, "pk", None) else None,
            actor_label=label,
            created_at=now,
        )
        log(
            instance=locked,
            action=_log_action_for(from_status=from_status, to_status=to_status, by_citizen=actor is None),
            user=event.actor,
            data={"event": event.pk, "from_status": from_status.value, "to_status": to_status.value, "note": note},
        )
        kind = (
            AttachmentKind.SUPPLEMENT
            if actor is None
            else (AttachmentKind.RESULT if to_status == DossierStatus.RESULT_READY else AttachmentKind.SUPPLEMENT)
        )
        stored: list[DossierAttachment] = []
        try:
            for item in attachments:
                stored.append(_store_attachment(dossier=locked, item=item, kind=kind, event=event))
        except Exception:
            _delete_files(stored)
            raise
        transaction.on_commit(
            lambda: dossier_notify(dossier=locked, event=event, tracking_url=dossier_tracking_url(locked))
        )
    # Keep the caller's instance in step with the database.
    for field in ("status", "due_date", "paused_at", "completed_at", "returned_at", "postal_tracking_number"):
        setattr(dossier, field, getattr(locked, field))
    return event


def dossier_export_log(*, dossiers: Sequence[Dossier], user, export_format: str, with_id_number: bool) -> int:
    """Write one audit log entry per exported dossier (who took whose data out, in which file).

    One shared uuid ties the entries of one export together; one INSERT writes them all.
    """
    content_type = ContentType.objects.get_for_model(Dossier)
    batch = uuid.uuid4()
    now = timezone.now()
    data = {"format": export_format, "with_id_number": with_id_number}
    entries = [
        ModelLogEntry(
            content_type=content_type,
            object_id=str(dossier.pk),
            label=str(dossier),
            action="forms.dossier.export",
            data=data,
            timestamp=now,
            uuid=batch,
            user=user,
        )
        for dossier in dossiers
    ]
    ModelLogEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def draft_create(*, form_page: SubmissionFormPage) -> Draft:
    """Start a server-side draft for ``form_page`` with a fresh unguessable token."""
    return Draft.objects.create(form_page=form_page, token=secrets.token_urlsafe(32))


def draft_file_put(*, draft: Draft, slot: str, upload) -> DraftFile:
    """Check ``upload`` and keep it as the draft's file for ``slot``, replacing any earlier one."""
    sniffed = validate_upload(upload)
    previous = list(draft.files.filter(slot=slot))
    draft_file = DraftFile(
        draft=draft,
        slot=slot,
        original_name=safe_filename(upload.name, sniffed.extension),
        content_type=sniffed.content_type,
        size=upload.size,
    )
    upload.seek(0)
    draft_file.file.save(f"tep.{sniffed.extension}", upload, save=False)
    with transaction.atomic():
        for old in previous:
            old.delete()
        draft_file.save()
    for old in previous:
        old.file.storage.delete(old.file.name)
    return draft_file


def draft_delete(*, draft: Draft) -> None:
    """Remove a draft and its files (after submission or when it expires)."""
    names = [f.file.name for f in draft.files.all()]
    draft.delete()
    storage = DraftFile._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Không xóa được tệp nháp %s", name)


def draft_send_resume_link(*, draft: Draft, email: str, resume_url: str) -> bool:
    """E-mail the resume link once per draft, when the citizen gave an address."""
    if not email or draft.resume_link_sent:
        return False
    body = render_to_string("forms/email/draft_resume.txt", {"draft": draft, "resume_url": resume_url})
    try:
        send_mail(f"Tiếp tục nộp hồ sơ: {draft.form_page.title}", body, None, [email])
    except Exception:  # an unreachable mail server must not stop the wizard
        logger.exception("Không gửi được đường dẫn tiếp tục bản nháp %s", draft.pk)
        return False
    Draft.objects.filter(pk=draft.pk).update(email=email, resume_link_sent=True)
    draft.email, draft.resume_link_sent = email, True
    return True


def draft_purge_expired(*, now: datetime | None = None) -> tuple[int, int]:
    """Delete drafts untouched for FORMS_DRAFT_DAYS and any draft file no draft refers to.

    Returns (drafts deleted, stray files deleted).
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.FORMS_DRAFT_DAYS)
    drafts = 0
    for draft in Draft.objects.filter(updated_at__lt=cutoff).prefetch_related("files"):
        draft_delete(draft=draft)
        drafts += 1
    storage = DraftFile._meta.get_field("file").storage
    strays = 0
    try:
        _dirs, files = storage.listdir("drafts")
    except FileNotFoundError:
        files = []
    known = set(DraftFile.objects.values_list("file", flat=True))
    for name in files:
        path = f"drafts/{name}"
        if path in known:
            continue
        # Leave files younger than a day: their DraftFile row may still be committing.
        if storage.get_modified_time(path) > now - timedelta(days=1):
            continue
        storage.delete(path)
        strays += 1
    return drafts, strays
