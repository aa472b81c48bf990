"""The dossier lifecycle of the one-stop mechanism (Decree 61/2018/NĐ-CP as amended by Decree 107/2021/NĐ-CP).

Every status change goes through ``dossier_transition(...)``: it checks the move against
``TRANSITIONS``, moves the deadline, writes the history and the audit log, and notifies the citizen.
"""

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import Site

from forms.files.services import AttachmentInput, attachment_files_delete, attachment_store
from forms.files.uploads import validate_total_size, validate_upload
from forms.lifecycle.notifications import dossier_notify
from forms.lifecycle.workdays import add_working_days, working_days_between
from forms.models import (
    AttachmentKind,
    DeliveryMethod,
    Dossier,
    DossierAttachment,
    DossierEvent,
    DossierStatus,
)

logger = logging.getLogger(__name__)


CITIZEN_LABEL = "Người nộp hồ sơ"


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


def public_url(path: str) -> str:
    """Return ``path`` as an absolute URL on the default site (for e-mails and QR codes)."""
    site = Site.objects.filter(is_default_site=True).first()
    base = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    return f"{base.rstrip('/')}{path}"


def dossier_tracking_url(dossier: Dossier) -> str:
    """The absolute link that opens the dossier's tracking page (printed as the receipt's QR code)."""
    return public_url(reverse("forms:dossier_detail", kwargs={"token": dossier.access_token}))


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
                stored.append(attachment_store(dossier=locked, item=item, kind=kind, event=event))
        except Exception:
            attachment_files_delete(stored)
            raise
        transaction.on_commit(
            lambda: dossier_notify(dossier=locked, event=event, tracking_url=dossier_tracking_url(locked))
        )
    # Keep the caller's instance in step with the database.
    for field in ("status", "due_date", "paused_at", "completed_at", "returned_at", "postal_tracking_number"):
        setattr(dossier, field, getattr(locked, field))
    return event
