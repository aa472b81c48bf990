"""Official papers as PDF downloads: citizens by their dossier's token and phone, staff by permission."""

from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache

from forms.communes import dossier_for_staff_or_404
from forms.models import Dossier
from forms.papers.selectors import RECEIPT
from forms.papers.services import PaperUnavailable, paper_pdf
from forms.tracking.access import access_required_redirect, dossier_access_granted
from forms.tracking.selectors import dossier_by_token_or_404


def _pdf_response(dossier: Dossier, form: str) -> HttpResponse:
    try:
        paper, pdf = paper_pdf(dossier=dossier, form=form)
    except PaperUnavailable:
        raise Http404("Hồ sơ chưa có giấy tờ này.") from None
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{paper.filename(dossier)}"'
    return response


def _citizen_pdf(request, token: str, form: str):
    # Every paper prints the applicant's name, and most their address, phone or answers: the
    # tracking token alone does not open them (forms.tracking.access; Decree 13/2023/NĐ-CP).
    dossier = dossier_by_token_or_404(token)
    if not dossier_access_granted(request, dossier=dossier):
        return access_required_redirect(request, dossier)
    return _pdf_response(dossier, form)


@never_cache
def dossier_paper(request, token: str, form: str):
    """A paper of the dossier opened by its tracking token, after the phone check (or to its owner)."""
    return _citizen_pdf(request, token, form)


@never_cache
def dossier_receipt(request, token: str):
    """Mẫu 01 at its older address (links in e-mails and pages already sent); gated as every paper."""
    return _citizen_pdf(request, token, RECEIPT)


@never_cache
def dossier_paper_staff(request, pk: int, form: str):
    """A paper of a dossier, for staff allowed to see dossiers of its commune (the back office links
    here); a dossier of another commune is not found (issue #17)."""
    if not request.user.is_authenticated or not request.user.has_perm("forms.view_dossier"):
        raise Http404("Không tìm thấy hồ sơ.")
    return _pdf_response(dossier_for_staff_or_404(request.user, pk), form)
