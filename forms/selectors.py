"""Read-only queries of the forms app."""

import hmac

from django.db.models import QuerySet

from forms.fields import normalize_phone
from forms.models import Dossier, DossierEvent, DossierStatus, SubmissionFormPage


def submission_form_for_procedure(*, procedure) -> SubmissionFormPage | None:
    """The live online form of ``procedure``, in one query (None when there is none).

    No ``.public()``: it costs a query of its own, and a privacy-restricted form page still
    enforces its restriction when served.
    """
    return (
        SubmissionFormPage.objects.live()
        .filter(procedure_id=procedure.pk)
        .order_by("path")
        .only("id", "url_path", "title", "path", "depth")
        .first()
    )


def dossier_by_token(*, token: str) -> Dossier | None:
    """The dossier opened by a tracking link (token), or None."""
    if not token or len(token) > 64:
        return None
    return Dossier.objects.select_related("procedure").filter(access_token=token).first()


def dossier_lookup(*, code: str, phone: str) -> Dossier | None:
    """The dossier whose code and applicant phone both match; None for any mismatch, alike."""
    code = (code or "").strip().upper()
    phone = normalize_phone(phone or "")
    if not code or not phone:
        return None
    dossier = Dossier.objects.filter(code=code).first()
    # Compare the phone in constant time so a near miss takes as long as a far one.
    if dossier and hmac.compare_digest(dossier.applicant_phone.encode(), phone.encode()):
        return dossier
    return None


def dossier_timeline(*, dossier: Dossier) -> QuerySet[DossierEvent]:
    """History entries oldest first, with the files each one brought."""
    return dossier.events.prefetch_related("attachments").order_by("created_at", "pk")


def dossier_allowed_transitions(*, dossier: Dossier) -> list[DossierStatus]:
    """The statuses an officer may move ``dossier`` to now (for back-office buttons)."""
    from forms.services import TRANSITIONS

    return [DossierStatus(status) for status in DossierStatus.values if status in TRANSITIONS[dossier.status]]
