"""Dossier files: what an upload handed to a service looks like, storing it, removing it after a rollback."""

import logging
from dataclasses import dataclass

from django.core.files import File

from forms.files.uploads import safe_filename, validate_upload
from forms.models import (
    Dossier,
    DossierAttachment,
)

logger = logging.getLogger(__name__)


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


def attachment_store(*, dossier: Dossier, item: AttachmentInput, kind: str, event=None) -> DossierAttachment:
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


def attachment_files_delete(attachments: list[DossierAttachment]) -> None:
    for attachment in attachments:
        try:
            attachment.file.storage.delete(attachment.file.name)
        except OSError:
            logger.warning("Không xóa được tệp %s sau khi hủy giao dịch", attachment.file.name)
