"""Rendering a dossier's papers as PDFs: one registry of builders, one entry point."""

from collections.abc import Callable

from forms.communes import dossier_site
from forms.lifecycle.services import dossier_tracking_url
from forms.models import Dossier
from forms.papers import builders, selectors
from forms.papers.layout import issuer_for_site
from forms.payments.fee_receipt import fee_receipt

Builder = Callable[..., bytes]

BUILDERS: dict[str, Builder] = {
    selectors.RECEIPT: builders.receipt,
    selectors.COMPLETION_REQUEST: builders.completion_request,
    selectors.NOT_RECEIVED: builders.not_received,
    selectors.APOLOGY: builders.apology,
    selectors.CONTROL_SLIP: builders.control_slip,
    selectors.POSTAL_COVER: builders.postal_cover,
    selectors.DECLARATION: builders.declaration,
    selectors.FEE_RECEIPT: fee_receipt,
}


class PaperUnavailable(LookupError):
    """The dossier has no such paper now (not received yet, no apology, not sent by post …)."""


def paper_pdf(*, dossier: Dossier, form: str) -> tuple[selectors.PaperRef, bytes]:
    """Render the paper named ``form`` ("mau-01", "mau-04-2", "phieu-gui" …) of ``dossier``.

    Only a paper the dossier has now (``selectors.dossier_papers``) is rendered; anything else
    raises ``PaperUnavailable``. The issuer is the commune the dossier belongs to (issue #17), whatever
    host the paper is asked on. Returns the paper's reference (for its file name) and the PDF.
    """
    paper = selectors.dossier_paper(dossier, form)
    if paper is None:
        raise PaperUnavailable(form)
    event = dossier.events.filter(pk=paper.event_id).first() if paper.event_id else None
    pdf = BUILDERS[paper.kind](
        dossier, issuer=issuer_for_site(dossier_site(dossier)), event=event, tracking_url=dossier_tracking_url(dossier)
    )
    return paper, pdf
