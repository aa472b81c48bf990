"""Reads of the intake: which procedure and which submission form serve a request."""

from cms.models import ProcedurePage
from forms.models import SubmissionFormPage


def submission_form_for_procedure(*, procedure, site=None) -> SubmissionFormPage | None:
    """The live online form of ``procedure``, in one query (None when there is none).

    With ``site`` (issue #17), only a form under that commune's home: the shared catalogue's
    procedure page must not send a citizen of commune B to commune A's form, whose dossiers
    commune A receives. No ``.public()``: it costs a query of its own, and a privacy-restricted
    form page still enforces its restriction when served.
    """
    forms = SubmissionFormPage.objects.live().filter(procedure_id=procedure.pk)
    if site is not None:
        forms = forms.filter(path__startswith=site.root_page.path)
    return forms.order_by("path").only("id", "url_path", "title", "path", "depth").first()


def procedure_by_code(*, code: str) -> ProcedurePage | None:
    """The live procedure with catalogue code ``code`` ("1.001193"), or None."""
    if not code or len(code) > 32:
        return None
    return ProcedurePage.objects.live().filter(code=code).first()
