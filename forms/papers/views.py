"""Official papers as PDF downloads (Circular 01/2018/TT-VPCP forms)."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from forms.lifecycle.services import dossier_tracking_url
from forms.papers.receipt import receipt_pdf
from forms.tracking.selectors import dossier_by_token_or_404


@never_cache
def dossier_receipt(request, token: str):
    """The receipt "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" as a PDF with a QR code."""
    dossier = dossier_by_token_or_404(token)
    pdf = receipt_pdf(dossier=dossier, tracking_url=dossier_tracking_url(dossier))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="giay-tiep-nhan-{dossier.code}.pdf"'
    return response
