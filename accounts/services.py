"""Actions on citizens' accounts: the profile created with the account, the phone number on it; adding
a dossier submitted without an account; keeping and removing documents.
"""

import hashlib
import logging

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction

from accounts.models import CitizenProfile, SavedDocument
from forms.files.storage import STORAGE_ERRORS
from forms.files.uploads import safe_filename, validate_upload
from forms.models import AttachmentKind, Dossier
from forms.tracking.selectors import dossier_lookup


def citizen_profile_ensure(*, user: AbstractBaseUser) -> CitizenProfile:
    """The citizen's profile, created empty the first time (on signup, or the first SSO login)."""
    profile, _ = CitizenProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def citizen_phone_set(*, user: AbstractBaseUser, phone: str, verified: bool) -> CitizenProfile:
    """Put ``phone`` (national form, 0xxxxxxxxx) on the citizen's profile.

    A number is on one account only (the profile's unique constraint); a changed number is
    unproved until its code is entered.
    """
    profile = citizen_profile_ensure(user=user)
    profile.phone = phone or None
    profile.phone_verified = bool(phone) and verified
    profile.save(update_fields=["phone", "phone_verified"])
    return profile


def citizen_phone_verify(*, user: AbstractBaseUser, phone: str) -> bool:
    """Mark the profile's number proved, if it is still ``phone``; return whether it was."""
    updated = CitizenProfile.objects.filter(user=user, phone=phone).update(phone_verified=True)
    return updated == 1


logger = logging.getLogger(__name__)

CLAIM_NOT_FOUND = "Không tìm thấy hồ sơ với mã hồ sơ và số điện thoại này. Hãy kiểm tra lại."
CLAIM_TAKEN = "Hồ sơ này đã gắn với một tài khoản khác. Nếu không phải ông/bà đã thêm, hãy liên hệ Bộ phận Một cửa."


def dossier_claim(*, user, code: str, phone: str) -> Dossier:
    """Attach a dossier submitted without an account to ``user``'s account.

    The citizen proves it is theirs with the dossier code and the phone number given when
    submitting (the same pair the tracking lookup asks). Claiming one's own dossier again returns
    it unchanged. Raises ``ValidationError`` when the pair matches no dossier (one message for any
    mismatch) or the dossier already belongs to another account.
    """
    dossier = dossier_lookup(code=code, phone=phone)
    if dossier is None:
        raise ValidationError(CLAIM_NOT_FOUND, code="not_found")
    if dossier.owner_id == user.pk:
        return dossier
    # Conditional update: of two accounts claiming at once, only one wins.
    if not Dossier.objects.filter(pk=dossier.pk, owner__isnull=True).update(owner=user):
        raise ValidationError(CLAIM_TAKEN, code="taken")
    dossier.owner = user
    return dossier


def _checksum(file) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(64 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def saved_document_create(*, owner, label: str, file, name: str, kind: str = "") -> SavedDocument:
    """Keep ``file`` in ``owner``'s account as a document named ``label``; an identical file is kept once.

    The file is checked like any upload (type from its content, size). Returns the new document,
    or the one already holding the same bytes. Raises ``ValidationError`` for a refused file or an
    empty label.
    """
    label = (label or "").strip()
    if not label:
        raise ValidationError({"label": ["Hãy đặt tên cho giấy tờ."]}, code="label")
    sniffed = validate_upload(file)
    checksum = _checksum(file)
    existing = SavedDocument.objects.filter(owner=owner, checksum=checksum).first()
    if existing:
        return existing
    limit = SavedDocument._meta.get_field("label").max_length
    kind_limit = SavedDocument._meta.get_field("kind").max_length
    document = SavedDocument(
        owner=owner,
        label=label[:limit],
        kind=(kind or "")[:kind_limit],
        original_name=safe_filename(name, sniffed.extension),
        content_type=sniffed.content_type,
        size=file.size,
        checksum=checksum,
    )
    file.seek(0)
    document.file.save(f"tep.{sniffed.extension}", file, save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # the same file saved at the same moment by another request
        document.file.storage.delete(document.file.name)
        return SavedDocument.objects.get(owner=owner, checksum=checksum)
    return document


def saved_document_delete(*, owner, document: SavedDocument) -> None:
    """Remove one of ``owner``'s saved documents and its file; dossiers keep their own copies."""
    if document.owner_id != owner.pk:
        raise ValidationError("Không tìm thấy giấy tờ.", code="not_owner")
    name = document.file.name
    document.delete()
    try:
        document.file.storage.delete(name)
    except STORAGE_ERRORS:
        logger.warning("Không xóa được tệp giấy tờ đã lưu %s", name)


LABEL_LENGTH = 80


def paper_short_label(text: str) -> str:
    """A paper's name fit for a list: the catalogue's requirement text up to its first explanation.

    "Tờ khai đăng ký khai sinh (theo mẫu …). Trường hợp …" becomes "Tờ khai đăng ký khai sinh";
    a long name without such a break is cut at a word, with "…".
    """
    text = " ".join(text.split())
    for mark in (" (", ". ", "; ", ": ", " - ", " – "):
        head = text.split(mark, 1)[0].strip()
        if 10 <= len(head) < len(text):
            text = head
    if len(text) <= LABEL_LENGTH:
        return text
    return text[:LABEL_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def saved_documents_keep_from_dossier(*, owner, dossier: Dossier) -> list[SavedDocument]:
    """Keep the files ``owner`` submitted with ``dossier`` in the account, each labelled with its paper's name.

    Files already kept (same bytes) are not copied twice. Returns the documents kept.
    """
    if dossier.owner_id != owner.pk:
        raise ValidationError("Hồ sơ không thuộc tài khoản này.", code="not_owner")
    kept = []
    for attachment in dossier.attachments.filter(kind=AttachmentKind.SUBMITTED):
        with attachment.file.storage.open(attachment.file.name, "rb") as handle:
            # A File of its own: an object storage's file has a read-only size (issue #17).
            copy = File(handle, name=attachment.original_name)
            copy.size = attachment.size
            kept.append(
                saved_document_create(
                    owner=owner,
                    label=paper_short_label(attachment.label),
                    kind=attachment.label,
                    file=copy,
                    name=attachment.original_name,
                )
            )
    return kept
