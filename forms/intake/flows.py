"""Which submission flow serves a procedure: an editor-built form, or the standard flow.

Every live procedure that can be submitted online (trực tuyến) or through the public postal
service (bưu chính công ích) takes a dossier on the portal without a developer: when no editor has
built a form (``SubmissionFormPage``) for it, the standard flow is made from the procedure's own
data — applicant → documents → delivery → check your answers → commitment. An editor-built form
adds declaration steps (an eForm) between the applicant and the documents.
"""

from dataclasses import dataclass

from django.urls import reverse

from cms.models import ProcedurePage
from forms.models import SubmissionFormPage
from forms.models.pages import DEFAULT_COMMITMENT, DEFAULT_NEXT_STEPS, DEFAULT_POSTAL_FEE_NOTE

# Declaration keys that already ask what a standard step would ask again.
COPIES_KEYS = ("copies", "so_ban_sao")


def procedure_accepts_dossiers(procedure: ProcedurePage) -> bool:
    """Whether the portal takes a dossier for ``procedure`` (online or by post), per its catalogue data."""
    return bool(procedure.live and (procedure.accepts_online or procedure.postal_submission))


@dataclass(frozen=True)
class SubmissionFlow:
    """What the wizard needs of a form: the procedure, its texts and its declaration steps."""

    procedure: ProcedurePage
    form_page: SubmissionFormPage | None = None

    @property
    def key(self) -> str:
        """Names this flow's drafts in the session and its wizard's field prefix."""
        if self.form_page is not None:
            return f"page-{self.form_page.pk}"
        return f"procedure-{self.procedure.pk}"

    @property
    def title(self) -> str:
        return self.form_page.title if self.form_page else f"Nộp hồ sơ: {self.procedure.title}"

    @property
    def intro(self) -> str:
        return self.form_page.intro if self.form_page else self.procedure.summary

    @property
    def declaration_steps(self) -> list[tuple[str, dict]]:
        return self.form_page.declaration_steps if self.form_page else []

    @property
    def postal_fee_note(self) -> str:
        return self.form_page.postal_fee_note if self.form_page else DEFAULT_POSTAL_FEE_NOTE

    @property
    def commitment_text(self) -> str:
        return self.form_page.commitment_text if self.form_page else DEFAULT_COMMITMENT

    @property
    def next_steps(self) -> str:
        return self.form_page.next_steps if self.form_page else DEFAULT_NEXT_STEPS

    @property
    def ask_on_behalf(self) -> bool:
        """Ask whether the applicant acts for someone else: not where the declaration names the people."""
        return self.form_page.ask_on_behalf if self.form_page else True

    @property
    def live(self) -> bool:
        return (self.form_page is None or self.form_page.live) and self.procedure.live

    @property
    def url(self) -> str:
        if self.form_page is not None:
            return self.form_page.url
        return reverse("forms:standard_submission", kwargs={"code": self.procedure.code})

    def url_for(self, request) -> str:
        """``url`` within the request's commune: a shared form lives at every commune's address (#17)."""
        if self.form_page is not None:
            return self.form_page.get_url(request)
        return self.url

    def declared_keys(self) -> set[str]:
        """Field keys of the editor's declaration steps."""
        keys = set()
        for _name, step_value in self.declaration_steps:
            for child in step_value["fields"]:
                if getattr(child.block, "is_input", False):
                    keys.add(child.block.field_key(child.value))
        return keys

    def asks_copies(self) -> bool:
        """Whether the declaration already asks the number of copies (then the delivery step does not)."""
        return bool(self.declared_keys() & set(COPIES_KEYS))

    def draft_filter(self) -> dict:
        if self.form_page is not None:
            return {"form_page_id": self.form_page.pk}
        return {"procedure_id": self.procedure.pk, "form_page__isnull": True}


def flow_for_page(page: SubmissionFormPage) -> SubmissionFlow:
    return SubmissionFlow(procedure=page.procedure, form_page=page)


def flow_for_procedure(procedure: ProcedurePage) -> SubmissionFlow:
    """The standard flow of ``procedure`` (used when no editor-built form is live for it)."""
    return SubmissionFlow(procedure=procedure, form_page=None)
