"""Actions of the counter's back office that are not status changes: counter intake, export audit log."""

import logging
import secrets
import uuid
from collections.abc import Sequence
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Site

from cms.models import ProcedurePage
from forms.communes import default_site
from forms.intake.fields import ID_NUMBER_RE, PHONE_RE, normalize_phone

# The dossier code comes from the same per-day sequence as online submissions.
from forms.intake.services import dossier_code_next
from forms.lifecycle.notifications import dossier_notify
from forms.lifecycle.services import (
    ReceivedDocumentInput,
    actor_label,
    clean_note,
    received_documents_record,
)
from forms.lifecycle.workdays import add_working_days, reception_day
from forms.models import DeliveryMethod, Dossier, DossierEvent, DossierStatus, PaymentStatus, SubmissionChannel
from forms.payments.fees import procedure_amount_due

logger = logging.getLogger(__name__)

REGISTER_NOTES = {
    SubmissionChannel.COUNTER: "Tiếp nhận hồ sơ nộp trực tiếp tại Bộ phận Một cửa.",
    SubmissionChannel.POST: "Tiếp nhận hồ sơ nhận qua dịch vụ bưu chính công ích.",
}
POSTAL_ITEM_MAX_LENGTH = 64


def _applicant_errors(applicant: dict) -> tuple[dict, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    cleaned = {key: (value.strip() if isinstance(value, str) else value) for key, value in applicant.items()}
    if not cleaned.get("full_name"):
        errors["full_name"] = ["Hãy nhập họ, chữ đệm và tên người nộp hồ sơ."]
    if not ID_NUMBER_RE.match(cleaned.get("id_number") or ""):
        errors["id_number"] = ["Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số."]
    cleaned["phone"] = normalize_phone(cleaned.get("phone") or "")
    if not PHONE_RE.match(cleaned["phone"]):
        errors["phone"] = ["Số điện thoại di động không hợp lệ."]
    cleaned["email"] = cleaned.get("email") or ""
    if cleaned["email"]:
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            errors["email"] = ["Địa chỉ thư điện tử không hợp lệ."]
    return cleaned, errors


def dossier_register(
    *,
    procedure: ProcedurePage,
    applicant: dict,
    channel: str,
    documents: Sequence[ReceivedDocumentInput],
    delivery_method: str,
    actor,
    delivery_address: dict | None = None,
    postal_item_code: str = "",
    note: str = "",
    now: datetime | None = None,
    fee_case: str = "",
    site: Site | None = None,
) -> Dossier:
    """Register a paper dossier brought to the counter or arriving by post, received at once (Mẫu 01).

    The one-stop counter receives it on the spot (Decree 61/2018/NĐ-CP as amended by Decree
    107/2021/NĐ-CP): the dossier starts "Đã tiếp nhận", ``received_at`` is ``now`` and the due date
    is ``processing_days`` working days from the reception day (the next working day after closing
    time or on a day off). ``applicant`` holds full_name, id_number (12 digits), phone (mobile),
    optional email and address; ``documents`` is Mẫu 01's table (at least one paper). A dossier
    that came by post needs its postal item code. Code, history entry, documents table and the
    audit log entry ("forms.dossier.register") are written in one transaction; the citizen is
    told by e-mail when an address was given. The amount due is computed from the procedure's fee
    items for the channel ("in_person" at the counter, "postal" by post) and ``fee_case``, as for a
    dossier sent online. ``site`` is the commune whose counter registers it (issue #17; the
    caller checks the officer works for it). Raises ``ValidationError`` (field → messages).
    """
    now = now or timezone.now()
    applicant, errors = _applicant_errors(applicant)
    if channel not in (SubmissionChannel.COUNTER, SubmissionChannel.POST):
        errors["channel"] = ["Hãy chọn cách nộp: trực tiếp tại quầy hoặc qua bưu chính."]
    postal_item_code = (postal_item_code or "").strip()
    if channel == SubmissionChannel.POST and not postal_item_code:
        errors["postal_item_code"] = ["Hãy nhập số hiệu bưu gửi in trên phong bì."]
    elif len(postal_item_code) > POSTAL_ITEM_MAX_LENGTH:
        errors["postal_item_code"] = [f"Số hiệu bưu gửi dài quá {POSTAL_ITEM_MAX_LENGTH} ký tự."]
    if delivery_method not in DeliveryMethod.values:
        errors["delivery_method"] = ["Hãy chọn cách nhận kết quả."]
    elif delivery_method == DeliveryMethod.POST:
        if not procedure.postal_return:
            errors["delivery_method"] = ["Thủ tục này không trả kết quả qua bưu chính công ích."]
        elif not (delivery_address or {}).get("detail", "").strip():
            errors["delivery_address"] = ["Hãy nhập địa chỉ nhận kết quả qua bưu chính."]
    if not any((doc.name or "").strip() for doc in documents):
        errors["documents"] = ["Hãy ghi ít nhất một giấy tờ đã nhận."]
    try:
        note = clean_note(note)
    except ValidationError as error:
        errors["note"] = error.messages
    fee_case = (fee_case or "").strip()
    due = None
    if channel in (SubmissionChannel.COUNTER, SubmissionChannel.POST):
        try:
            due = procedure_amount_due(
                procedure=procedure, submission_channel=channel, case=fee_case, site=site or default_site()
            )
        except ValueError:
            errors["fee_case"] = ["Trường hợp thu phí không thuộc thủ tục này."]
    if errors:
        raise ValidationError(errors)

    site = site or default_site()
    with transaction.atomic():
        dossier = Dossier.objects.create(
            code=dossier_code_next(day=timezone.localdate(now), site=site),
            site=site,
            access_token=secrets.token_urlsafe(32),
            procedure=procedure,
            procedure_code=procedure.code,
            procedure_title=procedure.title,
            applicant_name=applicant["full_name"],
            applicant_id_number=applicant["id_number"],
            applicant_phone=applicant["phone"],
            applicant_email=applicant["email"],
            applicant=applicant,
            snapshot=[],
            delivery_method=delivery_method,
            delivery_address=delivery_address if delivery_method == DeliveryMethod.POST else None,
            channel=channel,
            postal_item_code=postal_item_code if channel == SubmissionChannel.POST else "",
            fee_case=fee_case,
            amount_due=due.total,
            payment_status=PaymentStatus.AWAITING if due.total else PaymentStatus.NOT_REQUIRED,
            status=DossierStatus.RECEIVED,
            submitted_at=now,
            received_at=now,
            processing_days=procedure.processing_days or 0,
            due_date=add_working_days(reception_day(now), procedure.processing_days or 0),
        )
        received_documents_record(dossier=dossier, documents=documents)
        officer = actor if actor is not None and getattr(actor, "pk", None) else None
        event = DossierEvent.objects.create(
            dossier=dossier,
            from_status="",
            to_status=DossierStatus.RECEIVED,
            note="\n".join(part for part in (REGISTER_NOTES[channel], note) if part),
            actor=officer,
            actor_label=actor_label(actor),
            created_at=now,
        )
        log(instance=dossier, action="forms.dossier.register", user=officer, data={"event": event.pk})
        transaction.on_commit(lambda: dossier_notify(dossier=dossier, event=event))
    return dossier


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
