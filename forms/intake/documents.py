"""What the documents step asks for, read from the procedure's own "thành phần hồ sơ".

Each ``ProcedureDocument`` carries a kind set at import and corrected by editors
(``cms.models.DocumentKind``): required papers and conditional ones become upload slots (a
conditional slot is needed only when the citizen ticks its case); papers shown at the counter
are listed, never uploaded; notes are text; the electronic declaration ("Mẫu … điện tử tương
tác") is replaced by the online form itself and never asked as an upload. An editor-built form
may override this per paper (``FormDocumentChoice``): not asked, required, or optional.
"""

from collections.abc import Collection
from dataclasses import dataclass, field

from cms.models import DocumentKind, ProcedurePage
from forms.models import DocumentAsked

UPLOAD_KINDS = (DocumentKind.REQUIRED, DocumentKind.CONDITIONAL)
OPTIONAL = "optional"  # a slot an editor made optional: offered, never needed


@dataclass(frozen=True)
class DocumentSlot:
    """One upload the documents step offers: required, or needed only in a stated case."""

    key: str
    name: str
    quantity: str
    kind: str
    condition: str = ""
    template: object | None = field(default=None, compare=False)

    @property
    def conditional(self) -> bool:
        return self.kind == DocumentKind.CONDITIONAL

    @property
    def required(self) -> bool:
        return self.kind == DocumentKind.REQUIRED

    def needed(self, conditions: Collection[str]) -> bool:
        """Whether a file must be given: always when required, when its case was ticked if conditional."""
        return self.kind == DocumentKind.REQUIRED or (self.conditional and self.key in conditions)


@dataclass(frozen=True)
class DocumentListing:
    """What the documents step shows besides the slots: papers to show at the counter, and notes."""

    present: list[str]
    notes: list[str]


def _documents(procedure: ProcedurePage) -> list:
    return list(procedure.required_documents.all())


def document_slots(*, procedure: ProcedurePage, form_page=None, replaces_eform: bool = True) -> list[DocumentSlot]:
    """The upload slots of ``procedure`` in catalogue order, with ``form_page``'s overrides applied.

    ``replaces_eform``: the flow has declaration steps that stand for the electronic declaration.
    Without them (the standard flow) the citizen may attach a filled-in declaration instead (optional).
    """
    choices = {}
    if form_page is not None and form_page.pk:
        choices = dict(form_page.document_choices.values_list("document_id", "asked"))
    slots = []
    for doc in _documents(procedure):
        kind = doc.kind
        asked = choices.get(doc.pk)
        if asked == DocumentAsked.HIDDEN:
            continue
        if asked == DocumentAsked.REQUIRED:
            kind = DocumentKind.REQUIRED
        elif asked == DocumentAsked.OPTIONAL:
            kind = OPTIONAL
        elif kind == DocumentKind.EFORM and not replaces_eform:
            kind = OPTIONAL
        elif kind not in UPLOAD_KINDS:
            continue
        slots.append(
            DocumentSlot(
                key=str(doc.pk),
                name=doc.name,
                quantity=doc.quantity,
                kind=kind,
                condition=doc.condition if kind == DocumentKind.CONDITIONAL else "",
                template=doc.template,
            )
        )
    return slots


def document_listing(*, procedure: ProcedurePage) -> DocumentListing:
    """Papers the citizen shows at the counter (never uploaded) and the notes of the catalogue."""
    documents = _documents(procedure)
    return DocumentListing(
        present=[doc.name for doc in documents if doc.kind == DocumentKind.PRESENT],
        notes=[doc.name for doc in documents if doc.kind == DocumentKind.NOTE],
    )
