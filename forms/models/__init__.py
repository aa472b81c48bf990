"""Models of the forms app: submission form pages, drafts, dossiers and their history."""

from forms.models.dossiers import (
    BEFORE_RECEPTION_STATUSES,
    CLOSED_STATUSES,
    AttachmentKind,
    DeliveryMethod,
    DocumentForm,
    Dossier,
    DossierAttachment,
    DossierEvent,
    DossierSequence,
    DossierStatus,
    EventKind,
    PaymentStatus,
    ReceivedDocument,
    SubmissionChannel,
)
from forms.models.drafts import Draft, DraftFile
from forms.models.limits import LimitCounter
from forms.models.notifications import DossierNotification, NotificationStatus
from forms.models.pages import DocumentAsked, FormDocumentChoice, SubmissionFormIndexPage, SubmissionFormPage
from forms.models.payments import (
    BankStatement,
    LineDecision,
    LineOutcome,
    Payment,
    PaymentSource,
    StatementLine,
)
from forms.models.ratings import DossierRating

__all__ = [
    "BankStatement",
    "LineDecision",
    "LineOutcome",
    "Payment",
    "PaymentSource",
    "PaymentStatus",
    "StatementLine",
    "DocumentAsked",
    "FormDocumentChoice",
    "AttachmentKind",
    "BEFORE_RECEPTION_STATUSES",
    "CLOSED_STATUSES",
    "DocumentForm",
    "EventKind",
    "ReceivedDocument",
    "SubmissionChannel",
    "DeliveryMethod",
    "Dossier",
    "DossierAttachment",
    "DossierEvent",
    "DossierRating",
    "DossierNotification",
    "NotificationStatus",
    "DossierSequence",
    "DossierStatus",
    "Draft",
    "DraftFile",
    "LimitCounter",
    "SubmissionFormIndexPage",
    "SubmissionFormPage",
]
