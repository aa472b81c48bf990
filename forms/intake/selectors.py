"""Reads of the intake: which procedure and which submission form serve a request."""

from cms.models import ProcedurePage
from forms.models import SubmissionFormPage


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


def procedure_by_code(*, code: str) -> ProcedurePage | None:
    """The live procedure with catalogue code ``code`` ("1.001193"), or None."""
    if not code or len(code) > 32:
        return None
    return ProcedurePage.objects.live().filter(code=code).first()
