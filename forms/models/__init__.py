"""Models of the forms app: submission form pages, drafts, dossiers and their history."""

from forms.models.dossiers import (
    AttachmentKind,
    DeliveryMethod,
    Dossier,
    DossierAttachment,
    DossierEvent,
    DossierSequence,
    DossierStatus,
)
from forms.models.drafts import Draft, DraftFile
from forms.models.pages import SubmissionFormIndexPage, SubmissionFormPage

__all__ = [
    "AttachmentKind",
    "DeliveryMethod",
    "Dossier",
    "DossierAttachment",
    "DossierEvent",
    "DossierSequence",
    "DossierStatus",
    "Draft",
    "DraftFile",
    "SubmissionFormIndexPage",
    "SubmissionFormPage",
]
