"""Submitting a dossier and keeping the citizen's draft: the actions of the intake.

The wizard's ``done()`` makes one call, ``dossier_submit(...)``; drafts are created, filled, resumed and
purged here.
"""

import logging
import secrets
from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import Site

from cms.models import ProcedurePage
from forms.communes import default_site, site_dossier_code_prefix
from forms.files.services import (
    AttachmentInput,
    attachment_files_delete,
    attachment_store,
    private_file_write,
    private_files_delete_on_commit,
)
from forms.files.uploads import safe_filename, validate_total_size, validate_upload
from forms.intake.documents import document_slots
from forms.intake.drafts import draft_flow
from forms.intake.fields import ID_NUMBER_RE, PHONE_RE, normalize_phone
from forms.intake.flows import SubmissionFlow
from forms.intake.steps import MISSING_REQUIRED, MISSING_TICKED
from forms.lifecycle.notifications import dossier_notify
from forms.lifecycle.services import CITIZEN_LABEL
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
    PaymentStatus,
    SubmissionChannel,
    SubmissionFormPage,
)
from forms.payments.fees import procedure_amount_due

logger = logging.getLogger(__name__)


MAX_EXTRA_COPIES = 20
SUBMIT_NOTES = {
    SubmissionChannel.ONLINE: "Hồ sơ nộp trực tuyến, chờ Bộ phận Một cửa kiểm tra và tiếp nhận.",
    SubmissionChannel.POST: "Đăng ký nộp hồ sơ qua bưu chính công ích, chờ nhận bộ hồ sơ giấy.",
}


def _code_prefix(site: Site | None) -> str:
    # The commune's official unit code ("23098"): each commune numbers its own dossiers.
    return site_dossier_code_prefix(site)


def _next_code(*, prefix: str, day: date) -> str:
    # Must run inside the caller's transaction: the row lock (PostgreSQL) or the IMMEDIATE write
    # lock (SQLite) makes concurrent submissions take numbers one after another.
    sequence, _ = DossierSequence.objects.select_for_update().get_or_create(prefix=prefix, day=day)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{prefix}-{day:%y%m%d}-{sequence.last_number:04d}"


def dossier_code_next(*, day: date, site: Site | None = None) -> str:
    """The next dossier code of commune ``site`` for ``day`` (``PREFIX-YYMMDD-NNNN``); call inside a transaction.

    The prefix is the commune's code (``CommuneSettings.commune_code``, else "HS"), so two communes
    submitting the same day count separately: "23098-261207-0001" and "23089-261207-0001".
    ``site`` None means the default site (an installation with one commune).
    """
    return _next_code(prefix=_code_prefix(site), day=day)


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


def dossier_submit(
    *,
    form_page: SubmissionFormPage | None = None,
    procedure: ProcedurePage | None = None,
    applicant: dict,
    answers: dict,
    snapshot: list,
    attachments: Sequence[AttachmentInput],
    delivery_method: str,
    delivery_address: dict | None = None,
    extra_copies: int = 0,
    submission_key: str | None = None,
    channel: str = SubmissionChannel.ONLINE,
    conditions: Collection[str] = (),
    submitted_at: datetime | None = None,
    owner=None,
    fee_case: str = "",
    site: Site | None = None,
) -> Dossier:
    """Create a dossier sent online or by post, with its files and first history entry, in one transaction.

    The dossier comes from an editor-built ``form_page`` or from the standard flow of ``procedure``
    (no form page). It starts "Chờ tiếp nhận": an officer checks it and receives it, asks for it to
    be completed or refuses it (Decree 61/2018/NĐ-CP as amended by Decree 107/2021/NĐ-CP); the due
    date is set at reception, not here. ``applicant`` holds full_name, id_number (12 digits), phone
    (Vietnamese mobile), optional email and anything else the applicant step asked. Every document
    the procedure requires needs a file, and so does each conditional one whose case the citizen
    ticked (``conditions``: slots); papers shown at the counter, notes and the electronic
    declaration are never uploads. Sent by post (``channel``), the files are optional: the papers
    come in the envelope. A repeated call with the same ``submission_key`` returns the dossier
    already created. ``owner`` is the signed-in citizen's account the dossier is listed under ("Hồ sơ
    của tôi"); None when submitted without an account. ``fee_case`` is the fee case the citizen chose
    ("" for none); the amount due is computed here from the procedure's fee items, the channel and
    the extra copies (``forms.payments.fees``), never taken from the form, and the dossier awaits
    payment when it is above zero (Decree 42/2022/NĐ-CP, level 4). ``site`` is the commune the
    dossier is sent to (the wizard passes the request's, ``cms.communes.commune_for_request``): its
    officers handle it and its settings give the code prefix; None means the default site. Raises
    ``ValidationError`` (a dict of field → messages) when anything is wrong; nothing is stored then.
    """
    if submission_key:
        existing = Dossier.objects.filter(submission_key=submission_key).first()
        if existing:
            return existing

    if form_page is not None:
        form_page = SubmissionFormPage.objects.select_related("procedure").get(pk=form_page.pk)
        procedure = form_page.procedure
    elif procedure is not None:
        procedure = ProcedurePage.objects.get(pk=procedure.pk)
    else:
        raise ValueError("dossier_submit needs a form page or a procedure")
    if (form_page is not None and not form_page.live) or not procedure.live:
        raise ValidationError({"__all__": ["Biểu mẫu này hiện không nhận hồ sơ trực tuyến."]}, code="form_closed")
    if channel not in (SubmissionChannel.ONLINE, SubmissionChannel.POST):
        raise ValidationError({"channel": ["Cách nộp hồ sơ không hợp lệ."]}, code="channel")
    if channel == SubmissionChannel.POST and not procedure.postal_submission:
        raise ValidationError(
            {"channel": ["Thủ tục này không nhận hồ sơ qua bưu chính công ích."]}, code="channel_post"
        )

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

    fee_case = (fee_case or "").strip()
    due = None
    try:
        due = procedure_amount_due(
            procedure=procedure,
            submission_channel=channel,
            case=fee_case,
            extra_copies=max(0, int(extra_copies)),
            site=site or default_site(),
        )
    except ValueError:
        errors.setdefault("fee_case", []).append("Trường hợp thu phí không thuộc thủ tục này.")

    replaces_eform = bool(form_page is not None and form_page.declaration_steps)
    slots = {
        slot.key: slot
        for slot in document_slots(procedure=procedure, form_page=form_page, replaces_eform=replaces_eform)
    }
    given = {item.slot for item in attachments}
    for slot in given - slots.keys():
        errors.setdefault("attachments", []).append(f"Thành phần hồ sơ “{slot}” không thuộc thủ tục này.")
    if channel == SubmissionChannel.ONLINE:
        for key, slot in slots.items():
            if slot.needed(conditions) and key not in given:
                errors.setdefault(f"doc_{key}", []).append(MISSING_REQUIRED if slot.required else MISSING_TICKED)
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

    submitted_at = submitted_at or timezone.now()
    processing_days = procedure.processing_days or 0
    site = site or default_site()
    prefix = _code_prefix(site)
    stored: list[DossierAttachment] = []
    try:
        with transaction.atomic():
            dossier = Dossier.objects.create(
                code=_next_code(prefix=prefix, day=timezone.localdate(submitted_at)),
                access_token=secrets.token_urlsafe(32),
                submission_key=submission_key or None,
                site=site,
                procedure=procedure,
                form_page=form_page,
                procedure_code=procedure.code,
                procedure_title=procedure.title,
                owner=owner,
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
                fee_case=fee_case,
                amount_due=due.total,
                payment_status=PaymentStatus.AWAITING if due.total else PaymentStatus.NOT_REQUIRED,
                channel=channel,
                status=DossierStatus.AWAITING_RECEPTION,
                submitted_at=submitted_at,
                received_at=None,
                processing_days=processing_days,
                due_date=None,
            )
            event = DossierEvent.objects.create(
                dossier=dossier,
                from_status="",
                to_status=DossierStatus.AWAITING_RECEPTION,
                note=SUBMIT_NOTES[channel],
                actor_label=CITIZEN_LABEL,
                created_at=submitted_at,
            )
            log(instance=dossier, action="forms.dossier.submit", user=None, data={"event": event.pk})
            for item in attachments:
                item = AttachmentInput(slot=item.slot, label=slots[item.slot].name, name=item.name, file=item.file)
                stored.append(attachment_store(dossier=dossier, item=item, kind=AttachmentKind.SUBMITTED, event=event))
            transaction.on_commit(lambda: dossier_notify(dossier=dossier, event=event))
    except Exception:
        attachment_files_delete(stored)
        if submission_key:
            existing = Dossier.objects.filter(submission_key=submission_key).first()
            if existing:  # a double click won the race: hand back its dossier
                return existing
        raise
    return dossier


def draft_create(*, flow: SubmissionFlow, owner=None, site: Site | None = None) -> Draft:
    """Start a server-side draft for ``flow`` (a form page or a procedure's standard flow) with a fresh token.

    ``owner`` is the signed-in citizen, whose "Hồ sơ của tôi" lists the draft; None without an account.
    ``site`` is the commune whose portal the citizen is on (issue #17): the dossier submitted from
    the draft goes to it even when the draft is resumed on another commune's host.
    """
    return Draft.objects.create(
        form_page=flow.form_page, procedure=flow.procedure, token=secrets.token_urlsafe(32), owner=owner, site=site
    )


def draft_file_put(*, draft: Draft, slot: str, upload, name: str | None = None) -> DraftFile:
    """Check ``upload`` and keep it as the draft's file for ``slot``, replacing any earlier one.

    ``name`` is the file name to show when it is not the upload's own (a document saved in the account).
    The new file reaches the drafts folder, and the old one leaves it, only when the row commits;
    a full disk raises ``OSError`` and leaves the earlier file and row as they were. Never an orphan
    file: when the row is not saved, or its commit fails (a foreign key checked at COMMIT, the draft
    purged meanwhile), the bytes written are removed, as ``dossier_submit`` does for a dossier's files.
    """
    sniffed = validate_upload(upload)
    draft_file = DraftFile(
        draft=draft,
        slot=slot,
        original_name=safe_filename(name or upload.name, sniffed.extension),
        content_type=sniffed.content_type,
        size=upload.size,
    )
    written = False
    try:
        with transaction.atomic():
            previous = list(draft.files.filter(slot=slot))
            private_file_write(field_file=draft_file.file, filename=f"tep.{sniffed.extension}", content=upload)
            written = True
            for old in previous:
                old.delete()
            draft_file.save()
            private_files_delete_on_commit([old.file.name for old in previous])
    except Exception:
        if written:  # a failed write removed its own partial file
            attachment_files_delete([draft_file])
        raise
    return draft_file


def draft_delete(*, draft: Draft) -> None:
    """Remove a draft and its files (after submission or when it expires); the files once the deletion commits."""
    names = [f.file.name for f in draft.files.all()]
    draft.delete()
    private_files_delete_on_commit(names)


def draft_send_resume_link(*, draft: Draft, email: str, resume_url: str) -> bool:
    """E-mail the resume link once per draft, when the citizen gave an address."""
    if not email or draft.resume_link_sent:
        return False
    title = draft_flow(draft).title
    body = render_to_string("forms/email/draft_resume.txt", {"draft": draft, "title": title, "resume_url": resume_url})
    try:
        send_mail(f"Tiếp tục nộp hồ sơ: {title}", body, None, [email])
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
    # The expired drafts' own files go when their deletion commits (draft_delete), not as strays.
    leaving: set[str] = set()
    for draft in Draft.objects.filter(updated_at__lt=cutoff).prefetch_related("files"):
        leaving.update(draft_file.file.name for draft_file in draft.files.all())
        draft_delete(draft=draft)
        drafts += 1
    storage = DraftFile._meta.get_field("file").storage
    strays = 0
    try:
        _dirs, files = storage.listdir("drafts")
    except FileNotFoundError:
        files = []
    known = set(DraftFile.objects.values_list("file", flat=True)) | leaving
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
