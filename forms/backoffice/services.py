"""Actions of the counter's back office that are not status changes (exports and their audit log)."""

import logging
import uuid
from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from wagtail.models import ModelLogEntry

from forms.models import (
    Dossier,
)

logger = logging.getLogger(__name__)


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
